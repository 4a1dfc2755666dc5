"""Admins finding any listing or venue to change it, and archiving a listing or a venue
(a ``StaffArea`` for admins).

The change itself is made in the group's own editor (``editor_views``, ``venue_views``),
which lets an admin open any record and applies what they save at once.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.groups import admin_edits, admin_queries, queries
from directory_app.web.access import StaffArea
from directory_app.web.input import plain_text, whole_number

blueprint = StaffArea("admin_listings", __name__, ("admin",), url_prefix="/staff")
MAX_PAGE = 10_000


def search_and_page() -> tuple[str, int]:
    """What the admin typed to find (``q``), and the page asked for (``page``)."""
    return (
        plain_text(request.args.get("q"), 100),
        whole_number(request.args.get("page"), 1, MAX_PAGE) or 1,
    )


@blueprint.get("/listings")
def listing_list():
    text, page = search_and_page()
    return render_template(
        "groups/admin_listings.html", found=admin_queries.find_listings(text, page), q=text
    )


@blueprint.get("/venues")
def venue_list():
    text, page = search_and_page()
    show_archived = request.args.get("archived") == "1"
    return render_template(
        "groups/admin_venues.html",
        found=admin_queries.find_venues(text, page, show_archived),
        q=text,
        show_archived=show_archived,
    )


def _venue(venue_id: int):
    venue = queries.editable_venue(current_user, venue_id)
    if venue is None:
        abort(404)
    return venue


def _venue_page(venue, status: int = 200):
    """The archive page: what archiving does, or the listings that stop it, or (for an
    archived venue) who archived it and a button to list it again."""
    in_use = [] if venue.archived else admin_queries.listings_meeting_at(venue)
    return render_template("groups/admin_venue_archive.html", venue=venue, in_use=in_use), status


@blueprint.get("/venues/<int:venue_id>/archive")
def confirm_venue_archive(venue_id: int):
    return _venue_page(_venue(venue_id))


@blueprint.post("/venues/<int:venue_id>/archive")
def archive_venue(venue_id: int):
    venue = _venue(venue_id)
    try:
        change = admin_edits.archive_venue(venue, current_user._get_current_object())
    except admin_edits.VenueStillInUse:
        return _venue_page(venue, 409)
    if change is None:
        flash(_("{name} was archived already.").format(name=venue.name))
    else:
        flash(_("Archived: {name} is no longer listed.").format(name=venue.name))
    return redirect(url_for("admin_listings.confirm_venue_archive", venue_id=venue.id))


@blueprint.post("/venues/<int:venue_id>/restore")
def restore_venue(venue_id: int):
    venue = _venue(venue_id)
    if admin_edits.restore_venue(venue, current_user._get_current_object()) is None:
        flash(_("{name} is listed already.").format(name=venue.name))
    else:
        flash(_("Restored: {name} is listed again.").format(name=venue.name))
    return redirect(url_for("admin_listings.confirm_venue_archive", venue_id=venue.id))


def _activity(activity_id: int):
    activity = queries.editable_activity(current_user, activity_id)
    if activity is None:
        abort(404)
    return activity


@blueprint.get("/listings/<int:activity_id>/archive")
def confirm_archive(activity_id: int):
    return render_template("groups/admin_archive.html", activity=_activity(activity_id))


@blueprint.post("/listings/<int:activity_id>/archive")
def archive_listing(activity_id: int):
    """Archive at once, as a version of its own: the admin moderates."""
    activity = _activity(activity_id)
    change = admin_edits.archive_listing(activity, current_user._get_current_object())
    if change is None:
        flash(_("{title} was archived already.").format(title=activity.title))
    else:
        flash(_("Archived: {title} is no longer listed.").format(title=activity.title))
    return redirect(url_for("my_groups.edit_activity", activity_id=activity.id))
