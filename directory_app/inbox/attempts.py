"""Contact attempts on a case: call 1, 2, 3, then write.

Services try a few calls before writing a letter instead; how many is the deployment's
``CONTACT_ATTEMPTS_BEFORE_WRITING``. The person's own choices limit what may be tried: a
voicemail only where they said one is safe, a text only where they said texts are fine.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from directory_app.core import audit
from directory_app.inbox import triage
from directory_app.models import Referral, StaffUser
from directory_app.models.casework import ATTEMPT_METHODS, ATTEMPT_OUTCOMES, ContactAttempt

NOTE_LENGTH = 200
# What each way of trying can come to: a letter is only ever sent, a voicemail is a call's.
OUTCOMES_FOR_METHOD = {
    "phone": ("answered", "no_answer", "voicemail", "wrong_number"),
    "text": ("sent", "answered", "wrong_number"),
    "email": ("sent", "answered"),
    "letter": ("sent",),
    "in_person": ("answered", "no_answer"),
}
# i18n: how a link worker tried to reach someone, in the case page's form.
METHOD_LABELS = {
    "phone": _l("Phone call"),
    "text": _l("Text message"),
    "email": _l("Email"),
    "letter": _l("Letter"),
    "in_person": _l("In person"),
}
# i18n: one attempt in the case's list, numbered within its kind: "Call 2", "Letter 1".
NUMBERED_LABELS = {
    "phone": _l("Call {number}"),
    "text": _l("Text {number}"),
    "email": _l("Email {number}"),
    "letter": _l("Letter {number}"),
    "in_person": _l("Visit {number}"),
}
OUTCOME_LABELS = {
    "answered": _l("answered"),
    "no_answer": _l("no answer"),
    "voicemail": _l("voicemail left"),
    "wrong_number": _l("wrong number"),
    "sent": _l("sent"),
}
# A call that did not reach the person, for the "then write" rule.
UNANSWERED = ("no_answer", "voicemail")


class AttemptRefused(ValueError):
    """An attempt that cannot be logged; each kind has its own class, and its own message."""


class UnknownChoice(AttemptRefused):
    """A method or outcome we do not know, or an outcome that method cannot have."""


class VoicemailNotSafe(AttemptRefused):
    """The person did not say a voicemail is safe to leave."""


class TextNotAllowed(AttemptRefused):
    """The person did not agree to texts."""


class CaseNotWorkable(AttemptRefused):
    """The request is anonymised or merged into another: there is nobody to contact."""


def record_attempt(
    referral: Referral, method: str, outcome: str, note: str, actor: StaffUser
) -> ContactAttempt:
    """Log one attempt (checks first, so a refused one changes nothing). An answered
    attempt on a new case moves it to "contacted", with the history any change keeps."""
    if referral.anonymised_at is not None or referral.merged_into_id is not None:
        raise CaseNotWorkable()
    if method not in ATTEMPT_METHODS or outcome not in ATTEMPT_OUTCOMES:
        raise UnknownChoice()
    if outcome not in OUTCOMES_FOR_METHOD[method]:
        raise UnknownChoice()
    if outcome == "voicemail" and not referral.may_leave_message:
        raise VoicemailNotSafe()
    if method == "text" and not referral.may_text:
        raise TextNotAllowed()
    attempt = ContactAttempt(
        made_by_id=actor.id,
        made_at=datetime.now(UTC),
        method=method,
        outcome=outcome,
        note=note.strip()[:NOTE_LENGTH],
    )
    referral.attempts.append(attempt)
    # The note may name people: the audit keeps only what kind of try it was.
    audit.record(
        "referral.contact_attempted", referral, actor=actor, method=method, outcome=outcome
    )
    if outcome == "answered" and referral.status == "new":
        triage.change_status(referral, "contacted", actor)
    return attempt


def unanswered_calls(referral: Referral) -> int:
    """Calls that did not reach the person since anyone last did (by any way)."""
    count = 0
    for attempt in referral.attempts:
        if attempt.outcome == "answered":
            count = 0
        elif attempt.method == "phone" and attempt.outcome in UNANSWERED:
            count += 1
    return count


def time_to_write(referral: Referral) -> int:
    """The number of unanswered calls when it is time to write instead, else 0."""
    if not referral.is_open:
        return 0
    calls = unanswered_calls(referral)
    return calls if calls >= current_app.config["CONTACT_ATTEMPTS_BEFORE_WRITING"] else 0


@dataclass
class NumberedAttempt:
    """An attempt with its place among those made the same way ("Call 2")."""

    number: int
    attempt: ContactAttempt


def numbered(referral: Referral) -> list[NumberedAttempt]:
    """The case's attempts in order, each numbered within its method."""
    seen: dict[str, int] = {}
    rows = []
    for attempt in referral.attempts:
        seen[attempt.method] = seen.get(attempt.method, 0) + 1
        rows.append(NumberedAttempt(seen[attempt.method], attempt))
    return rows


def panel(referral: Referral, today: date) -> dict:
    """What the case page's contact attempts panel shows (merged into its template context)."""
    return {
        "contact_attempts": numbered(referral),
        "attempt_methods": [m for m in ATTEMPT_METHODS if m != "text" or referral.may_text],
        "attempt_outcomes": [
            o for o in ATTEMPT_OUTCOMES if o != "voicemail" or referral.may_leave_message
        ],
        "calls_before_writing": time_to_write(referral),
        "attempt_method_labels": METHOD_LABELS,
        "attempt_outcome_labels": OUTCOME_LABELS,
        "attempt_numbered_labels": NUMBERED_LABELS,
    }
