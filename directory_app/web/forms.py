"""Pieces every form shares: the base form, the honeypot, phone, email and web address
checks, tick boxes.

Kept in one place so the same mistake gets the same translated message on every form.
"""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.i18n.labels import language_name

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
# Control characters a person cannot type (NUL above all, which PostgreSQL cannot store);
# tabs and line breaks are ordinary in text boxes.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DOMAIN_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def no_longer_than(characters: int) -> Length:
    """A length limit whose message is translated (WTForms' own is English)."""
    return Length(max=characters, message=_l("This must be %(max)d characters or fewer"))


def phone_format(_form, field) -> None:
    if field.data and not PHONE_RE.match(field.data.strip()):
        raise ValidationError(_l("Enter a phone number, like 07700 900 982 or 01632 960 001"))


def email_format(_form, field) -> None:
    if field.data and not EMAIL_RE.match(field.data.strip()):
        raise ValidationError(
            _l("Enter an email address in the correct format, like name@example.com")
        )


def web_address(text: str | None) -> str | None:
    """A web page's address if it is one, with "https://" added when only the site was typed
    ("example.org/club"); None for anything else, ``javascript:`` links above all."""
    text = (text or "").strip()
    if not text or CONTROL_RE.search(text) or any(char.isspace() for char in text):
        return None
    if "://" not in text and not text.lower().startswith(("http:", "https:")):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not DOMAIN_RE.match(parts.hostname or ""):
        return None
    return text


def web_address_format(_form, field) -> None:
    """Only http and https addresses: anything else could run code when someone clicks it."""
    if not (field.data or "").strip():
        return
    address = web_address(field.data)
    if address is None:
        raise ValidationError(_l("Enter a web address, like https://example.org"))
    field.data = address


def has_control_characters(value) -> bool:
    values = value if isinstance(value, list | tuple) else [value]
    return any(isinstance(item, str) and CONTROL_RE.search(item) for item in values)


class DirectoryForm(FlaskForm):
    """Every form's base: answers with characters no one can type are refused, kindly.

    A NUL byte in a field would otherwise reach the database, where PostgreSQL refuses it.
    """

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if has_control_characters(field.data):
                field.errors = [
                    *field.errors,
                    _l("Remove the unusual characters from this answer and try again"),
                ]
                valid = False
        return valid


class HoneypotForm(DirectoryForm):
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
