"""Staff sign-in and sign-out, the staff home page and the audit log."""

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from directory_app import audit
from directory_app.accounts import blueprint
from directory_app.accounts.access import leave, safe_next_url, staff_required, start_session
from directory_app.accounts.forms import SignInForm
from directory_app.accounts.service import authenticate
from directory_app.extensions import db, limiter
from directory_app.models import AuditEvent

AUDIT_PAGE_SIZE = 100


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        outcome = authenticate(form.email.data, form.password.data)
        db.session.commit()  # failures and lockouts must be kept, not only successes
        if outcome.user is not None:
            login_user(outcome.user)
            start_session(outcome.user)
            return redirect(safe_next_url())
        if outcome.locked_for is not None:
            minutes = max(1, round(outcome.locked_for.total_seconds() / 60))
            error = _(
                "Too many attempts to sign in. Wait {minutes} minutes and try again, or ask an administrator."
            ).format(minutes=minutes)
        else:
            error = _("The email address or password is not right")
    return render_template("accounts/sign_in.html", form=form, error=error)


@blueprint.post("/sign-out")
@staff_required()
def sign_out():
    audit.record("sign_out", current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return leave()


@blueprint.get("/")
@staff_required()
def home():
    return render_template("accounts/home.html")


@blueprint.get("/audit")
@staff_required("admin")
def audit_log():
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE_SIZE)
    ).all()
    audit.record("audit_log.viewed")
    db.session.commit()
    return render_template("accounts/audit.html", events=events)
