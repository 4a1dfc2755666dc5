"""Pieces every public form shares: the honeypot, phone and email checks, tick boxes.

Kept in one place so the same mistake gets the same translated message on every form.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.i18n.labels import language_name

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def phone_format(_form, field) -> None:
    if field.data and not PHONE_RE.match(field.data.strip()):
        raise ValidationError(_l("Enter a phone number, like 07700 900 982 or 01632 960 001"))


def email_format(_form, field) -> None:
    if field.data and not EMAIL_RE.match(field.data.strip()):
        raise ValidationError(
            _l("Enter an email address in the correct format, like name@example.com")
        )


class HoneypotForm(FlaskForm):
    """A form with a field people never see (hidden and labelled so) but bots fill in."""

    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    @property
    def is_spam(self) -> bool:
        return bool((self.website.data or "").strip())


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_choices(blank=True):
    """Languages, each named in itself (so people find their own), for a select or boxes."""
    return ([SelectChoice("", _l("Choose a language"))] if blank else []) + [
        SelectChoice(code, language_name(code, in_own_language=True)) for code in ACTIVITY_LANGUAGES
    ]
