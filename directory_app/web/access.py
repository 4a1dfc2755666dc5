"""Who may see staff pages: signing users in from the session, and staff areas.

Every staff page belongs to a ``StaffArea``: a blueprint that checks, before each of its
requests, that someone is signed in with one of the area's roles. A route added to an area
is guarded the moment it exists, and ``tests/test_access.py`` walks the URL map to prove
that every staff route is in one.
"""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from directory_app.core.extensions import db, login_manager
from directory_app.models import StaffUser

SIGNED_IN_AT = "staff_signed_in_at"


def configure(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Sign in to see that page.")
    login_manager.login_message_category = "info"
    # "strong" protection signs the user out if their session is replayed from elsewhere.
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_token: str) -> StaffUser | None:
    """The signed-in user, unless their session is older than the longest allowed."""
    signed_in_at = session.get(SIGNED_IN_AT)
    longest = timedelta(hours=current_app.config["STAFF_SESSION_MAX_HOURS"])
    if (
        signed_in_at is None
        or datetime.now(UTC).timestamp() - signed_in_at > longest.total_seconds()
    ):
        return None
    return db.session.scalar(
        select(StaffUser).where(
            StaffUser.session_token == session_token, StaffUser.active.is_(True)
        )
    )


class StaffArea(Blueprint):
    """A blueprint whose every route only signed-in staff with one of ``roles`` may open.

    Anyone signed out is sent to sign in; a signed-in person without the role gets 403.
    Responses are never cached: staff pages show personal data.
    """

    def __init__(self, name: str, import_name: str, roles: tuple[str, ...], **options):
        super().__init__(name, import_name, **options)
        self.roles = tuple(roles)
        self.before_request(self._guard)
        self.after_request(_never_cache)

    def _guard(self):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in self.roles:
            abort(403)
        return None


def _never_cache(response):
    # Health data and group members' details must not linger in shared or browser caches.
    response.headers["Cache-Control"] = "no-store"
    return response
