"""Asking for a group account: 'Add your group', or 'Claim this organisation'."""

from flask import Blueprint, redirect, render_template, request, url_for

from directory_app.core.extensions import db, limiter
from directory_app.groups import membership
from directory_app.groups.forms import JoinForm
from directory_app.models import Organisation
from directory_app.web.input import record_id

blueprint = Blueprint("groups", __name__, url_prefix="/groups")


@blueprint.route("/join", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def join():
    form = JoinForm()
    organisation_id = record_id(request.values.get("organisation") or form.organisation_id.data)
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if request.method == "GET":
        form.organisation_id.data = organisation.id if organisation else ""
    if form.validate_on_submit():
        if not form.is_spam:  # the honeypot: bots get thanks, nothing more
            membership.submit_request(form)
        return redirect(url_for("groups.join_sent"))
    return render_template("groups/join.html", form=form, organisation=organisation)


@blueprint.get("/join/sent")
def join_sent():
    return render_template("groups/join_sent.html")
