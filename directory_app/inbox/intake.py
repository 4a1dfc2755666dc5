"""Storing a referral a link worker took by phone or in person.

Stored like a self-referral (``referrals.service.store_request``: one per form, with its
respond-by deadline and area), with who entered it and how, when and by whom consent was
given. Adds and flushes only: the request commits.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from directory_app.core import audit
from directory_app.models import Referral, StaffUser
from directory_app.referrals.service import store_request


def consent_given_at(local_moment: datetime | None, now: datetime) -> datetime:
    """The stored moment of consent: the local wall-clock time given, else ``now``."""
    if local_moment is None:
        return now
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return local_moment.replace(tzinfo=zone).astimezone(UTC)


def enter_referral(
    person: dict,
    consent: dict,
    token: str,
    actor: StaffUser,
    today: date,
    assign_to_me: bool = False,
) -> tuple[Referral, bool]:
    """Store the referral once per form: return (referral, created).

    ``person`` holds the person's model fields; ``consent`` their source, consent method,
    consent_given_by and consent_given_at.
    """
    fields = {
        **person,
        **consent,
        "consent_referral": True,
        "entered_by_id": actor.id,
        "consent_recorded_by_id": actor.id,
    }
    referral, created = store_request(
        "self_referral", token, fields, today, current_app.config["RESPONSE_WORKING_DAYS"]
    )
    if created:
        if assign_to_me:
            referral.assigned_to_id = actor.id
        audit.record(
            "referral.entered",
            referral,
            actor=actor,
            source=referral.source,
            consent_method=referral.consent_method,
            assigned=assign_to_me,
        )
    return referral, created
