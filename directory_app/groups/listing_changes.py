"""Groups changing their listings: the editor's form, versions of a listing, and new listings.

A version keeps the editable fields, the code lists, the sessions as text
(``schedules.schedule_text``), the venue by id, and each translation's fields as
'pl:title'. A trusted group's change is applied at once; anyone else's waits for a
moderator while the published version stays live (``changes``).
"""

import secrets

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.schedules import parse_schedule_text, schedule_text, timetable_for
from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.groups import changes
from directory_app.groups.forms import TRANSLATED_FIELDS, ActivityEditForm, TranslationForm
from directory_app.groups.preview import ProposedActivity
from directory_app.groups.queries import editable_venues, waiting_change
from directory_app.listings import operations
from directory_app.models import Activity, ListingChange, Venue
from directory_app.models.translations import translation_in
from directory_app.web.forms import language_choices

TEXT_FIELDS = (
    "title", "summary", "description", "first_visit", "schedule_notes", "cost_notes",
    "contact_name", "contact_phone", "contact_email", "contact_website", "status",
    "run_by", "usual_group_size", "bring", "carer_free",
)  # fmt: skip
# Checked and made numbers by the form (``listings.rules``); empty is None.
AGE_FIELDS = ("age_min", "age_max")
EDITABLE_FIELDS = (*TEXT_FIELDS, *AGE_FIELDS, "booking_required")
CODE_LISTS = ("categories", "audiences", "languages")
PROVIDER_STATUSES = ("published", "paused", "archived")


def snapshot(activity) -> dict:
    """A listing's fields as a version keeps them."""
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


def write(activity, version: dict) -> None:
    """Make the listing match a version, through the one writer of listings."""
    values = {name: value for name, value in version.items() if ":" not in name}
    schedule = values.pop("schedule", None)
    if schedule is not None:
        values["slots"] = parse_schedule_text(schedule) if schedule.strip() else ()
    if "venue_id" in values:
        venue_id = values.pop("venue_id")
        values["venue"] = db.session.get(Venue, venue_id) if venue_id else None
    operations.write_activity(activity, **values)
    write_translations(activity, version, TRANSLATED_FIELDS)


def write_translations(subject, version: dict, fields) -> None:
    """Write each language's text a version holds ('pl:title') onto a listing or an
    organisation. A version may hold only some of a language's fields: the rest stay."""
    for language in sorted({name.split(":", 1)[0] for name in version if ":" in name}):
        current = translation_in(subject, language)
        translated = {
            name: version.get(
                translation_key(language, name), (getattr(current, name) or "") if current else ""
            )
            for name in fields
        }
        operations.write_translation(subject, language, translated)


LISTING = changes.ChangeKind(
    name="listing",
    model=ListingChange,
    subject="activity",
    snapshot=snapshot,
    write=write,
    title=lambda activity: activity.title,
    editor="my_groups.edit_activity",
    editor_argument="activity_id",
)


def translation_key(language: str, name: str) -> str:
    """Translated text is kept in a version as 'pl:title', beside the original fields."""
    return f"{language}:{name}"


def edit_form(activity, user) -> ActivityEditForm:
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


def translation_languages(activity) -> list[str]:
    """Languages a translation can be written in: any we list, except the original's."""
    return [code for code in ACTIVITY_LANGUAGES if code not in (activity.text_language, "bfi")]


def translation_form(activity, language: str) -> TranslationForm:
    """The form for one language's text, showing what the group last saved for it."""
    waiting = waiting_change(activity.id)
    saved = {}
    if waiting is not None:
        saved = {
            name: waiting.after[translation_key(language, name)]
            for name in TRANSLATED_FIELDS
            if translation_key(language, name) in waiting.after
        }
    return TranslationForm(obj=translation_in(activity, language), **saved)


def propose(activity, form: ActivityEditForm, user, schedule: str) -> ListingChange | None:
    """Record the editor's change (None when nothing changed); trusted groups' go live.

    ``schedule`` is already checked (``schedule_rows.schedule_problem``).
    """
    fields = {name: (form[name].data or "").strip() for name in TEXT_FIELDS}
    fields.update({name: form[name].data for name in AGE_FIELDS})
    fields["booking_required"] = bool(form.booking_required.data)
    if fields["status"] not in PROVIDER_STATUSES:
        fields["status"] = activity.status
    fields["schedule"] = schedule
    fields["venue_id"] = int(form.venue_id.data) if form.venue_id.data else None
    for name in CODE_LISTS:
        fields[name] = list(form[name].data)
    return _propose(activity, user, fields)


def propose_translation(activity, language: str, form: TranslationForm, user):
    """A change to one language's text, moderated like any other change."""
    fields = {
        translation_key(language, name): (form[name].data or "").strip()
        for name in TRANSLATED_FIELDS
    }
    return _propose(activity, user, fields)


def _propose(activity, user, fields: dict) -> ListingChange | None:
    trusted = activity.organisation.trusted
    return changes.propose(
        LISTING,
        activity,
        user,
        fields,
        apply_now=trusted,
        waiting=None if trusted else waiting_change(activity.id),
    )


def as_edited(activity):
    """The listing as the group last saved it: with its waiting change, if it has one, so
    the editor never shows an older version than the one the group wrote."""
    waiting = waiting_change(activity.id) if activity is not None else None
    return ProposedActivity(activity, waiting.after) if waiting is not None else activity


def start_listing(organisation, user) -> Activity:
    """An empty draft for a new listing; its first change fills it in and publishes it."""
    activity, _created = operations.find_or_new(
        Activity, f"group-{organisation.id}-{secrets.token_hex(4)}"
    )
    operations.write_activity(
        activity, organisation=organisation, title="", summary="", status="draft"
    )
    db.session.flush()
    audit.record("listing.started", activity, actor=user)
    return activity
