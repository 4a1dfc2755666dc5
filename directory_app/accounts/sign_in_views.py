"""Signing in: by password, or by a one-time link by email; and setting a password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user

from directory_app.accounts import emailed_links, lockout
from directory_app.accounts.forms import EmailOnlyForm, SetPasswordForm, SignInForm
from directory_app.accounts.service import authenticate, change_password
from directory_app.accounts.sessions import safe_next_url, start_session
from directory_app.core import audit
from directory_app.core.extensions import limiter
from directory_app.domain.dates import utcnow
from directory_app.i18n.email_languages import remember_language

blueprint = Blueprint("accounts", __name__, url_prefix="/staff")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        # Failures and lockouts are kept as well as successes: the request commits them.
        outcome = authenticate(form.email.data, form.password.data, client=_client())
        if outcome.user is not None:
            _sign_in_with(outcome.user)
            return redirect(safe_next_url())
        if outcome.locked_for is not None:
            error = _locked_message(outcome.locked_for)
        else:
            error = _("The email address or password is not right")
    return render_template("accounts/sign_in.html", form=form, error=error)


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
        return render_template("accounts/link_sent.html")
    return render_template("accounts/request_link.html", form=form, purpose=purpose)


def _client() -> str:
    return request.remote_addr or ""


def _locked_message(locked_for) -> str:
    minutes = max(1, round(locked_for.total_seconds() / 60))
    return ngettext(
        "Too many attempts to sign in. Wait %(num)d minute and try again, or ask an administrator.",
        "Too many attempts to sign in. Wait %(num)d minutes and try again, or ask an administrator.",
        minutes,
    )


def _link_not_usable():
    return render_template("accounts/link_not_usable.html"), 400


def _sign_in_with(user) -> None:
    remember_language(user)
    login_user(user)
    start_session(user)


@blueprint.route("/sign-in/link/<token>", methods=["GET", "POST"])
def use_sign_in_link(token: str):
    try:
        link = emailed_links.link_for(token, "sign_in")
        if request.method == "GET":  # a button, because email scanners open links
            return render_template("accounts/use_link.html")
        # A link is no way round a lockout: the guesser's client stays locked out.
        waiting = lockout.locked_for(link.user.email, _client(), utcnow())
        if waiting is not None:
            return render_template("accounts/use_link.html", error=_locked_message(waiting))
        emailed_links.use(link)  # of two requests at once with one link, one gets in
    except emailed_links.LinkNotUsable:
        return _link_not_usable()
    audit.record("sign_in.succeeded", link.user, actor=link.user, via="emailed link")
    _sign_in_with(link.user)
    return redirect(url_for("staff.home"))


@blueprint.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str):
    try:
        link = emailed_links.link_for(token, "set_password")
        form = SetPasswordForm()
        if not form.validate_on_submit():
            return render_template("accounts/set_password.html", form=form)
        emailed_links.use(link)
    except emailed_links.LinkNotUsable:
        return _link_not_usable()
    change_password(link.user, form.password.data)
    _sign_in_with(link.user)
    flash(_("Your password has been set."))
    return redirect(url_for("staff.home"))
