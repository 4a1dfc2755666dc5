"""The forms a group changes its organisation's public details with: the details, and the
description in another language."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from directory_app.web.forms import (
    DirectoryForm,
    email_format,
    no_longer_than,
    phone_format,
    web_address_format,
)

# The organisation's text that can be translated, as the translation form names it.
TRANSLATED_ORGANISATION_FIELDS = ("name", "description")


class OrganisationForm(DirectoryForm):
    """Everything here is public: it shows on the organisation's page and its listings'."""

    name = StringField(
        _l("Name of the group"),
        validators=[DataRequired(_l("Enter the name of the group")), no_longer_than(200)],
    )
    description = TextAreaField(
        _l("What the group does (optional)"), validators=[Optional(), no_longer_than(2000)]
    )
    website = StringField(
        _l("Website (optional)"), validators=[Optional(), no_longer_than(300), web_address_format]
    )
    email = StringField(
        _l("Public email address (optional)"),
        validators=[Optional(), no_longer_than(254), email_format],
    )
    phone = StringField(
        _l("Public phone number (optional)"),
        validators=[Optional(), no_longer_than(40), phone_format],
    )
    charity_number = StringField(
        _l("Registered charity number (optional)"), validators=[Optional(), no_longer_than(20)]
    )


class OrganisationTranslationForm(DirectoryForm):
    """The name and description in one other language; both empty removes the translation."""

    name = StringField(_l("Name of the group"), validators=[Optional(), no_longer_than(200)])
    description = TextAreaField(
        _l("What the group does"), validators=[Optional(), no_longer_than(2000)]
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.is_removal or (self.name.data or "").strip():
            return True
        # A translation is shown in place of the original name, so it needs one.
        self.name.errors.append(_l("Enter the name of the group in this language"))
        return False

    @property
    def is_removal(self) -> bool:
        return not any((self[name].data or "").strip() for name in TRANSLATED_ORGANISATION_FIELDS)
