"""Self-referral and buddy requests: the public forms and the link workers' inbox."""

from flask import Blueprint

blueprint = Blueprint("referrals", __name__)

from directory_app.referrals import public_views  # noqa: E402,F401  (registers the routes)
