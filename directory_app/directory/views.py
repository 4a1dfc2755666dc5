"""Public directory pages. Views parse the request, call a service, render."""

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.directory import listings
from directory_app.directory.calendar import activity_calendar, feed_calendar
from directory_app.directory.calendar_feed import FEED_SIZE, feed_arguments, search_feed
from directory_app.directory.search_page import SearchPage, run_search
from directory_app.directory.session_dates import listed_sessions
from directory_app.domain import schedules
from directory_app.domain.dates import local_now
from directory_app.domain.vocabulary import CATEGORIES, term_by_code
from directory_app.geo.postcodes import ATTRIBUTION
from directory_app.i18n.email_languages import page_locale
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.search.index_store import IndexMissing
from directory_app.search.queries import SearchRequest, category_counts
from directory_app.web.links import absolute_url

blueprint = Blueprint("directory", __name__)


@blueprint.get("/")
def home():
    now = local_now()
    soon = run_search(SearchRequest(sort="next"), page_size=6, now=now)
    week_ahead = now + timedelta(days=7)
    soon.rows = [
        row for row in soon.rows if row.next_session and row.next_session.starts_at < week_ahead
    ]
    return render_template(
        "directory/home.html",
        categories=CATEGORIES,
        category_counts=_category_counts(),
        soon=soon,
        now=now,
    )


def _category_counts() -> dict[str, int]:
    # From the index, which holds exactly the published activities; counting in the
    # database took 60 ms at 100,000 listings. Without an index, the home page still works.
    try:
        return category_counts(current_app.config["SEARCH_INDEX_DIR"], local_now().date())
    except IndexMissing:
        return listings.category_counts(local_now().date())


@blueprint.get("/search")
def search():
    page = SearchPage.from_args(request.args, local_now())
    return render_template(
        "directory/results.html", page=page, attribution=ATTRIBUTION, heading=_("Search results")
    )


@blueprint.get("/categories/<code>")
def category(code: str):
    term = term_by_code(CATEGORIES, code)
    if term is None:
        abort(404)
    args = request.args.copy()
    args.setlist("category", [code])
    page = SearchPage.from_args(args, local_now(), base_endpoint="directory.search")
    return render_template(
        "directory/results.html",
        page=page,
        attribution=ATTRIBUTION,
        heading=str(term.label),
        category_term=term,
    )


def _can_moderate() -> bool:
    return current_user.is_authenticated and current_user.role in MODERATOR_ROLES


@blueprint.get("/activities/<int:activity_id>")
def activity(activity_id: int):
    now = local_now()
    found = listings.public_activity(activity_id, now.date(), _can_moderate())
    if found is None:
        abort(404)
    timetable = schedules.timetable_for(found)
    upcoming = schedules.upcoming_sessions(timetable, now, count=5)
    return render_template(
        "directory/activity.html",
        activity=found,
        upcoming=upcoming,
        # Term-time sessions get no dates where the borough's terms are not known.
        term_dates_unknown=timetable.terms_unknown,
        may_be_out_of_date=found.may_be_out_of_date_on(now.date()),
        hidden_from_public=found.hidden_from_public_on(now.date()),
        share_url=absolute_url("directory.activity", language=page_locale(), activity_id=found.id),
    )


@blueprint.get("/activities/<int:activity_id>/calendar.ics")
def activity_ics(activity_id: int):
    now = local_now()
    found = listings.public_activity(activity_id, now.date(), _can_moderate())
    if found is None:
        abort(404)
    page_url = absolute_url("directory.activity", language=page_locale(), activity_id=found.id)
    return _calendar_response(
        activity_calendar(found, page_url, now),
        f'attachment; filename="activity-{found.id}.ics"',
    )


@blueprint.get("/search/calendar.ics")
def search_ics():
    """The search in the query string as a calendar to subscribe to."""
    now = local_now()
    try:
        feed = search_feed(request.args, now)
    except IndexMissing:
        # An empty calendar would make subscribers' apps delete every session they hold.
        return Response(status=503, headers={"Retry-After": "600"})
    listed = [
        (found, absolute_url("directory.activity", language=page_locale(), activity_id=found.id))
        for found in feed.activities
    ]
    response = _calendar_response(
        feed_calendar(feed.name, listed, now), 'inline; filename="search.ics"'
    )
    # Calendar apps poll: let a shared cache answer repeats for a while, but not so long
    # that a session cancelled today still shows tomorrow.
    response.cache_control.public = True
    response.cache_control.max_age = 30 * 60
    return response


def _calendar_response(body: bytes, disposition: str) -> Response:
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


@blueprint.app_template_global()
def search_calendar_links(args) -> dict:
    """A search's feed: its https address, the same as ``webcal://`` (which opens the
    subscribe dialogue of most calendar apps), both from ``PUBLIC_URL``, and how many
    results it holds at most."""
    # The query joined on, not passed as values: a parameter named like one of
    # absolute_url's own ("language") must not clash with it.
    query = urlencode(feed_arguments(args).to_dict(flat=False), doseq=True)
    url = absolute_url("directory.search_ics", language=page_locale())
    url += f"?{query}" if query else ""
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1], "size": FEED_SIZE}


@blueprint.app_template_global()
def sessions_with_cancellations(activity, upcoming) -> list:
    """The activity page's "Next dates": the next sessions and the cancelled ones among
    them (``session_dates.listed_sessions``)."""
    return listed_sessions(activity, upcoming or [], local_now())


@blueprint.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    found = listings.organisation(organisation_id)
    if found is None:
        abort(404)
    return render_template(
        "directory/organisation.html",
        organisation=found,
        activities=listings.published_activities_for_organisation(found.id, local_now().date()),
    )


@blueprint.get("/venues/<int:venue_id>")
def venue(venue_id: int):
    found = listings.venue(venue_id)
    if found is None:
        abort(404)
    if found.archived:
        # Archived listings are not found either; the page says why, for old links.
        return render_template("directory/venue.html", venue=found, archived=True), 404
    activities = listings.published_activities_at_venue(found.id, local_now().date())
    if found.added_by_organisation_id and not activities and not _can_moderate():
        # A venue a group has just added has been checked by nobody: it shows once a
        # published listing is held there.
        abort(404)
    return render_template(
        "directory/venue.html", venue=found, activities=activities, attribution=ATTRIBUTION
    )


@blueprint.get("/favicon.ico")
def favicon():
    """Browsers ask for ``/favicon.ico`` whatever a page says; pages also name the SVG.

    Served from memory: a few hundred bytes, read once, and no file left open per request.
    """
    response = Response(_favicon(current_app.static_folder), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 60 * 60
    return response


@lru_cache(maxsize=1)
def _favicon(static_folder: str) -> bytes:
    return (Path(static_folder) / "favicon.ico").read_bytes()
