"""Admins marking groups as trusted, or not (a ``StaffArea`` for admins).

A trusted group's changes to its listings and details go live without a moderator; the
page says so beside the control, and who last changed it and when (from the audit log).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core.extensions import db
from directory_app.groups import admin_edits, admin_queries
from directory_app.groups.admin_views import search_and_page
from directory_app.models import Organisation
from directory_app.web.access import StaffArea

blueprint = StaffArea("admin_organisations", __name__, ("admin",), url_prefix="/staff")
TRUST_FILTERS = {"yes": True, "no": False}


@blueprint.get("/organisations")
def organisation_list():
    text, page = search_and_page()
    shown = request.args.get("trusted", "")
    found = admin_queries.find_organisations(text, page, TRUST_FILTERS.get(shown))
    return render_template(
        "groups/admin_organisations.html",
        found=found,
        q=text,
        trusted=shown if shown in TRUST_FILTERS else "",
        trust_changes=admin_queries.last_trust_changes(found.rows),
    )


@blueprint.post("/organisations/<int:organisation_id>/trusted")
def set_trusted(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    answer = request.form.get("trusted", "")
    if organisation is None or answer not in TRUST_FILTERS:
        abort(404 if organisation is None else 400)
    trusted = TRUST_FILTERS[answer]
    if admin_edits.set_trusted(organisation, trusted, current_user._get_current_object()):
        message = (
            _("{name} is trusted: its changes now go live without a moderator.")
            if trusted
            else _("{name} is no longer trusted: a moderator checks its changes.")
        )
        flash(message.format(name=organisation.name))
    # Back to the same search and page, so a run of decisions keeps its place.
    back = {
        name: request.form[name]
        for name in ("q", "page", "trusted_filter")
        if request.form.get(name)
    }
    if "trusted_filter" in back:
        back["trusted"] = back.pop("trusted_filter")
    return redirect(url_for("admin_organisations.organisation_list", **back))
