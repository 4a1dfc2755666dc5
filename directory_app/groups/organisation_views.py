"""A group changing its organisation's public details and their translations (a
``StaffArea`` for providers, and admins, who may change any organisation's).

Another group's organisation is a 404, however its id is typed. What is saved is moderated
like a listing's change unless the organisation is trusted (``organisation_changes``).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.groups import organisation_changes, queries
from directory_app.groups.editor_views import flash_for
from directory_app.web.access import StaffArea

blueprint = StaffArea(
    "my_organisations",
    __name__,
    ("provider", "admin"),
    url_prefix="/staff/my-groups/organisations",
)


def _user():
    return current_user._get_current_object()


def _organisation(organisation_id: int):
    organisation = queries.editable_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def saved_message(change) -> str:
    """As for a listing, but what stays live meanwhile is the organisation's details."""
    waiting = _(
        "Thank you. A moderator will check your change; the current details stay live until then."
    )
    return flash_for(change, waiting)


@blueprint.route("/<int:organisation_id>", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = organisation_changes.details_form(organisation, _user())
    if form.validate_on_submit():
        change = organisation_changes.propose(organisation, form, _user())
        flash(saved_message(change))
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
    versions = queries.versions_of_organisation(organisation.id)
    return render_template(
        "groups/organisation.html",
        organisation=organisation,
        form=form,
        waiting=queries.waiting_organisation_change(organisation.id),
        changes=versions,
        editing_as_admin=queries.is_admin(current_user),
        field_label=organisation_changes.organisation_labeller(),
    )


@blueprint.route("/<int:organisation_id>/translations", methods=["GET", "POST"])
def translate_organisation(organisation_id: int):
    """The name and description in another language: choose the language, then write."""
    organisation = _organisation(organisation_id)
    language = request.values.get("language", "")
    languages = organisation_changes.translation_languages(organisation)
    if language not in languages:
        return render_template(
            "groups/organisation_translations.html",
            organisation=organisation,
            language=None,
            form=None,
            translation_languages=languages,
        )
    form = organisation_changes.translation_form(organisation, language, _user())
    if form.validate_on_submit():
        change = organisation_changes.propose_translation(organisation, language, form, _user())
        flash(saved_message(change))
        return redirect(url_for(".translate_organisation", organisation_id=organisation.id))
    return render_template(
        "groups/organisation_translations.html",
        organisation=organisation,
        language=language,
        form=form,
    )
