"""Showing a proposed change as people will read it: the listing as it would look, and each
changed field named and shown as the editor shows it (labels, not codes)."""

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.core.extensions import db
from directory_app.domain.dates import local_now
from directory_app.domain.schedules import parse_schedule_text, timetable_for, upcoming_sessions
from directory_app.domain.vocabulary import (
    ACCESS_FEATURES,
    ATTENDANCE_MODES,
    AUDIENCES,
    CATEGORIES,
    COST_TYPES,
    LISTING_STATUSES,
    term_by_code,
)
from directory_app.groups.forms import ActivityEditForm, VenueForm
from directory_app.i18n.formatting import listed, slot_in_words
from directory_app.i18n.labels import language_name
from directory_app.listings.operations import schedule_rows
from directory_app.models import Venue
from directory_app.models.what_to_expect import CARER_ANSWERS, GROUP_SIZES, what_to_expect
from directory_app.web.links import absolute_url


class ProposedActivity:
    """An activity as it would look with a change applied, for the preview (never saved).

    The activity page reads many fields; those the change holds come from it, the rest from
    the live listing. The change keeps code lists and the venue by id, so those are turned
    back into what the page reads from a model.
    """

    RENAMED = {"categories": "category_codes", "audiences": "audience_codes",
               "languages": "language_codes"}  # fmt: skip

    def __init__(self, activity, proposed: dict):
        self._activity = activity
        self._proposed = {self.RENAMED.get(name, name): value for name, value in proposed.items()}

    @property
    def venue(self):
        if "venue_id" not in self._proposed:
            return self._activity.venue
        venue_id = self._proposed["venue_id"]
        return db.session.get(Venue, venue_id) if venue_id else None

    @property
    def schedules(self):
        # Unsaved rows, so the page's timetable and next dates show the proposed times.
        if "schedule" not in self._proposed:
            return self._activity.schedules
        text = self._proposed["schedule"]
        return schedule_rows(parse_schedule_text(text)) if text.strip() else []

    @property
    def what_to_expect(self):
        # From the proposed fields, not the live listing's (which ``__getattr__`` would give).
        return what_to_expect(self)

    def __getattr__(self, name):
        if name in self._proposed:
            return self._proposed[name]
        return getattr(self._activity, name)


def listing_labeller():
    """A function naming each changed field as the editor does: 'Title', or 'Title in
    Polish' for a translated field. The labels are read from the form once per page."""
    labels = {field.name: str(field.label.text) for field in ActivityEditForm(formdata=None)}
    labels["schedule"] = str(_l("When it runs"))
    labels["venue_id"] = str(_l("Where it happens"))

    def label(name: str) -> str:
        if ":" not in name:
            return labels.get(name, name)
        language, field = name.split(":", 1)
        return _("{field} in {language}").format(
            field=labels.get(field, field), language=language_name(language, capitalise=False)
        )

    return label


def venue_labeller():
    """A function naming each changed venue field as the form does, for the comparison and
    the versions list. The labels are read from the form once per page."""
    labels = {field.name: str(field.label.text) for field in VenueForm(formdata=None)}
    labels["borough"] = str(_l("Borough"))
    labels["archived"] = str(_l("Archived"))
    return lambda name: labels.get(name, name)


# The tick-box lists a moderator sees, shown by label rather than code.
VOCABULARY_LISTS = {
    "categories": CATEGORIES,
    "audiences": AUDIENCES,
    "access_features": ACCESS_FEATURES,
}


# Single choices stored as codes ("draft", "in-person"), shown by their labels.
CODED_CHOICES = {
    "status": LISTING_STATUSES,
    "attendance_mode": ATTENDANCE_MODES,
    "cost_type": COST_TYPES,
    "usual_group_size": GROUP_SIZES,
    "carer_free": CARER_ANSWERS,
}


def _schedule_in_words(text: str) -> str:
    """ "weekly:wed:10:30-12:00; once:…" as the public page says it ("Every Wednesday,
    10:30–12:00 and …"); the text itself if it does not parse (it was checked when saved)."""
    try:
        slots = parse_schedule_text(text)
    except ValueError:
        return text
    return listed(slot_in_words(slot) for slot in slots)


def shown_value(name: str, value) -> str:
    """A field's value as the moderator reads it in the comparison: words, never codes."""
    if name == "schedule" and isinstance(value, str):
        return _schedule_in_words(value)
    if name in CODED_CHOICES and isinstance(value, str):
        term = term_by_code(CODED_CHOICES[name], value)
        return str(term) if term else value
    if name == "venue_id":
        venue = db.session.get(Venue, value) if value else None
        return f"{venue.name}, {venue.address_line}" if venue else _("No venue: online or by phone")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        terms = VOCABULARY_LISTS.get(name)
        if name == "languages":
            return listed(language_name(code) for code in value)
        return listed(term_by_code(terms, code) or code if terms else code for code in value)
    return "" if value is None else str(value)


def render_preview(change):
    """The public activity page, as it would look with the change applied."""
    proposed = ProposedActivity(change.activity, change.after)
    return render_template(
        "directory/activity.html",
        activity=proposed,
        upcoming=upcoming_sessions(timetable_for(proposed), local_now(), count=5),
        may_be_out_of_date=False,
        hidden_from_public=False,
        share_url=absolute_url("directory.activity", activity_id=change.activity_id),
        preview_of=change,
    )
