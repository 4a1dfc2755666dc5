"""The OpenActive dataset site and its two RPDE feeds, public and open to any web page."""

import json
from datetime import timedelta

from flask import Blueprint, Response, render_template, request

from directory_app.domain.dates import utcnow
from directory_app.openactive import dataset, rpde
from directory_app.openactive.addresses import FeedAddresses
from directory_app.openactive.series_feed import series_page
from directory_app.openactive.session_feed import WINDOW, sessions_page
from directory_app.web.links import absolute_url

blueprint = Blueprint("openactive", __name__, url_prefix="/openactive")


@blueprint.get("/")
def dataset_site():
    """The dataset site: what the feeds hold, where they are, and the licence."""
    addresses = FeedAddresses.current()
    return render_template(
        "openactive/dataset.html",
        feeds=dataset.feeds(addresses),
        dataset_name=dataset.dataset_name(),
        dataset_description=dataset.dataset_description(),
        json_ld=dataset.dataset_json_ld(addresses),
        license=rpde.LICENSE,
        window_weeks=WINDOW // timedelta(weeks=1),
        retention_days=rpde.RETENTION.days,
    )


@blueprint.get("/session-series")
def session_series():
    """The SessionSeries feed (``series_feed``)."""
    return _feed_page("openactive.session_series", series_page)


@blueprint.get("/scheduled-sessions")
def scheduled_sessions():
    """The ScheduledSession feed (``session_feed``)."""
    return _feed_page("openactive.scheduled_sessions", sessions_page)


def _feed_page(endpoint: str, page_of) -> Response:
    try:
        feed_request = rpde.FeedRequest.from_args(request.args)
        items = page_of(feed_request, utcnow())
    except rpde.FeedRequestError as error:
        return _json_response(json.dumps({"error": str(error)}), 400, "no-store")
    next_url = absolute_url(endpoint, **rpde.next_parameters(items, feed_request))
    return _json_response(rpde.page_body(items, next_url), 200, rpde.cache_control(items))


def _json_response(body: str, status: int, cache_control: str) -> Response:
    response = Response(body, status=status, mimetype="application/json")
    # Open data: any site's script may read it (RPDE consumers are often in browsers).
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = cache_control
    return response
