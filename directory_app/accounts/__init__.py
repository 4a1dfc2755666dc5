"""Staff accounts: sign-in, sign-out, roles, and the audit log page for admins."""

from flask import Blueprint

blueprint = Blueprint("accounts", __name__, url_prefix="/staff")

from directory_app.accounts import views  # noqa: E402,F401  (registers the routes)
