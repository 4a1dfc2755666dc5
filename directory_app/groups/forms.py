"""Forms for group accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from directory_app.form_parts import HoneypotForm, email_format, phone_format


class JoinForm(HoneypotForm):
    organisation_id = HiddenField()
    contact_name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=120, message=_l("Your name must be 120 characters or fewer")),
        ],
    )
    role_in_group = StringField(
        _l("Your role in the group (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Your role must be 120 characters or fewer")),
        ],
    )
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254), email_format],
    )
    phone = StringField(
        _l("Phone number (optional)"), validators=[Optional(), Length(max=40), phone_format]
    )
    organisation_name = StringField(
        _l("Name of the group"),
        validators=[
            Optional(),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    organisation_description = TextAreaField(
        _l("What does the group do? (optional)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("The description must be 2000 characters or fewer")),
        ],
    )
    organisation_website = StringField(
        _l("Website (optional)"), validators=[Optional(), Length(max=300)]
    )
    charity_number = StringField(
        _l("Charity number (optional)"), validators=[Optional(), Length(max=20)]
    )

    def validate(self, extra_validators=None) -> bool:
        # A new group needs a name; a claim already names its organisation.
        valid = super().validate(extra_validators)
        if not self.organisation_id.data and not (self.organisation_name.data or "").strip():
            self.organisation_name.errors = [
                *self.organisation_name.errors,
                _l("Enter the name of the group"),
            ]
            return False
        return valid


class InviteForm(FlaskForm):
    name = StringField(
        _l("Their name"), validators=[DataRequired(_l("Enter their name")), Length(max=120)]
    )
    email = StringField(
        _l("Their email address"),
        validators=[DataRequired(_l("Enter their email address")), Length(max=254), email_format],
    )
