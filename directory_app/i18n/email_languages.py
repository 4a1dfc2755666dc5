"""The language each person (and each group's own address) is written to in, for emails.

Pages follow the visitor's choice (``i18n``); emails cannot, so each staff member keeps a
language: the one they choose on their staff page, or until then the page they first signed
in on. A group's own address takes the language most of its people use.
"""

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.i18n.locale import available_locales
from directory_app.i18n.url_prefix import language_choices
from directory_app.models import StaffUser, provider_organisation


def page_locale() -> str:
    """The locale of the page being served, to remember as someone's language for emails."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def email_locale(language: str | None) -> str:
    """The locale to write someone an email in: their language when we ship it, else English."""
    if language in available_locales():
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(user) -> None:
    """A person's language for emails, until they choose one: the page they first sign in on."""
    if user.language is None:
        user.language = page_locale()


def email_language_choices() -> list[tuple[str, str]]:
    """(locale, its name in itself) for each shipped language, for the staff page's chooser."""
    return [(choice["locale"], choice["name"]) for choice in language_choices(available_locales())]


def group_email_locale(organisation) -> str:
    """The locale for emails to a group's own address (reminders, problem reports)."""
    return email_locale(group_language(organisation))


def group_language(organisation) -> str | None:
    """The language a group's people use the site in (the most of them), for emails sent to
    the group's own address; None when none of them has signed in yet."""
    return db.session.scalar(
        select(StaffUser.language)
        .join(provider_organisation, provider_organisation.c.staff_user_id == StaffUser.id)
        .where(
            provider_organisation.c.organisation_id == organisation.id,
            StaffUser.language.is_not(None),
            StaffUser.active.is_(True),
        )
        .group_by(StaffUser.language)
        .order_by(func.count().desc(), StaffUser.language)
        .limit(1)
    )
