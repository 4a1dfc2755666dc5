"""A provider's venues: add one, and keep it right (a ``StaffArea`` for providers).

Admins may change any venue here too: a version like a group's, live at once
(``admin_edits``).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.groups import admin_edits, queries, venue_changes
from directory_app.groups.editor_views import chosen_organisation, flash_for
from directory_app.groups.preview import venue_labeller
from directory_app.web.access import StaffArea

blueprint = StaffArea(
    "my_venues", __name__, ("provider", "admin"), url_prefix="/staff/my-groups/venues"
)


@blueprint.route("/new", methods=["GET", "POST"])
def add_venue():
    if not current_user.organisations:
        abort(404)
    form = venue_changes.venue_form(None)
    if form.validate_on_submit():
        organisation = chosen_organisation(
            current_user.organisations, request.form.get("organisation", "")
        )
        venue = venue_changes.add_venue(form, current_user._get_current_object(), organisation)
        flash(_("Venue added. Choose it on your listings' pages to hold them there."))
        return redirect(url_for("my_venues.edit_venue", venue_id=venue.id))
    return render_template(
        "groups/venue.html", form=form, venue=None, organisations=current_user.organisations
    )


@blueprint.route("/<int:venue_id>", methods=["GET", "POST"])
def edit_venue(venue_id: int):
    venue = queries.editable_venue(current_user, venue_id)
    if venue is None:
        abort(404)
    form = venue_changes.venue_form(venue)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if queries.is_admin(user):
            change = admin_edits.edit_venue(venue, form, user)
        else:
            change = venue_changes.propose(venue, form, user)
        flash(flash_for(change))
        return redirect(url_for("my_venues.edit_venue", venue_id=venue.id))
    return render_template(
        "groups/venue.html",
        form=form,
        venue=venue,
        changes=queries.versions_of_venue(venue.id),
        field_label=venue_labeller(),
        editing_as_admin=queries.is_admin(current_user),
    )
