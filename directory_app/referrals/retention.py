"""Retention: anonymise closed requests after a set time, and spam sooner.

Anonymising blanks every field that could identify the person or says anything about
their health in their own words, and keeps what the figures need (kind, status, reasons,
area, dates, where it came from). Notes, corrections and the WOOP plan's revisions (the
person's own words) are deleted, contact attempts and onward referrals lose their text,
and the shortlist is cleared. Wellbeing measures stay: they are numbers only, and reports
still count the anonymised case's change. Safe to run repeatedly (from cron): requests
already anonymised are skipped. Residents' unsent drafts past their ``DRAFT_HOURS`` are
deleted outright (``drafts``): they were never sent, so nothing of them is kept or audited.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import Referral
from directory_app.referrals.drafts import purge_expired

PERSONAL_TEXT_FIELDS = (
    "full_name", "preferred_name", "phone", "email", "good_times", "postcode", "gp_practice",
    "access_needs", "help_wanted", "hoped_session", "worries", "buddy_preferences",
    "availability", "volunteer_name", "volunteer_contact", "outcome", "consent_given_by",
    "referrer_name", "referrer_role", "referrer_organisation", "referrer_email", "referrer_phone",
    "phone_key", "email_key", "name_key", "search_key",
)  # fmt: skip


@dataclass
class PurgeReport:
    anonymised_closed: int = 0
    anonymised_invalid: int = 0
    expired_drafts: int = 0


def anonymise(referral: Referral, now: datetime) -> None:
    """Blank what identifies the person on the request and its casework (flushes nothing)."""
    for name in PERSONAL_TEXT_FIELDS:
        setattr(referral, name, "")
    referral.date_of_birth = None
    referral.submission_token = f"anonymised-{referral.id}"
    referral.notes.clear()
    referral.corrections.clear()
    referral.shortlist.clear()
    referral.plan_revisions.clear()
    for attempt in referral.attempts:
        attempt.note = ""
    # Onward referrals stay for the groups' figures (reply times, acceptance), wordless.
    for onward in referral.onward_referrals:
        onward.shared = {}
        onward.message = ""
        onward.decline_note = ""
    # Case messages are kept: they name a template and a language, never any text.
    referral.anonymised_at = now


def purge(now: datetime, retention_months: int, invalid_retention_days: int) -> PurgeReport:
    """Anonymise what is past its retention period (flushes; the caller commits)."""
    report = PurgeReport()
    closed_before = now - timedelta(days=round(retention_months * 30.44))
    invalid_before = now - timedelta(days=invalid_retention_days)
    due = db.session.scalars(
        select(Referral).where(
            Referral.anonymised_at.is_(None),
            Referral.status.in_(("closed", "declined")),
            or_(
                Referral.closed_at < closed_before,
                Referral.declined_as_invalid.is_(True) & (Referral.closed_at < invalid_before),
            ),
        )
    ).all()
    for referral in due:
        if referral.declined_as_invalid and aware(referral.closed_at) >= closed_before:
            report.anonymised_invalid += 1
        else:
            report.anonymised_closed += 1
        anonymise(referral, now)
        audit.record("referral.anonymised", referral, actor=None)
    report.expired_drafts = purge_expired(now)
    db.session.flush()
    return report
