"""Staff sign-in and sign-out, the staff home page and the audit log."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from directory_app import audit
from directory_app.accounts import blueprint, emailed_links
from directory_app.accounts.access import leave, safe_next_url, staff_required, start_session
from directory_app.accounts.forms import EmailOnlyForm, SetPasswordForm, SignInForm
from directory_app.accounts.service import authenticate, change_password
from directory_app.email_languages import email_language_choices, remember_language
from directory_app.extensions import db, limiter
from directory_app.i18n import available_locales
from directory_app.mail import send_after
from directory_app.models import AuditEvent
from directory_app.presentation import language_name

AUDIT_PAGE_SIZE = 100


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        outcome = authenticate(form.email.data, form.password.data)
        if outcome.user is not None:
            remember_language(outcome.user)
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
    return render_template("accounts/home.html", email_languages=email_language_choices())


@blueprint.post("/language")
@staff_required()
def set_language():
    """The language emails to this person are written in, chosen on their staff page."""
    language = request.form.get("language", "")
    if language in available_locales():
        user = current_user._get_current_object()
        user.language = language
        audit.record("staff.language_chosen", user, language=language)
        db.session.commit()
        in_words = language_name(language, capitalise=False)
        flash(_("Emails to you will now be written in {language}.").format(language=in_words))
    return redirect(url_for("accounts.home"))


@blueprint.get("/audit")
@staff_required("admin")
def audit_log():
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE_SIZE)
    ).all()
    audit.record("audit_log.viewed")
    db.session.commit()
    return render_template("accounts/audit.html", events=events)


@blueprint.route("/sign-in/email", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def request_sign_in_link():
    return _request_link("sign_in")


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    return _request_link("set_password")


def _request_link(purpose: str):
    form = EmailOnlyForm()
    if form.validate_on_submit():
        emailed_links.email_link(form.email.data, purpose)
        db.session.commit()
        return send_after(make_response(render_template("accounts/link_sent.html")))
    return render_template("accounts/request_link.html", form=form, purpose=purpose)


@blueprint.route("/sign-in/link/<token>", methods=["GET", "POST"])
def use_sign_in_link(token: str):
    try:
        link = emailed_links.link_for(token, "sign_in")
    except emailed_links.LinkNotUsable:
        return render_template("accounts/link_not_usable.html"), 400
    if request.method == "GET":  # a button, because email scanners open links
        return render_template("accounts/use_link.html")
    emailed_links.use(link)
    audit.record("sign_in.succeeded", link.user, actor=link.user, via="emailed link")
    remember_language(link.user)
    db.session.commit()
    login_user(link.user)
    start_session(link.user)
    return redirect(url_for("accounts.home"))


@blueprint.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str):
    try:
        link = emailed_links.link_for(token, "set_password")
    except emailed_links.LinkNotUsable:
        return render_template("accounts/link_not_usable.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        change_password(link.user, form.password.data)
        emailed_links.use(link)
        remember_language(link.user)
        db.session.commit()
        login_user(link.user)
        start_session(link.user)
        flash(_("Your password has been set."))
        return redirect(url_for("accounts.home"))
    return render_template("accounts/set_password.html", form=form)
