"""Emails to the person from their case, from translated templates, in their language.

Each kind of message has its own few details (an appointment's date, time and place; the
activity to describe), is shown to the link worker as a preview, and on sending is queued
in the request's transaction, recorded as a ``CaseMessage`` and audited by its template
name only. The email holds only what the person gave us (the name they go by) and what the
directory publishes; nothing of it is written to a log.
"""

from dataclasses import dataclass, field
from datetime import date, time

from babel.dates import format_time
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.directory.calendar import activity_calendar
from directory_app.domain.dates import local_now
from directory_app.i18n.dates import long_date
from directory_app.i18n.email_languages import email_locale
from directory_app.i18n.listing_text import activity_text
from directory_app.models import Activity, Referral, StaffUser
from directory_app.models.casework import CaseMessage
from directory_app.shortlists.wording import activity_in_text
from directory_app.web.links import absolute_url

# The messages a link worker can send from a case ("shortlist" is sent from its own panel).
TEMPLATES = {
    "appointment": _l("Confirming an appointment"),
    "activity_details": _l("The activity's details, with a calendar file"),
    "how_did_it_go": _l("How did it go? (after a first session)"),
}


class CannotEmail(Exception):
    """The person cannot be emailed: no address, they chose another way, or anonymised."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class DetailsMissing(Exception):
    """What the message needs and was not given: {field: error message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass
class Draft:
    """A message as it will be sent, for the preview and for sending."""

    subject: str
    body: str
    activity: Activity | None = None
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


def email_refusal(referral: Referral) -> str | None:
    """Why this person may not be emailed (in the link worker's language), or None."""
    if referral.anonymised_at is not None:
        return _("This request has been anonymised.")
    if not mail.clean_address(referral.email):
        return _("They did not give an email address.")
    if referral.preferred_contact != "email":
        return _("They asked to be contacted another way, not by email.")
    return None


def check_can_email(referral: Referral) -> None:
    """Raise ``CannotEmail`` unless the person gave an email and chose to be emailed."""
    reason = email_refusal(referral)
    if reason is not None:
        raise CannotEmail(reason)


def reader_locale(referral: Referral) -> str:
    """The language their emails are written in: theirs, when the site speaks it."""
    return email_locale(referral.language or None)


def greeting(referral: Referral) -> str:
    """ "Dear Annie," with the name they go by (only what they gave us)."""
    name = (referral.preferred_name or referral.full_name or "").strip()
    return _("Dear {name},").format(name=name) if name else _("Hello,")


def first_name(user: StaffUser) -> str:
    """A link worker's first name, as they sign a message."""
    return (user.name or "").split(" ", 1)[0]


def activity_choices(referral: Referral) -> list[Activity]:
    """The activities a message can be about: the one asked for, the shortlist, onward."""
    found = [referral.activity] if referral.activity else []
    found += [item.activity for item in referral.shortlist]
    found += [onward.activity for onward in getattr(referral, "onward_referrals", [])]
    return list({a.id: a for a in found if a is not None}.values())


def _appointment(referral, actor, details) -> Draft:
    on, at, where = details.get("on"), details.get("at"), details.get("where") or ""
    errors = {}
    if not isinstance(on, date):
        errors["on"] = _("Enter the date of the appointment")
    if not isinstance(at, time):
        errors["at"] = _("Enter the time of the appointment")
    if not where and not details.get("by_phone"):
        errors["where"] = _("Enter where you will meet, or choose a phone appointment")
    if errors:
        raise DetailsMissing(errors)
    locale = reader_locale(referral)
    with force_locale(locale):
        place = (
            _("I will phone you then.")
            if details.get("by_phone")
            else _("We will meet at: {place}").format(place=where)
        )
        lines = [
            greeting(referral),
            "",
            _("This is to confirm our appointment on {date} at {time}.").format(
                date=long_date(on), time=format_time(at, "short", locale=locale)
            ),
            place,
            "",
            _("If you cannot make it, reply to this email and we will find another time."),
            "",
            first_name(actor),
        ]
        return Draft(_("Your appointment with your link worker"), "\n".join(lines))


def _activity(referral: Referral, details) -> Activity:
    chosen = details.get("activity_id")
    for activity in activity_choices(referral):
        if activity.id == chosen:
            return activity
    raise DetailsMissing({"activity": _("Choose one of the case's activities")})


def _activity_details(referral, actor, details) -> Draft:
    activity = _activity(referral, details)
    language = reader_locale(referral)
    with force_locale(language):
        link = absolute_url("directory.activity", language, activity_id=activity.id)
        ics = activity_calendar(activity, link, local_now())
        lines = [
            greeting(referral),
            "",
            _("Here are the details of the activity we talked about."),
            "",
            activity_in_text(activity, link),
            "",
            _("The calendar file attached adds its sessions to your calendar."),
            "",
            first_name(actor),
        ]
        subject = _("Details of {title}").format(title=activity_text(activity).title)
    return Draft(
        subject,
        "\n".join(lines),
        activity,
        [(f"activity-{activity.id}.ics", "text/calendar", ics)],
    )


def _how_did_it_go(referral, actor, details) -> Draft:
    activity = _activity(referral, details) if details.get("activity_id") else None
    with force_locale(reader_locale(referral)):
        ask = (
            _("How did your first session at {title} go?").format(
                title=activity_text(activity).title
            )
            if activity
            else _("How did your first session go?")
        )
        lines = [
            greeting(referral),
            "",
            ask,
            _("Reply to this email to tell me, or if you would like help to try something else."),
            "",
            first_name(actor),
        ]
        return Draft(_("How did it go?"), "\n".join(lines), activity)


_COMPOSERS = {
    "appointment": _appointment,
    "activity_details": _activity_details,
    "how_did_it_go": _how_did_it_go,
}


def compose(referral: Referral, template: str, actor: StaffUser, details: dict) -> Draft:
    """The message for the preview: in the person's language, with what the worker gave."""
    check_can_email(referral)
    if template not in _COMPOSERS:
        raise DetailsMissing({"template": _("Choose a message to send")})
    return _COMPOSERS[template](referral, actor, details)


def send(referral: Referral, template: str, draft: Draft, actor: StaffUser) -> CaseMessage:
    """Queue the message (sent after the request commits), record it and audit it."""
    check_can_email(referral)
    queued = mail.queue(referral.email, draft.subject, draft.body, draft.attachments)
    if queued is None:
        raise CannotEmail(_("Their email address cannot be used."))
    message = CaseMessage(
        referral_id=referral.id,
        sent_by_id=actor.id,
        template=template,
        language=reader_locale(referral),
        activity_id=draft.activity.id if draft.activity else None,
    )
    db.session.add(message)
    db.session.flush()
    audit.record("referral.message_sent", referral, actor=actor, template=template)
    return message


def panel(referral: Referral, today: date) -> dict:
    """What the case page's messages panel shows (merged into its template context)."""
    return {
        "case_messages": list(referral.messages),
        "message_refusal": email_refusal(referral),
        "message_templates": TEMPLATES,
    }
