"""Starting and ending a staff member's signed-in session, and where to go after signing in."""

from datetime import UTC, datetime

from flask import redirect, request, session, url_for

from directory_app.web.access import SIGNED_IN_AT


def safe_next_url(default_endpoint: str = "staff.home") -> str:
    """Where to go after signing in: only a path on this site, never another host."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for(default_endpoint)


def start_session(user) -> None:
    session.permanent = True  # idle timeout: PERMANENT_SESSION_LIFETIME, renewed on each request
    session[SIGNED_IN_AT] = datetime.now(UTC).timestamp()


def leave(default_endpoint: str = "accounts.sign_in"):
    session.pop(SIGNED_IN_AT, None)
    return redirect(url_for(default_endpoint))
