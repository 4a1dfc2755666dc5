"""Reminding groups to confirm their listings, and the signed one-click links in the emails.

``send_reminders`` is idempotent: a reminder row per listing, stage and confirmation date
means running it again (from cron, daily) sends nothing new. Each listing keeps its own row
and so its own signed links, but the email is one digest per group and reader: a group with
three listings due hears once, not three times, and each of its keepers (``keepers``) in
their own language. Confirming a listing (from a link or the group's own page, by one rule:
``confirm_activity``) starts a new cycle, so the next reminder comes six months after that.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.domain.dates import add_months, local_now, months_old, utcnow
from directory_app.domain.freshness import (
    FIRST_REMINDER_MONTHS,
    HIDDEN_MONTHS,
    MAY_BE_OUT_OF_DATE_MONTHS,
    SECOND_REMINDER_MONTHS,
    confirmed_on,
)
from directory_app.listings.keepers import Recipient, group_recipients, listing_recipients
from directory_app.models import Activity, ListingReminder
from directory_app.models.public_ids import IMPORTED_KEY_PREFIX
from directory_app.web import signed_links
from directory_app.web.links import absolute_url

PURPOSE = "still_correct"


@dataclass
class ReminderReport:
    """What a run did. Listings and emails are counted apart: one digest covers many."""

    first_reminders: int = 0
    second_reminders: int = 0
    no_email_address: int = 0
    may_be_out_of_date: int = 0
    hidden: int = 0
    digests_sent: int = 0


@dataclass(frozen=True)
class CheckState:
    """How a listing stands for its group's page: when last checked, and whether it is due."""

    confirmed_on: date
    due: bool
    next_due_on: date
    may_be_out_of_date: bool


def link_token(reminder: ListingReminder) -> str:
    return signed_links.sign(PURPOSE, reminder.token_id)


def reminder_for_link(token: str) -> ListingReminder:
    """The reminder a signed link belongs to; raise ``LinkNotUsable`` if it is not usable."""
    max_age = current_app.config["CONFIRM_LINK_DAYS"] * 86400
    return signed_links.find_usable(ListingReminder, token, PURPOSE, max_age_seconds=max_age)


def is_reminded(activity) -> bool:
    """Whether the listing is one we ask its group to check (``send_reminders`` selects the
    same in SQL): published, and not kept right by a directory we import it from."""
    return activity.status == "published" and not (activity.key or "").startswith(
        IMPORTED_KEY_PREFIX
    )


def check_state(activity, today: date | None = None) -> CheckState | None:
    """When the listing was last checked and whether a reminder is due (six months on);
    None for a listing we never ask its group to check."""
    if not is_reminded(activity):
        return None
    since = confirmed_on(activity)
    age = months_old(since, today or local_now().date())
    return CheckState(
        confirmed_on=since,
        due=age >= FIRST_REMINDER_MONTHS,
        next_due_on=add_months(since, FIRST_REMINDER_MONTHS),
        may_be_out_of_date=age >= MAY_BE_OUT_OF_DATE_MONTHS,
    )


def confirm_activity(activity, today: date, via: str, actor=None) -> None:
    """The one rule for "it is still correct", from an email link or the group's page.

    A new cycle starts today; the reminder links still out for the old one are marked used,
    so a link opened afterwards says the listing is up to date rather than confirming again.
    Flushes nothing itself; the request commits.
    """
    activity.last_confirmed_on = today
    db.session.execute(
        update(ListingReminder)
        .where(ListingReminder.activity_id == activity.id, ListingReminder.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    audit.record("listing.confirmed", activity, actor=actor, via=via)


def confirm_listing(reminder: ListingReminder, today: date) -> None:
    """Confirm from an email's link: the link works once (the request commits)."""
    signed_links.use(reminder)
    confirm_activity(reminder.activity, today, via="reminder link")


def _listing_lines(reminder: ListingReminder, language: str) -> str:
    activity = reminder.activity
    token = link_token(reminder)
    return _(
        '"{title}", last checked on {checked}\n'
        "It is still correct: {confirm_link}\n"
        "Something has changed: {update_link}\n"
    ).format(
        title=activity.title,
        checked=format_date(confirmed_on(activity), "long"),
        confirm_link=absolute_url("listings.confirm", language=language, token=token),
        update_link=absolute_url("listings.update", language=language, token=token),
    )


def _queue_digest(recipient: Recipient, organisation, reminders: list[ListingReminder]) -> bool:
    """One email listing every due listing of the group, each with its own links."""
    count = len(reminders)
    language = recipient.locale
    with force_locale(language):
        subject = ngettext(
            "%(num)d listing needs checking: {organisation}",
            "%(num)d listings need checking: {organisation}",
            count,
        ).format(organisation=organisation.name)
        parts = [
            _("Hello {name},").format(name=recipient.name),
            ngettext(
                "This listing of {organisation} has not been checked for a while. People use "
                "it to decide whether to come along, so please tell us if it is still right.",
                "These %(num)d listings of {organisation} have not been checked for a while. "
                "People use them to decide whether to come along, so please tell us if they "
                "are still right.",
                count,
            ).format(organisation=organisation.name),
            *(_listing_lines(reminder, language) for reminder in reminders),
            _(
                "The links work for {days} days. Listings not confirmed for a year are marked "
                '"may be out of date", and after 15 months they are hidden from search.'
            ).format(days=current_app.config["CONFIRM_LINK_DAYS"]),
        ]
        if recipient.has_account:
            parts.append(
                ngettext(
                    "You can also confirm it from your group's page: {link}",
                    "You can also confirm them from your group's page: {link}",
                    count,
                ).format(link=absolute_url("my_groups.my_groups", language=language))
            )
    return mail.queue(recipient.address, subject, "\n\n".join(parts) + "\n") is not None


def _reminded_activities() -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.status == "published",
                # Kept right by the directory they came from (re-importing its feed), whose
                # providers never asked us for email. Same rule as ``is_reminded``.
                ~Activity.key.startswith(IMPORTED_KEY_PREFIX),
            )
            .order_by(Activity.title, Activity.id)
        )
    )


def send_reminders(today: date) -> ReminderReport:
    """Queue due reminders as one digest per group and reader (flushes; the caller commits),
    and count stale listings."""
    report = ReminderReport()
    sent = {
        (r.activity_id, r.stage_months, r.cycle_confirmed_on)
        for r in db.session.scalars(select(ListingReminder))
    }
    recipients_by_group: dict[int, list[Recipient]] = {}
    digests: dict[tuple[int, str], tuple[Recipient, list[ListingReminder]]] = {}
    organisations = {}
    for activity in _reminded_activities():
        since = confirmed_on(activity)
        age = months_old(since, today)
        if age >= HIDDEN_MONTHS:
            report.hidden += 1
        elif age >= MAY_BE_OUT_OF_DATE_MONTHS:
            report.may_be_out_of_date += 1
        stage = SECOND_REMINDER_MONTHS if age >= SECOND_REMINDER_MONTHS else FIRST_REMINDER_MONTHS
        if age < FIRST_REMINDER_MONTHS or (activity.id, stage, since) in sent:
            continue
        organisation = activity.organisation
        if organisation.id not in recipients_by_group:
            recipients_by_group[organisation.id] = group_recipients(organisation)
        recipients = listing_recipients(activity, recipients_by_group[organisation.id])
        if not recipients:
            report.no_email_address += 1
            continue
        reminder = ListingReminder(
            activity=activity,
            stage_months=stage,
            cycle_confirmed_on=since,
            token_id=signed_links.new_token_id(),
        )
        db.session.add(reminder)
        organisations[organisation.id] = organisation
        for recipient in recipients:
            key = (organisation.id, recipient.address.lower())
            digests.setdefault(key, (recipient, []))[1].append(reminder)
        if stage == FIRST_REMINDER_MONTHS:
            report.first_reminders += 1
        else:
            report.second_reminders += 1
    for (organisation_id, _address), (recipient, reminders) in digests.items():
        if _queue_digest(recipient, organisations[organisation_id], reminders):
            report.digests_sent += 1
    db.session.flush()
    return report
