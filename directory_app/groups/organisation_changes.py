"""Groups changing their organisation's public details, through the one reviewed-change
workflow (``changes``) that listings and venues use.

A version keeps the name, description and contact details, and each translation's fields
as 'pl:name' (as a listing's version does). A trusted organisation's change goes live at
once; anyone else's waits for a moderator while the published details stay live, and
saving again updates the waiting change. An admin's change is a version of its own, live
at once and marked reviewed by them.

Nothing is filled in from the group's account: the public email is only what the group
typed as the public email, never a member's sign-in address.
"""

from flask_babel import gettext as _

from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.groups import changes
from directory_app.groups.listing_changes import translation_key, write_translations
from directory_app.groups.organisation_forms import (
    TRANSLATED_ORGANISATION_FIELDS,
    OrganisationForm,
    OrganisationTranslationForm,
)
from directory_app.groups.queries import is_admin, waiting_organisation_change
from directory_app.i18n.labels import language_name
from directory_app.listings import operations
from directory_app.models import OrganisationChange

ORGANISATION_FIELDS = ("name", "description", "website", "email", "phone", "charity_number")
# Columns that hold NULL, not "", when left empty.
OPTIONAL_COLUMNS = ("website", "email", "phone", "charity_number")


def snapshot(organisation) -> dict:
    """An organisation's details as a version keeps them."""
    values = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for translation in organisation.translations:
        for name in TRANSLATED_ORGANISATION_FIELDS:
            values[translation_key(translation.language, name)] = getattr(translation, name)
    return values


def write(organisation, version: dict) -> None:
    """Make the organisation match a version, through the one writer of organisations."""
    values = {name: value for name, value in version.items() if ":" not in name}
    for name in OPTIONAL_COLUMNS:
        if name in values:
            values[name] = values[name] or None
    operations.write_organisation(organisation, **values)
    write_translations(organisation, version, TRANSLATED_ORGANISATION_FIELDS)


ORGANISATION = changes.ChangeKind(
    name="organisation",
    model=OrganisationChange,
    subject="organisation",
    snapshot=snapshot,
    write=write,
    title=lambda organisation: organisation.name,
    editor="my_organisations.edit_organisation",
    editor_argument="organisation_id",
)


def as_edited(organisation) -> dict:
    """The details as the group last saved them: with its waiting change, if it has one."""
    values = snapshot(organisation)
    waiting = waiting_organisation_change(organisation.id)
    return {**values, **waiting.after} if waiting is not None else values


def details_form(organisation, user) -> OrganisationForm:
    """The form, filled with what this user should see: the group its waiting change, an
    admin the live details (an admin's save never folds into a group's change)."""
    shown = snapshot(organisation) if is_admin(user) else as_edited(organisation)
    return OrganisationForm(data={name: shown.get(name) or "" for name in ORGANISATION_FIELDS})


def translation_languages(organisation) -> list[str]:
    """Languages the description can be translated into: any we list, except the original's
    (and British Sign Language, which is not written)."""
    return [code for code in ACTIVITY_LANGUAGES if code not in (organisation.text_language, "bfi")]


def translation_form(organisation, language: str, user) -> OrganisationTranslationForm:
    shown = snapshot(organisation) if is_admin(user) else as_edited(organisation)
    return OrganisationTranslationForm(
        data={
            name: shown.get(translation_key(language, name)) or ""
            for name in TRANSLATED_ORGANISATION_FIELDS
        }
    )


def propose(organisation, form: OrganisationForm, user) -> OrganisationChange | None:
    """Record the details' change (None when nothing changed)."""
    fields = {name: (form[name].data or "").strip() for name in ORGANISATION_FIELDS}
    return _propose(organisation, user, fields)


def propose_translation(organisation, language: str, form, user):
    """A change to one language's name and description, moderated like any other."""
    fields = {
        translation_key(language, name): (form[name].data or "").strip()
        for name in TRANSLATED_ORGANISATION_FIELDS
    }
    return _propose(organisation, user, fields)


def _propose(organisation, user, fields: dict) -> OrganisationChange | None:
    if is_admin(user):
        change = changes.propose(ORGANISATION, organisation, user, fields, apply_now=False)
        if change is not None:
            changes.apply(ORGANISATION, change, user)
        return change
    trusted = organisation.trusted
    return changes.propose(
        ORGANISATION,
        organisation,
        user,
        fields,
        apply_now=trusted,
        waiting=None if trusted else waiting_organisation_change(organisation.id),
    )


def organisation_labeller():
    """A function naming each changed field as the form does: 'Website', or 'Name of the
    group in Polish' for a translated one. The labels are read from the form once per page."""
    labels = {field.name: str(field.label.text) for field in OrganisationForm(formdata=None)}

    def label(name: str) -> str:
        if ":" not in name:
            return labels.get(name, name)
        language, field = name.split(":", 1)
        return _("{field} in {language}").format(
            field=labels.get(field, field), language=language_name(language, capitalise=False)
        )

    return label
