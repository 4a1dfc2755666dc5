"""Who may see staff pages: one place that signs users in from the session and guards roles."""

from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from directory_app.extensions import db, login_manager
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


def staff_required(*roles: str):
    """Only signed-in staff with one of these roles (any staff role if none are named)."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def safe_next_url(default_endpoint: str = "accounts.home") -> str:
    """Where to go after signing in: only a path on this site, never another host."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for(default_endpoint)


def start_session(user: StaffUser) -> None:
    session.permanent = True  # idle timeout: PERMANENT_SESSION_LIFETIME, renewed on each request
    session[SIGNED_IN_AT] = datetime.now(UTC).timestamp()


def leave(default_endpoint: str = "accounts.sign_in"):
    session.pop(SIGNED_IN_AT, None)
    return redirect(url_for(default_endpoint))
