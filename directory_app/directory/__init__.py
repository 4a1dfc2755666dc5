"""The public directory: home, search, activity, organisation, venue and category pages."""

from flask import Blueprint

blueprint = Blueprint("directory", __name__)

from directory_app.directory import views  # noqa: E402,F401  (registers the routes)
