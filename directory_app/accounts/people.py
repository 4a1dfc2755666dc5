"""Staff accounts that follow joiners and leavers: invitations, roles, deactivation.

Adds and flushes; the request commits. Every check comes before any change, so a refused
step leaves nothing to undo. A change that narrows what someone may do (a new role, a
deactivation) ends their sessions at once: the next request from any of their browsers is
sent to sign in, rather than carrying on with yesterday's rights.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from directory_app.accounts.emailed_links import create_link
from directory_app.accounts.service import (
    create_user,
    normalise_email,
    sign_out_everywhere,
    void_links,
)
from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow
from directory_app.i18n.email_languages import email_locale
from directory_app.inbox import triage
from directory_app.models import Referral, StaffUser
from directory_app.models.referrals import OPEN_STATUSES
from directory_app.models.staff import ROLES
from directory_app.web.templating import setting_in_page_language

# Long enough for someone invited on a Friday to start on Monday week.
INVITATION_LIFETIME = timedelta(days=7)


class PeopleError(ValueError):
    """A change to a staff account that is refused; each reason has its own class."""


class AlreadyHasAccount(PeopleError):
    """There is already an account with this email address."""


class UnknownRole(PeopleError):
    """The role is not one of ``ROLES``."""


class CannotChangeYourself(PeopleError):
    """An admin may not deactivate or demote their own account: someone else must."""


class LastAdmin(PeopleError):
    """The change would leave no active admin, and nobody able to undo it."""


@dataclass
class Deactivation:
    """What deactivating someone did, for the admin to be told."""

    user: StaffUser
    unassigned_cases: int


def find_people(role: str = "", status: str = "", limit: int | None = 500) -> list[StaffUser]:
    """Staff accounts by name, optionally of one role and only active or deactivated ones
    (leavers too: the audit log's person filter needs them)."""
    # The list shows each group account's groups: one statement for all of them, not one
    # each (the relationship itself loads lazily, for the pages of a single account).
    query = (
        select(StaffUser)
        .options(selectinload(StaffUser.organisations))
        .order_by(StaffUser.name, StaffUser.id)
        .limit(limit)
    )
    if role in ROLES:
        query = query.where(StaffUser.role == role)
    if status in ("active", "deactivated"):
        query = query.where(StaffUser.active.is_(status == "active"))
    return list(db.session.scalars(query))


def invite(
    email: str, name: str, role: str, invited_by: StaffUser, language: str | None = None
) -> StaffUser:
    """Create an account nobody can sign in to yet, and email its owner a link to set a
    password. The link is built from ``PUBLIC_URL``, never the request's address."""
    if role not in ROLES:
        raise UnknownRole()
    email = normalise_email(email)
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise AlreadyHasAccount()
    # A random password nobody is told: the account works once its owner sets their own.
    user = create_user(email, name, role, secrets.token_urlsafe(32))
    user.language = language or None
    link = create_link(user, "set_password", INVITATION_LIFETIME)
    with force_locale(email_locale(user.language)):
        service = setting_in_page_language("SERVICE_NAME")
        mail.queue(
            user.email,
            _("Your staff account for {service}").format(service=service),
            _(
                "Hello {name},\n\n"
                "{inviter} has made you a staff account for {service}.\n\n"
                "Set your password to start (the link works once, for 7 days):\n{link}\n\n"
                "If you were not expecting this, you can ignore this email.\n"
            ).format(name=user.name, inviter=invited_by.name, service=service, link=link),
        )
    audit.record("staff.invited", user, actor=invited_by, role=role)
    return user


def change_role(user: StaffUser, role: str, by: StaffUser) -> bool:
    """Give the account another role, and end its sessions so the new role applies from
    their next page. False, and nothing changed, when it has that role already."""
    if role not in ROLES:
        raise UnknownRole()
    if role == user.role:
        return False
    if user.role == "admin":
        _refuse_losing_an_admin(user, by)
    audit.record("staff.role_changed", user, actor=by, from_role=user.role, to_role=role)
    user.role = role
    sign_out_everywhere(user)
    return True


def open_cases_assigned_to(user: StaffUser) -> int:
    """How many open cases are assigned to this person (shown before deactivating them)."""
    return db.session.scalar(
        select(func.count()).select_from(Referral).where(*_open_and_theirs(user))
    )


def deactivate(user: StaffUser, by: StaffUser) -> Deactivation:
    """A leaver: the account stops working at once (sessions ended, emailed links voided),
    and their open cases go back to the inbox as unassigned, each audited, so none waits
    on someone who has gone."""
    if not user.active:
        return Deactivation(user, 0)
    _refuse_losing_an_admin(user, by)
    user.active = False
    user.deactivated_at = utcnow()
    sign_out_everywhere(user)
    void_links(user)
    cases = db.session.scalars(select(Referral).where(*_open_and_theirs(user))).all()
    for referral in cases:
        triage.assign(referral, None, by)
    audit.record("staff.deactivated", user, actor=by, unassigned_cases=len(cases))
    return Deactivation(user, len(cases))


def reactivate(user: StaffUser, by: StaffUser) -> None:
    """Someone who came back: they sign in again (by password, or an emailed link)."""
    if user.active:
        return
    user.active = True
    user.deactivated_at = None
    sign_out_everywhere(user)  # a fresh session token, not the one they left with
    audit.record("staff.reactivated", user, actor=by)


def _open_and_theirs(user: StaffUser) -> tuple:
    return (
        Referral.assigned_to_id == user.id,
        Referral.status.in_(OPEN_STATUSES),
        Referral.merged_into_id.is_(None),
    )


def _refuse_losing_an_admin(user: StaffUser, by: StaffUser) -> None:
    """Refuse demoting or deactivating an admin when it is oneself or the last one."""
    if user.id == by.id:
        raise CannotChangeYourself()
    if user.role != "admin" or not user.active:
        return
    # Locking the admins' rows (PostgreSQL; SQLite already lets one writer in at a time)
    # means two admins demoting each other at once cannot both succeed.
    admins = db.session.scalars(
        select(StaffUser.id)
        .where(StaffUser.role == "admin", StaffUser.active.is_(True))
        .with_for_update()
    ).all()
    if [admin_id for admin_id in admins if admin_id != user.id] == []:
        raise LastAdmin()
