"""The link workers' inbox: referrals and buddy requests, triage, dashboard, exports.

Every route here is guarded in one place (``guard``): only signed-in staff whose role may
see referrals get in; everyone else is sent to sign in or refused.
"""

from flask import Blueprint, abort
from flask_login import current_user

from directory_app.extensions import login_manager
from directory_app.models.staff import REFERRAL_ROLES

blueprint = Blueprint("inbox", __name__, url_prefix="/staff/referrals")


@blueprint.before_request
def guard():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in REFERRAL_ROLES:
        abort(403)
    return None


@blueprint.after_request
def never_cache(response):
    # Health data must not linger in shared or browser caches.
    response.headers["Cache-Control"] = "no-store"
    return response


from directory_app.inbox import views  # noqa: E402,F401  (registers the routes)
