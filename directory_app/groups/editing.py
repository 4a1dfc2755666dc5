"""Groups changing their listings: proposed versions, moderation, and applying them.

A change records the fields before and after. A trusted group's change is applied at once;
anyone else's waits for a moderator while the published version stays live. Applying goes
through the model, so the search outbox picks it up like any other edit.
"""

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from directory_app import audit
from directory_app.extensions import db
from directory_app.form_parts import MultiCheckboxField, language_choices
from directory_app.groups.review import mark_reviewed, tell_submitter
from directory_app.groups.venues import editable_venues
from directory_app.listings.importer import schedule_rows
from directory_app.models import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
    ActivityTranslation,
    ListingChange,
    Venue,
)
from directory_app.models.code_lists import sync_codes
from directory_app.models.translations import translation_in
from directory_app.presentation import language_name
from directory_app.schedules import parse_schedule_text, schedule_text, timetable_for
from directory_app.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    AUDIENCES,
    CATEGORIES,
    term_by_code,
)

TEXT_FIELDS = (
    "title", "summary", "description", "first_visit", "schedule_notes", "cost_notes",
    "contact_name", "contact_phone", "contact_email", "contact_website", "status",
)  # fmt: skip
EDITABLE_FIELDS = (*TEXT_FIELDS, "booking_required")
TRANSLATED_FIELDS = ("title", "summary", "description", "first_visit")
PROVIDER_STATUSES = ("published", "paused", "archived")
# Lists of codes, edited as tick boxes: (form field, model collection, child model, column).
CODE_LISTS = {
    "categories": ("categories", ActivityCategory, "category"),
    "audiences": ("audiences", ActivityAudience, "audience"),
    "languages": ("languages", ActivityLanguage, "language"),
}


class ActivityEditForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Enter a title")),
            Length(max=200, message=_l("The title must be 200 characters or fewer")),
        ],
    )
    summary = StringField(
        _l("Summary"),
        validators=[
            DataRequired(_l("Enter a one-line summary")),
            Length(max=300, message=_l("The summary must be 300 characters or fewer")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    first_visit = TextAreaField(
        _l("What to expect on a first visit"), validators=[Optional(), Length(max=2000)]
    )
    schedule_notes = StringField(
        _l("Notes about when it runs (optional)"), validators=[Optional(), Length(max=300)]
    )
    cost_notes = StringField(
        _l("Notes about cost (optional)"), validators=[Optional(), Length(max=300)]
    )
    booking_required = BooleanField(_l("People need to book"))
    contact_name = StringField(
        _l("Contact name (optional)"), validators=[Optional(), Length(max=120)]
    )
    contact_phone = StringField(
        _l("Contact phone (optional)"), validators=[Optional(), Length(max=40)]
    )
    contact_email = StringField(
        _l("Contact email (optional)"), validators=[Optional(), Length(max=254)]
    )
    contact_website = StringField(
        _l("Website (optional)"), validators=[Optional(), Length(max=300)]
    )
    categories = MultiCheckboxField(
        _l("Type of activity"),
        choices=[SelectChoice(term.code, term.label) for term in CATEGORIES],
        validators=[DataRequired(_l("Select at least one type of activity"))],
    )
    audiences = MultiCheckboxField(
        _l("Who it is for (optional)"),
        choices=[SelectChoice(term.code, term.label) for term in AUDIENCES],
        validators=[Optional()],
    )
    languages = MultiCheckboxField(
        _l("Languages spoken at the activity (optional)"), validators=[Optional()]
    )
    venue_id = SelectField(_l("Where it happens"))
    status = SelectField(
        _l("Is it running?"),
        choices=[
            SelectChoice("published", _l("Running: show it")),
            SelectChoice("paused", _l("Paused for now (explain in the notes above)")),
            SelectChoice("archived", _l("Stopped for good: remove it")),
        ],
    )


def edit_form(activity, user) -> "ActivityEditForm":
    """The editor's form, filled from the activity (code lists included).

    ``activity`` is None for a new listing. The venues offered are the ones this user's
    groups may use, so another group's venue cannot be chosen by editing the form.
    """
    form = ActivityEditForm(obj=activity)
    form.languages.choices = language_choices(blank=False)
    form.venue_id.choices = [SelectChoice("", _l("No venue: online or by phone"))] + [
        SelectChoice(str(venue.id), f"{venue.name}, {venue.address_line}")
        for venue in editable_venues(user)
    ]
    if activity is not None and not form.is_submitted():
        # obj would hand WTForms the child rows; the boxes want their codes.
        form.categories.data = activity.category_codes
        form.audiences.data = activity.audience_codes
        form.languages.data = activity.language_codes
    return form


def snapshot(activity) -> dict:
    values = {name: getattr(activity, name) for name in EDITABLE_FIELDS}
    values["categories"] = activity.category_codes
    values["audiences"] = activity.audience_codes
    values["languages"] = activity.language_codes
    values["schedule"] = schedule_text(timetable_for(activity))
    values["venue_id"] = activity.venue_id
    for translation in activity.translations:
        for name in TRANSLATED_FIELDS:
            values[translation_key(translation.language, name)] = getattr(translation, name)
    return values


def translation_key(language: str, name: str) -> str:
    """Translated text is kept in a version as 'pl:title', beside the original fields."""
    return f"{language}:{name}"


class TranslationForm(FlaskForm):
    """The listing's text in one other language; all four empty removes the translation."""

    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    summary = StringField(_l("Summary"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    first_visit = TextAreaField(
        _l("What to expect on a first visit"), validators=[Optional(), Length(max=2000)]
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.is_removal:
            return True
        missing = [field for field in (self.title, self.summary) if not (field.data or "").strip()]
        for field in missing:
            field.errors.append(
                _l("Enter a title") if field is self.title else _l("Enter a one-line summary")
            )
        return not missing

    @property
    def is_removal(self) -> bool:
        return not any((self[name].data or "").strip() for name in TRANSLATED_FIELDS)


def translation_languages(activity) -> list[str]:
    """Languages a translation can be written in: any we list, except the original's."""
    return [code for code in ACTIVITY_LANGUAGES if code not in (activity.text_language, "bfi")]


def translation_form(activity, language: str) -> TranslationForm:
    existing = translation_in(activity, language)
    return TranslationForm(obj=existing)


def propose_translation(activity, language: str, form: TranslationForm, user):
    """A change to one language's text, moderated like any other change."""
    fields = {
        translation_key(language, name): (form[name].data or "").strip()
        for name in TRANSLATED_FIELDS
    }
    return _record(activity, user, fields)


def schedule_problem(schedule: str, notes: str) -> str | None:
    """What is wrong with the sessions from the editor's rows, or None when nothing is.

    Advice by appointment or a phone line has no sessions: then the notes must say how.
    """
    if not schedule:
        if notes.strip():
            return None
        return _(
            "Give at least one session, or say in the notes how people arrange a "
            "time (for example, by appointment)."
        )
    try:
        parse_schedule_text(schedule)
    except ValueError:
        return _(
            "Check the sessions: each needs how often, a day or date, and a start "
            "before its end. Fortnightly sessions need the date of one session."
        )
    return None


def schedule_rows_for(text: str) -> list:
    """Unsaved session rows for a schedule's text; none for a listing without sessions."""
    return schedule_rows(parse_schedule_text(text)) if text.strip() else []


def schedule_from_rows(form) -> str:
    """The schedule text from the editor's session rows (empty rows are ignored)."""
    parts = []
    rows = zip(
        form.getlist("slot_frequency"),
        form.getlist("slot_day"),
        form.getlist("slot_start"),
        form.getlist("slot_end"),
        form.getlist("slot_date"),
        strict=False,
    )
    for frequency, day, start, end, on in rows:
        times = f"{start}-{end}"
        if frequency == "weekly":
            parts.append(f"weekly:{day}:{times}")
        elif frequency == "fortnightly":
            parts.append(f"fortnightly:{day}:{times}:{on}")
        elif frequency == "once":
            parts.append(f"once:{on}:{times}")
    return "; ".join(parts)


def propose(activity, form: ActivityEditForm, user, schedule: str) -> ListingChange | None:
    """Record the change (None when nothing changed); apply it at once for trusted groups.

    ``schedule`` is already checked (``schedule_problem``).
    """
    fields = {name: (form[name].data or "").strip() for name in TEXT_FIELDS}
    fields["booking_required"] = bool(form.booking_required.data)
    if fields["status"] not in PROVIDER_STATUSES:
        fields["status"] = activity.status
    fields["schedule"] = schedule
    fields["venue_id"] = int(form.venue_id.data) if form.venue_id.data else None
    for name in CODE_LISTS:
        fields[name] = list(form[name].data)
    return _record(activity, user, fields)


def start_listing(organisation, user) -> Activity:
    """An empty draft for a new listing; its first change fills it in and publishes it."""
    activity = Activity(
        key=f"group-{organisation.id}-{secrets.token_hex(4)}",
        organisation=organisation,
        title="",
        summary="",
        status="draft",
    )
    db.session.add(activity)
    db.session.flush()
    audit.record("listing.started", activity, actor=user)
    return activity


def _record(activity, user, fields: dict) -> ListingChange | None:
    before = snapshot(activity)
    after = {**before, **fields}
    if after == before:
        return None
    change = ListingChange(activity=activity, submitted_by_id=user.id, before=before, after=after)
    db.session.add(change)
    db.session.flush()
    audit.record("listing.change_proposed", activity, actor=user, change_id=change.id)
    if activity.organisation.trusted:
        apply(change, None)
    return change


def apply(change: ListingChange, moderator) -> None:
    activity = change.activity
    for name, value in change.after.items():
        if ":" in name:
            continue  # translations, below
        if name == "schedule":
            if value != schedule_text(timetable_for(activity)):
                activity.schedules = schedule_rows_for(value)
        elif name == "venue_id":
            activity.venue = db.session.get(Venue, value) if value else None
        elif name in CODE_LISTS:
            collection, model, column = CODE_LISTS[name]
            sync_codes(getattr(activity, collection), model, column, value)
        else:
            setattr(activity, name, value)
    _apply_translations(activity, change.after)
    mark_reviewed(change, moderator, "applied")
    audit.record("listing.change_applied", activity, actor=moderator, change_id=change.id)


def _apply_translations(activity, after: dict) -> None:
    languages = {name.split(":", 1)[0] for name in after if ":" in name}
    for language in sorted(languages):
        values = {
            name: after.get(translation_key(language, name), "") for name in TRANSLATED_FIELDS
        }
        existing = translation_in(activity, language)
        if not any(values.values()):
            if existing is not None:
                activity.translations.remove(existing)
        elif existing is None:
            activity.translations.append(ActivityTranslation(language=language, **values))
        else:
            for name, value in values.items():
                setattr(existing, name, value)


def approve(change: ListingChange, moderator) -> None:
    apply(change, moderator)
    tell_submitter(
        change,
        _l("Your change to {title} is now live."),
        change.activity.title,
        "groups.edit_activity",
        activity_id=change.activity_id,
    )


def send_back(change: ListingChange, moderator, comment: str) -> None:
    mark_reviewed(change, moderator, "returned", comment)
    audit.record("listing.change_returned", change.activity, actor=moderator, change_id=change.id)
    tell_submitter(
        change,
        _l("Your change to {title} needs another look: {comment}"),
        change.activity.title,
        "groups.edit_activity",
        activity_id=change.activity_id,
    )


def labeller():
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


# The tick-box lists a moderator sees, shown by label rather than code.
VOCABULARY_LISTS = {
    "categories": CATEGORIES,
    "audiences": AUDIENCES,
    "access_features": ACCESS_FEATURES,
}


def shown_value(name: str, value) -> str:
    """A field's value as the moderator reads it in the comparison."""
    if name == "venue_id":
        venue = db.session.get(Venue, value) if value else None
        return f"{venue.name}, {venue.address_line}" if venue else _("No venue: online or by phone")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        terms = VOCABULARY_LISTS.get(name)
        if name == "languages":
            return ", ".join(language_name(code) for code in value)
        return ", ".join(
            str(term_by_code(terms, code) or code) if terms else code for code in value
        )
    return "" if value is None else str(value)
