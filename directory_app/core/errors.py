"""Friendly, translated error pages, and the database's faults turned into "try again".

A database that is locked, restarting or out of reach is not the person's fault and must
not cost them their answers: the 503 page carries every field they sent (as hidden inputs,
never in a log) and sends it again with one press. Error pages never touch the database,
so they still render while it is away.
"""

import logging

from flask import Flask, abort, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import SecurityError

from directory_app.core.extensions import login_manager
from directory_app.core.logs import redacted_path

log = logging.getLogger(__name__)
DATABASE_AWAY = (OperationalError, InterfaceError, PoolTimeout)


def _page(template: str, status: int, **context):
    """An error page that renders without the database."""
    if "_login_user" not in g:
        # Signed-in or not cannot be looked up without the database: show the public page.
        g._login_user = login_manager.anonymous_user()
    return render_template(template, **context), status


def register(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        if isinstance(error, SecurityError):
            # An untrusted Host: no link can be made for it, so no page either.
            return "Bad request: this site does not answer to that host name.", 400
        return _page("errors/400.html", 400)

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return render_template("errors/404.html"), 405

    @app.errorhandler(CSRFError)
    def form_expired(_error):
        # Usually cookies are off, or the form was open for a very long time.
        return render_template("errors/form_expired.html"), 400

    @app.errorhandler(403)
    def forbidden(_error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(413)
    def too_large(_error):
        return _page("errors/413.html", 413)

    @app.errorhandler(429)
    def too_many_requests(_error):
        return _page("errors/429.html", 429)

    @app.errorhandler(500)
    def server_error(_error):
        # Logged by TransactionalFlask.log_exception: the path, never the form's data.
        return _page("errors/500.html", 500)

    def database_away(error):
        log.warning(
            "Database unavailable (%s) on %s %s; the person was asked to try again.",
            type(error.orig if hasattr(error, "orig") else error).__name__,
            request.method,
            redacted_path(request.path),
        )
        fields = [
            (name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"
        ]
        action = request.script_root + request.full_path.rstrip("?")
        body, status = _page("errors/try_again.html", 503, fields=fields, action=action)
        return body, status, {"Retry-After": "5", "Cache-Control": "no-store"}

    for kind in DATABASE_AWAY:
        app.register_error_handler(kind, database_away)

    @app.errorhandler(DataError)
    def data_refused(error):
        # A value the database cannot take (a NUL byte, a number out of range) came from
        # the request: the request is at fault, not the service. Forms check their fields
        # first; this catches what gets past them.
        log.warning(
            "The database refused a value (%s) on %s %s.",
            type(error.orig).__name__,
            request.method,
            redacted_path(request.path),
        )
        return _page("errors/400.html", 400)

    @app.before_request
    def refuse_control_characters_in_the_path():
        # No page's address holds one; a NUL would reach the database as a token or code.
        if any(ord(char) < 32 or ord(char) == 127 for char in request.path):
            abort(404)
