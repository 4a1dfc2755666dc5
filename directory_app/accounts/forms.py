"""Staff sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from directory_app.web.forms import DirectoryForm, no_longer_than


class SignInForm(DirectoryForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), no_longer_than(254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password")), no_longer_than(200)]
    )


class EmailOnlyForm(DirectoryForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), no_longer_than(254)],
    )


class SetPasswordForm(DirectoryForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password")),
            Length(min=12, max=200, message=_l("Your password must be at least 12 characters")),
        ],
    )
    confirm = PasswordField(
        _l("Type it again"),
        validators=[
            DataRequired(_l("Type your new password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )
