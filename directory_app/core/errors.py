"""Friendly, translated error pages."""

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
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

    @app.errorhandler(429)
    def too_many_requests(_error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(500)
    def server_error(_error):
        # The exception is logged by Flask with the request path only (no form data).
        return render_template("errors/500.html"), 500
