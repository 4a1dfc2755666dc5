"""Onward referrals from a case to a group's listing: sending one, and what each side sees.

Both sides use this module: the case page (``inbox.onward_views``) and the group's account
(``groups.referral_views``); what happens after sending is in ``onward_progress``. Every
check comes before any change, so a refused step leaves nothing to undo; the request
commits.
"""

from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.inbox import onward_notifications, triage
from directory_app.listings.keepers import keepers
from directory_app.models import (
    Activity,
    OnwardReferral,
    Organisation,
    Referral,
    StaffUser,
)

# What the person may agree to share with the group, in the order the form asks.
SHAREABLE = (
    ("name", _l("Their preferred or first name")),
    ("phone", _l("Their phone number")),
    ("email", _l("Their email address")),
    ("language", _l("Their language, and whether they need an interpreter")),
    ("access_needs", _l("Their access or communication needs")),
    ("help_wanted", _l("What matters to them")),
    ("reasons", _l("Why they were referred")),
)
SHAREABLE_CODES = tuple(code for code, _label in SHAREABLE)
DECLINE_REASON_LABELS = onward_notifications.DECLINE_REASON_LABELS
STATUS_LABELS = {
    "sent": _l("Waiting for the group"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "contacted": _l("The group made contact"),
    "attending": _l("Attending"),
    "stopped": _l("Stopped going"),
    "withdrawn": _l("Withdrawn"),
}
# Still going somewhere: a second referral to the same listing would be a duplicate.
LIVE_STATUSES = ("sent", "accepted", "contacted", "attending")
SEARCH_RESULTS = 20


class OnwardError(ValueError):
    """A step that cannot be taken; each kind has its own class, and its own message."""


class CaseClosed(OnwardError):
    """The case is closed, declined or anonymised: reopen it first."""


class NotListed(OnwardError):
    """The activity is not published (or is hidden), so nobody can be sent to it."""


class AlreadyReferred(OnwardError):
    """The person is already referred to this listing and it is still going."""


def shared_values(referral: Referral, codes) -> dict:
    """A copy of only the ticked details, as they are now (later corrections do not leak)."""
    values = {
        "name": referral.preferred_name or (referral.full_name.split() or [""])[0],
        "phone": referral.phone,
        "email": referral.email,
        "language": referral.language,
        "interpreter": referral.interpreter,
        "access_needs": referral.access_needs,
        "help_wanted": referral.help_wanted,
        "reasons": list(referral.reasons or []),
    }
    shared = {}
    for code in SHAREABLE_CODES:
        if code not in codes:
            continue
        if values[code]:
            shared[code] = values[code]
        if code == "language" and values["interpreter"]:
            shared["interpreter"] = values["interpreter"]
    return shared


def find_listings(text: str, today: date) -> list[Activity]:
    """Published listings whose title or group's name holds ``text``, by title."""
    query = select(Activity).join(Organisation).where(Activity.listed_on(today))
    if text.strip():
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Activity.title).like(pattern),
                func.lower(Organisation.name).like(pattern),
            )
        )
    return list(db.session.scalars(query.order_by(Activity.title).limit(SEARCH_RESULTS)))


def listing(activity_id: int | None, today: date) -> Activity | None:
    """A listing a person may be referred to, or None."""
    activity = db.session.get(Activity, activity_id) if activity_id else None
    if activity is None or not activity.listed_on(today):
        return None
    return activity


def can_refer(referral: Referral) -> bool:
    """Whether the case is open enough to refer the person on."""
    return referral.anonymised_at is None and referral.status not in ("closed", "declined")


def contact_check_days() -> int:
    return int(current_app.config.get("ONWARD_CONTACT_CHECK_DAYS", 14))


def reply_by(onward: OnwardReferral) -> date:
    """When the group is asked to answer by."""
    days = int(current_app.config.get("ONWARD_REPLY_DAYS", 7))
    return onward.sent_at.date() + timedelta(days=days)


def refer(
    referral: Referral,
    activity: Activity,
    codes,
    message: str,
    actor: StaffUser,
    today: date,
) -> OnwardReferral:
    """Refer the person to a listing with what they agreed to share, and tell the group."""
    if not can_refer(referral):
        raise CaseClosed()
    if not activity.listed_on(today):
        raise NotListed()
    if any(
        o.activity_id == activity.id and o.status in LIVE_STATUSES
        for o in referral.onward_referrals
    ):
        raise AlreadyReferred()
    if not triage.move_towards(referral, "referred_on", actor):
        raise CaseClosed()
    check_on = today + timedelta(days=contact_check_days())
    onward = OnwardReferral(
        referral=referral,
        activity_id=activity.id,
        organisation_id=activity.organisation_id,
        status="sent",
        shared=shared_values(referral, set(codes)),
        message=message.strip()[:2000],
        sent_by_id=actor.id,
        sent_at=datetime.now(UTC),
        check_due_on=check_on,
    )
    db.session.add(onward)
    triage.bring_follow_up_forward(referral, check_on)
    db.session.flush()
    audit.record(
        "onward.sent",
        referral,
        actor=actor,
        onward_referral_id=onward.id,
        activity_id=activity.id,
        shared=sorted(onward.shared),
    )
    onward_notifications.tell_group(onward, keepers(activity.organisation), reply_by(onward))
    return onward


def panel(referral: Referral, today: date) -> dict:
    """What the case page's onward referral panel shows (merged into its template context)."""
    activity = referral.activity
    own = activity if activity is not None and activity.listed_on(today) else None
    return {
        "onward_referrals": sorted(referral.onward_referrals, key=lambda o: o.id),
        "onward_can_refer": can_refer(referral),
        "onward_own_activity": own,
        "onward_status_labels": STATUS_LABELS,
        "onward_decline_labels": DECLINE_REASON_LABELS,
        "onward_tells_by_email": referral.preferred_contact == "email" and bool(referral.email),
    }


def _own(user: StaffUser):
    return [organisation.id for organisation in user.organisations]


def for_group(user: StaffUser) -> list[OnwardReferral]:
    """Referrals to the user's groups: those waiting for an answer first, then newest."""
    waiting_first = case((OnwardReferral.status == "sent", 0), else_=1)
    return list(
        db.session.scalars(
            select(OnwardReferral)
            .where(OnwardReferral.organisation_id.in_(_own(user)))
            .order_by(waiting_first, OnwardReferral.sent_at.desc(), OnwardReferral.id.desc())
        )
    )


def own_referral(user: StaffUser, onward_id: int) -> OnwardReferral | None:
    """One referral to one of the user's groups; None for anything else."""
    onward = db.session.get(OnwardReferral, onward_id)
    if onward is None or onward.organisation_id not in _own(user):
        return None
    return onward


def waiting_count(user: StaffUser) -> int:
    """How many referrals to the user's groups wait for an answer."""
    ids = _own(user)
    if not ids:
        return 0
    return db.session.scalar(
        select(func.count(OnwardReferral.id)).where(
            OnwardReferral.organisation_id.in_(ids), OnwardReferral.status == "sent"
        )
    )
