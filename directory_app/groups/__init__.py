"""VCSE groups: asking for an account, admins deciding, and providers inviting colleagues."""

from flask import Blueprint

blueprint = Blueprint("groups", __name__)

from directory_app.groups import venue_views, views  # noqa: E402,F401  (registers the routes)
