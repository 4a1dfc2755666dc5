"""The forms groups and their moderators fill in: asking for an account, inviting a
colleague, and editing a listing, its translations and its venue."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from directory_app.domain.vocabulary import ACCESS_FEATURES, AUDIENCES, CATEGORIES
from directory_app.geo.postcodes import PostcodeError, lookup_postcode, normalise_postcode
from directory_app.web.forms import (
    DirectoryForm,
    HoneypotForm,
    MultiCheckboxField,
    email_format,
    no_longer_than,
    phone_format,
    web_address_format,
)

# The listing's text fields that can be translated, as the translation form names them.
TRANSLATED_FIELDS = ("title", "summary", "description", "first_visit")


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
        validators=[
            DataRequired(_l("Enter your email address")),
            no_longer_than(254),
            email_format,
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"), validators=[Optional(), no_longer_than(40), phone_format]
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
        _l("Website (optional)"), validators=[Optional(), no_longer_than(300), web_address_format]
    )
    charity_number = StringField(
        _l("Charity number (optional)"), validators=[Optional(), no_longer_than(20)]
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


class InviteForm(DirectoryForm):
    name = StringField(
        _l("Their name"), validators=[DataRequired(_l("Enter their name")), no_longer_than(120)]
    )
    email = StringField(
        _l("Their email address"),
        validators=[
            DataRequired(_l("Enter their email address")),
            no_longer_than(254),
            email_format,
        ],
    )


class ActivityEditForm(DirectoryForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Enter a title")),
            Length(max=200, message=_l("The title must be 200 characters or fewer")),
        ],
    )
    summary = StringField(
        _l("Summary"),
        validators=[
            DataRequired(_l("Enter a one-line summary")),
            Length(max=300, message=_l("The summary must be 300 characters or fewer")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), no_longer_than(5000)])
    first_visit = TextAreaField(
        _l("What to expect on a first visit"), validators=[Optional(), no_longer_than(2000)]
    )
    schedule_notes = StringField(
        _l("Notes about when it runs (optional)"), validators=[Optional(), no_longer_than(300)]
    )
    cost_notes = StringField(
        _l("Notes about cost (optional)"), validators=[Optional(), no_longer_than(300)]
    )
    booking_required = BooleanField(_l("People need to book"))
    contact_name = StringField(
        _l("Contact name (optional)"), validators=[Optional(), no_longer_than(120)]
    )
    contact_phone = StringField(
        _l("Contact phone (optional)"), validators=[Optional(), no_longer_than(40), phone_format]
    )
    contact_email = StringField(
        _l("Contact email (optional)"), validators=[Optional(), no_longer_than(254), email_format]
    )
    contact_website = StringField(
        _l("Website (optional)"), validators=[Optional(), no_longer_than(300), web_address_format]
    )
    categories = MultiCheckboxField(
        _l("Type of activity"),
        choices=[SelectChoice(term.code, term.label) for term in CATEGORIES],
        validators=[DataRequired(_l("Select at least one type of activity"))],
    )
    audiences = MultiCheckboxField(
        _l("Who it is for (optional)"),
        choices=[SelectChoice(term.code, term.label) for term in AUDIENCES],
        validators=[Optional()],
    )
    languages = MultiCheckboxField(
        _l("Languages spoken at the activity (optional)"), validators=[Optional()]
    )
    venue_id = SelectField(_l("Where it happens"))
    status = SelectField(
        _l("Is it running?"),
        choices=[
            SelectChoice("published", _l("Running: show it")),
            SelectChoice("paused", _l("Paused for now (explain in the notes above)")),
            SelectChoice("archived", _l("Stopped for good: remove it")),
        ],
    )


class TranslationForm(DirectoryForm):
    """The listing's text in one other language; all four empty removes the translation."""

    title = StringField(_l("Title"), validators=[Optional(), no_longer_than(200)])
    summary = StringField(_l("Summary"), validators=[Optional(), no_longer_than(300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), no_longer_than(5000)])
    first_visit = TextAreaField(
        _l("What to expect on a first visit"), validators=[Optional(), no_longer_than(2000)]
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.is_removal:
            return True
        missing = [field for field in (self.title, self.summary) if not (field.data or "").strip()]
        for field in missing:
            field.errors.append(
                _l("Enter a title") if field is self.title else _l("Enter a one-line summary")
            )
        return not missing

    @property
    def is_removal(self) -> bool:
        return not any((self[name].data or "").strip() for name in TRANSLATED_FIELDS)


def _known_postcode(_form, field) -> None:
    postcode = normalise_postcode(field.data or "")
    try:
        lookup_postcode(postcode or "")
    except PostcodeError as error:
        raise ValidationError(_l("Enter a full UK postcode, like E8 1AG")) from error
    field.data = postcode


class VenueForm(DirectoryForm):
    name = StringField(
        _l("Name of the place"),
        validators=[
            DataRequired(_l("Enter the name of the place")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    address_line = StringField(
        _l("Street address"),
        validators=[
            DataRequired(_l("Enter the street address")),
            Length(max=300, message=_l("The address must be 300 characters or fewer")),
        ],
    )
    town = StringField(
        _l("Town or city"),
        validators=[DataRequired(_l("Enter the town or city")), no_longer_than(100)],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[DataRequired(_l("Enter the postcode")), no_longer_than(12), _known_postcode],
    )
    borough = SelectField(_l("Borough"), validators=[DataRequired(_l("Choose the borough"))])
    neighbourhood = StringField(
        _l("Neighbourhood (optional)"), validators=[Optional(), no_longer_than(100)]
    )
    getting_there = TextAreaField(
        _l("Getting there (optional)"), validators=[Optional(), no_longer_than(2000)]
    )
    access_features = MultiCheckboxField(
        _l("Accessibility"),
        choices=[SelectChoice(term.code, term.label) for term in ACCESS_FEATURES],
        validators=[Optional()],
    )
    accessibility_detail = TextAreaField(
        _l("More about access (optional)"), validators=[Optional(), no_longer_than(2000)]
    )
