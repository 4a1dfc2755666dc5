"""Who is told about a group's listings (reminders, problem reports), and in which language.

A group's public address is read by whoever answers it, in whatever language the person who
claimed the group happened to use; the people who keep its listings are the group's own
provider accounts, each with a language of their own. So emails go to every active keeper,
each in their language, and only when a group has none to its public address (then to the
listing's contact address, as before accounts existed).
"""

from dataclasses import dataclass

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_locale, group_email_locale
from directory_app.models import StaffUser, provider_organisation


@dataclass(frozen=True)
class Recipient:
    """One person (or one shared address) to write to, and how."""

    address: str
    locale: str
    # Who the email greets: the keeper's name, or the group's for its shared address.
    name: str
    # A keeper can also act from their group's page, so their emails point to it.
    has_account: bool


def keepers(organisation) -> list[StaffUser]:
    """The active provider accounts linked to the group: the people who keep its listings."""
    return list(
        db.session.scalars(
            select(StaffUser)
            .join(provider_organisation, provider_organisation.c.staff_user_id == StaffUser.id)
            .where(
                provider_organisation.c.organisation_id == organisation.id,
                StaffUser.active.is_(True),
                StaffUser.role == "provider",
            )
            .order_by(StaffUser.id)
        )
    )


def group_recipients(organisation) -> list[Recipient]:
    """Every keeper in their own language; else the group's public address; else nobody."""
    people = keepers(organisation)
    if people:
        return [
            Recipient(person.email, email_locale(person.language), person.name, True)
            for person in people
        ]
    if organisation.email:
        return [
            Recipient(
                organisation.email, group_email_locale(organisation), organisation.name, False
            )
        ]
    return []


def listing_recipients(activity, for_group: list[Recipient] | None = None) -> list[Recipient]:
    """Who hears about one listing: its group's recipients (``for_group`` when the caller
    has them already), or failing those the listing's own contact address."""
    found = group_recipients(activity.organisation) if for_group is None else for_group
    if found or not activity.contact_email:
        return found
    organisation = activity.organisation
    return [
        Recipient(
            activity.contact_email, group_email_locale(organisation), organisation.name, False
        )
    ]
