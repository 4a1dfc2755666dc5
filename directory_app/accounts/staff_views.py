"""The staff home page, each person's language for emails, and signing out."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from directory_app.accounts.service import sign_out_everywhere
from directory_app.accounts.sessions import leave
from directory_app.core import audit
from directory_app.core.mail_sender import outbox_counts
from directory_app.i18n.email_languages import email_language_choices
from directory_app.i18n.labels import language_name
from directory_app.i18n.locale import available_locales
from directory_app.models.staff import ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("staff", __name__, ROLES, url_prefix="/staff")


@blueprint.get("/")
def home():
    # Admins hear of email that could not be sent here, where they look every day.
    failed_mail = outbox_counts()["failed"] if current_user.role == "admin" else 0
    return render_template(
        "accounts/home.html", email_languages=email_language_choices(), failed_mail=failed_mail
    )


@blueprint.post("/language")
def set_language():
    """The language emails to this person are written in, chosen on their staff page."""
    language = request.form.get("language", "")
    if language in available_locales():
        user = current_user._get_current_object()
        user.language = language
        audit.record("staff.language_chosen", user, language=language)
        in_words = language_name(language, capitalise=False)
        flash(_("Emails to you will now be written in {language}.").format(language=in_words))
    return redirect(url_for("staff.home"))


@blueprint.post("/sign-out")
def sign_out():
    user = current_user._get_current_object()
    audit.record("sign_out", user)
    # Server-side: a copy of this session cookie, anywhere, stops working too.
    sign_out_everywhere(user)
    user.inbox_search = ""
    logout_user()
    flash(_("You have signed out."), "info")
    return leave()
