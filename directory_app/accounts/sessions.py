"""Starting and ending a staff member's signed-in session, and where to go after signing in."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import redirect, request, session, url_for

from directory_app.web.access import SIGNED_IN_AT


def safe_next_url(default_endpoint: str = "staff.home") -> str:
    """Where to go after signing in: only a path on this site, never another host."""
    target = request.args.get("next", "")
    return target if is_same_site_path(target) else url_for(default_endpoint)


def is_same_site_path(target: str) -> bool:
    """A path on this site and nothing else.

    Browsers drop tabs and newlines from a Location header and read a backslash as a
    slash, so a tab or a backslash after the first slash would lead off the site: any
    control character, space or backslash refuses the target, as does a scheme or a host.
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(char) < 33 or char in "\\\x7f" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def start_session(user) -> None:
    session.permanent = True  # idle timeout: PERMANENT_SESSION_LIFETIME, renewed on each request
    session[SIGNED_IN_AT] = datetime.now(UTC).timestamp()


def leave(default_endpoint: str = "accounts.sign_in"):
    session.pop(SIGNED_IN_AT, None)
    return redirect(url_for(default_endpoint))
