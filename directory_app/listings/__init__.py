"""Keeping listings fresh: reminders to groups, one-click confirmation, problem reports."""

from flask import Blueprint

blueprint = Blueprint("listings", __name__, url_prefix="/listings")

from directory_app.listings import views  # noqa: E402,F401  (registers the routes)
