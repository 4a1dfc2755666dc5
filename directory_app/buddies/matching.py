"""Matching a volunteer buddy to a request, and what happened at the first session.

Matching, the first session and attendance move the request's status, each step through
``inbox.triage.change_status`` so the history and the first-contact time are kept as for any
change. A request is never moved past the rules in ``triage.NEXT_STATUSES``: from "new" a
match passes through "contacted" (a volunteer is only matched once someone has spoken to
the person), and each step is recorded.
"""

from datetime import date, timedelta

from flask_babel import gettext as _

from directory_app.buddies import suggestions
from directory_app.buddies.records import can_be_matched, check_labels
from directory_app.core import audit
from directory_app.inbox import triage
from directory_app.models import Buddy, Referral, StaffUser

# When the person did not go, someone calls them within a week to see what got in the way.
NO_SHOW_FOLLOW_UP_DAYS = 7
# How many suggestions the panel shows before "Show all".
SUGGESTIONS_SHOWN = 3
# Where a match may start from; a closed or declined request is reopened first.
MATCHABLE_FROM = ("new", "contacted", "in_progress", "buddy_matched", "referred_on", "attended")


class MatchingError(ValueError):
    """A buddy change that is not possible; each kind has its own class and message."""


class NotABuddyRequest(MatchingError):
    """Only buddy requests are matched with volunteers."""


class RequestClosed(MatchingError):
    """The request is closed or declined: reopen it before matching."""


class BuddyNotReady(MatchingError):
    """The volunteer is inactive, or a check is out of date or missing."""


class NotMatched(MatchingError):
    """There is no volunteer to unmatch, or to tell about the session."""


class SessionDateNeeded(MatchingError):
    """Attendance is recorded for a first session, so its date comes first."""


def panel(referral: Referral, today: date) -> dict:
    """What the case page's buddy panel shows."""
    if referral.kind != "buddy":
        return {}
    matched = referral.buddy
    found = suggestions.suggest(referral, today) if matched is None and referral.is_open else []
    return {
        "buddy_record": matched,
        "buddy_record_checks": check_labels(matched, today) if matched else [],
        "buddy_suggestions": found[:SUGGESTIONS_SHOWN],
        "buddy_more_suggestions": found[SUGGESTIONS_SHOWN:],
        "buddy_may_share": referral.consent_share_with_volunteer,
        "buddy_can_email": bool(matched and matched.email and referral.anonymised_at is None),
    }


def match_buddy(referral: Referral, buddy: Buddy, actor: StaffUser, today: date) -> None:
    """Match a volunteer with the request: the request is then "Buddy matched"."""
    if referral.kind != "buddy":
        raise NotABuddyRequest()
    if referral.status not in MATCHABLE_FROM:
        raise RequestClosed()
    if not can_be_matched(buddy, today):
        raise BuddyNotReady()
    referral.buddy_id = buddy.id
    referral.buddy = buddy
    # The inbox list and older pages show these; they follow the record.
    referral.volunteer_name = buddy.name[:120]
    referral.volunteer_contact = (buddy.phone or buddy.email)[:120]
    triage.move_towards(referral, "buddy_matched", actor)
    audit.record("referral.buddy_matched", referral, actor=actor, buddy_id=buddy.id)


def unmatch_buddy(referral: Referral, actor: StaffUser) -> None:
    """Undo a match (the volunteer cannot go, or it did not work): back to "In progress"."""
    if referral.buddy_id is None and not referral.volunteer_name:
        raise NotMatched()
    buddy_id = referral.buddy_id
    referral.buddy_id = None
    referral.buddy = None
    referral.volunteer_name = ""
    referral.volunteer_contact = ""
    referral.buddy_session_on = None
    referral.attended_first_session = None
    if referral.status in ("buddy_matched", "attended"):
        triage.move_towards(referral, "in_progress", actor)
    audit.record("referral.buddy_unmatched", referral, actor=actor, buddy_id=buddy_id)


def record_session(
    referral: Referral,
    actor: StaffUser,
    session_on: date | None,
    attended: bool | None,
    today: date,
    note: str = "",
) -> None:
    """The first session's date, and whether the person went.

    "Yes" moves the request to "Attended first session". "No" keeps it matched, adds a
    note (with the link worker's words, if any) and a follow-up a week on.
    """
    if attended is not None and session_on is None:
        raise SessionDateNeeded()
    before = referral.attended_first_session
    referral.buddy_session_on = session_on
    referral.attended_first_session = attended
    if attended is True and before is not True:
        triage.move_towards(referral, "attended", actor)
    elif attended is False and before is not False:
        if referral.status == "attended":
            triage.move_towards(referral, "buddy_matched", actor)
        text = _("Did not go to the first session.")
        triage.add_note(referral, f"{text}\n{note.strip()}" if note.strip() else text, actor)
        triage.set_follow_up(referral, today + timedelta(days=NO_SHOW_FOLLOW_UP_DAYS), actor)
    audit.record("referral.buddy_session_recorded", referral, actor=actor)


def record_buddy(
    referral: Referral,
    actor: StaffUser,
    volunteer_name: str,
    volunteer_contact: str,
    session_on: date | None,
    attended: bool | None,
    today: date,
) -> None:
    """A volunteer named in free text (for services that keep no records), and the session.

    A matched record keeps its own name and contact; naming a volunteer matches the request
    as a record would.
    """
    if attended is not None and session_on is None:
        raise SessionDateNeeded()
    if referral.buddy_id is None:
        referral.volunteer_name = volunteer_name.strip()[:120]
        referral.volunteer_contact = volunteer_contact.strip()[:120]
        if referral.volunteer_name and referral.status in ("new", "contacted", "in_progress"):
            triage.move_towards(referral, "buddy_matched", actor)
    audit.record("referral.buddy_recorded", referral, actor=actor)
    record_session(referral, actor, session_on, attended, today)
