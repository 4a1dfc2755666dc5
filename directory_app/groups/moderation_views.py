"""Moderators checking groups' changes to listings, venues and organisations' details, in
one queue. Each change says whether its group is trusted (``admin_organisation_views``)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.groups import changes, queries
from directory_app.groups.listing_changes import LISTING
from directory_app.groups.organisation_changes import ORGANISATION, organisation_labeller
from directory_app.groups.preview import (
    listing_labeller,
    render_preview,
    shown_value,
    venue_labeller,
)
from directory_app.groups.venue_changes import VENUE
from directory_app.models import ListingChange, OrganisationChange, VenueChange
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text

blueprint = StaffArea("moderation", __name__, MODERATOR_ROLES, url_prefix="/staff")
# Listings', venues' and organisations' changes are checked in the same queue, the same way.
KINDS = {"listing": LISTING, "venue": VENUE, "organisation": ORGANISATION}


@blueprint.get("/listing-changes")
def change_queue():
    pending = queries.pending_changes(ListingChange)
    pending_venues = queries.pending_changes(VenueChange)
    pending_organisations = queries.pending_changes(OrganisationChange)
    audit.record(
        "listing.changes_listed",
        shown=len(pending) + len(pending_venues) + len(pending_organisations),
    )
    clashes = {}
    for kind, waiting in (
        ("listing", pending),
        ("venue", pending_venues),
        ("organisation", pending_organisations),
    ):
        clashes.update({(kind, c.id): changes.conflicts(KINDS[kind], c) for c in waiting})
    return render_template(
        "groups/change_queue.html",
        changes=pending,
        venue_changes=pending_venues,
        organisation_changes=pending_organisations,
        conflicts=clashes,
        listing_label=listing_labeller(),
        venue_label=venue_labeller(),
        organisation_label=organisation_labeller(),
        shown_value=shown_value,
    )


def _pending(kind: str, change_id: int):
    change = queries.pending_change(KINDS[kind].model, change_id)
    if change is None:
        abort(404)
    return change


@blueprint.get("/listing-changes/<int:change_id>/preview")
def preview_change(change_id: int):
    return render_preview(_pending("listing", change_id))


@blueprint.post("/listing-changes/<int:change_id>/approve", defaults={"kind": "listing"})
@blueprint.post("/venue-changes/<int:change_id>/approve", defaults={"kind": "venue"})
@blueprint.post("/organisation-changes/<int:change_id>/approve", defaults={"kind": "organisation"})
def approve_change(kind: str, change_id: int):
    overwrite = request.form.get("overwrite") == "1"
    try:
        changes.approve(
            KINDS[kind], _pending(kind, change_id), current_user._get_current_object(), overwrite
        )
    except changes.ChangeConflict:
        flash(
            _(
                "Not approved: part of this change was changed again since it was made. "
                "Check what it would overwrite, then approve it anyway or send it back."
            )
        )
        return redirect(url_for("moderation.change_queue"))
    flash(_("Approved: the change is live and the group has been told."))
    return redirect(url_for("moderation.change_queue"))


@blueprint.post("/listing-changes/<int:change_id>/return", defaults={"kind": "listing"})
@blueprint.post("/venue-changes/<int:change_id>/return", defaults={"kind": "venue"})
@blueprint.post("/organisation-changes/<int:change_id>/return", defaults={"kind": "organisation"})
def return_change(kind: str, change_id: int):
    comment = form_text(request.form.get("comment"), 500)
    if not comment.strip():
        flash(_("Say what needs to change before sending it back"))
        return redirect(url_for("moderation.change_queue"))
    changes.send_back(
        KINDS[kind], _pending(kind, change_id), current_user._get_current_object(), comment
    )
    flash(_("Sent back to the group with your comment."))
    return redirect(url_for("moderation.change_queue"))
