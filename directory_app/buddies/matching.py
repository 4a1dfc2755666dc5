"""Matching a volunteer buddy to a request, and what happened at the first session."""

from datetime import date

from directory_app.core import audit
from directory_app.models import Referral, StaffUser


def panel(referral: Referral, today: date) -> dict:
    """What the case page's buddy panel shows."""
    return {}


def record_buddy(referral: Referral, actor: StaffUser, volunteer_name: str, volunteer_contact: str,
                 session_on: date | None, attended: bool | None) -> None:  # fmt: skip
    referral.volunteer_name = volunteer_name.strip()[:120]
    referral.volunteer_contact = volunteer_contact.strip()[:120]
    referral.buddy_session_on = session_on
    referral.attended_first_session = attended
    audit.record("referral.buddy_recorded", referral, actor=actor)
