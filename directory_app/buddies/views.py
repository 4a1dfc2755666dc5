"""Volunteer buddy records for link workers: the list, adding one and keeping it right."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.buddies import records
from directory_app.buddies.forms import BuddyForm
from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.models import Buddy
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.forms import language_choices

blueprint = StaffArea("buddies", __name__, REFERRAL_ROLES, url_prefix="/staff/buddies")


@blueprint.get("/")
def buddy_list():
    filters = records.BuddyFilters.from_args(request.args)
    buddies = records.find_buddies(filters)
    audit.record("buddies.listed", shown=len(buddies))
    return render_template(
        "buddies/list.html",
        buddies=buddies,
        filters=filters,
        language_options=language_choices(blank=False),
        areas=records.area_choices(),
        checks_due=records.check_labels,
        today=local_today(),
    )


@blueprint.route("/new", methods=["GET", "POST"])
def add_buddy():
    form = BuddyForm(records.area_choices(), data={"active": True})
    if form.validate_on_submit():
        buddy = records.create_buddy(form.values(), current_user._get_current_object())
        flash(_("Volunteer added"))
        return redirect(url_for("buddies.edit_buddy", buddy_id=buddy.id))
    return render_template("buddies/edit.html", form=form, buddy=None)


@blueprint.route("/<int:buddy_id>", methods=["GET", "POST"])
def edit_buddy(buddy_id: int):
    buddy = db.session.get(Buddy, buddy_id)
    if buddy is None:
        abort(404)
    form = BuddyForm([*records.area_choices(), *(buddy.areas or [])], obj=buddy)
    if form.validate_on_submit():
        records.update_buddy(buddy, form.values(), current_user._get_current_object())
        flash(_("Volunteer's record saved"))
        return redirect(url_for("buddies.edit_buddy", buddy_id=buddy.id))
    audit.record("buddy.viewed", buddy)
    return render_template(
        "buddies/edit.html",
        form=form,
        buddy=buddy,
        checks_due=records.check_labels(buddy, local_today()),
    )
