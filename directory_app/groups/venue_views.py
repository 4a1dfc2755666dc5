"""Pages for groups' venues: add one, keep it right; moderators check shared venues."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from directory_app.accounts.access import staff_required
from directory_app.extensions import db
from directory_app.groups import blueprint, venues
from directory_app.groups.views import chosen_organisation, flash_for
from directory_app.models import VenueChange


@blueprint.route("/staff/my-groups/venues/new", methods=["GET", "POST"])
@staff_required("provider")
def add_venue():
    if not current_user.organisations:
        abort(404)
    form = venues.venue_form(None)
    if form.validate_on_submit():
        organisation = chosen_organisation(
            current_user.organisations, request.form.get("organisation", "")
        )
        venue = venues.add_venue(form, current_user._get_current_object(), organisation)
        db.session.commit()
        flash(_("Venue added. Choose it on your listings' pages to hold them there."))
        return redirect(url_for("groups.edit_venue", venue_id=venue.id))
    return render_template(
        "groups/venue.html", form=form, venue=None, organisations=current_user.organisations
    )


@blueprint.route("/staff/my-groups/venues/<int:venue_id>", methods=["GET", "POST"])
@staff_required("provider")
def edit_venue(venue_id: int):
    venue = venues.editable_venue(current_user, venue_id)
    if venue is None:
        abort(404)
    form = venues.venue_form(venue)
    if form.validate_on_submit():
        change = venues.propose(venue, form, current_user._get_current_object())
        db.session.commit()
        flash(flash_for(change))
        return redirect(url_for("groups.edit_venue", venue_id=venue.id))
    changes = db.session.scalars(
        select(VenueChange).where(VenueChange.venue_id == venue.id).order_by(VenueChange.id.desc())
    ).all()
    return render_template(
        "groups/venue.html",
        form=form,
        venue=venue,
        changes=changes,
        field_label=venues.labeller(),
    )
