"""The forms groups and their moderators fill in: asking for an account, inviting a
colleague, and editing a listing, its translations and its venue."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from directory_app.domain.vocabulary import ACCESS_FEATURES, AUDIENCES, CATEGORIES
from directory_app.geo.postcodes import normalise_postcode
from directory_app.listings.rules import TEXT_LIMITS, check_listing, postcode_problem
from directory_app.models.what_to_expect import CARER_ANSWERS, GROUP_SIZES
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
# The editor's fields that ``listings.rules.check_listing`` checks.
RULED_FIELDS = (*TEXT_LIMITS, "age_min", "age_max", "usual_group_size", "carer_free")


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


def _choices(terms) -> list[SelectChoice]:
    """A select's options for a code list, "Not said" first (an empty code)."""
    return [SelectChoice("", _l("Not said")), *(SelectChoice(t.code, t.label) for t in terms)]


class ActivityEditForm(DirectoryForm):
    """The listing's fields. Their rules (lengths, formats, codes) are the import's too:
    ``listings.rules``, applied in ``validate``, so both say the same about a value."""

    title = StringField(_l("Title"))
    summary = StringField(_l("Summary"))
    description = TextAreaField(_l("Description"))
    first_visit = TextAreaField(_l("What to expect on a first visit"))
    run_by = StringField(_l("Who runs it (optional)"))
    usual_group_size = SelectField(
        _l("How many usually come (optional)"), choices=_choices(GROUP_SIZES), validate_choice=False
    )
    bring = StringField(_l("What to bring (optional)"))
    carer_free = SelectField(
        _l("Can a carer or support worker come free? (optional)"),
        choices=_choices(CARER_ANSWERS),
        validate_choice=False,
    )
    age_min = StringField(_l("Youngest age (optional)"))
    age_max = StringField(_l("Oldest age (optional)"))
    schedule_notes = StringField(_l("Notes about when it runs (optional)"))
    cost_notes = StringField(_l("Notes about cost (optional)"))
    booking_required = BooleanField(_l("People need to book"))
    contact_name = StringField(_l("Contact name (optional)"))
    contact_phone = StringField(_l("Contact phone (optional)"))
    contact_email = StringField(_l("Contact email (optional)"))
    contact_website = StringField(_l("Website (optional)"))
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

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        ruled = [name for name in RULED_FIELDS if name in self]
        checked = check_listing({name: self[name].data for name in ruled})
        for name, message in checked.problems.items():
            if not self[name].errors:
                self[name].errors = [message]
        for name in ruled:
            if name not in checked.problems:
                self[name].data = checked.values[name]
        return valid and not checked.problems


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
    """The import's postcode rule (``listings.rules``); the borough follows from it."""
    problem = postcode_problem(field.data or "")
    if problem:
        raise ValidationError(problem)
    field.data = normalise_postcode(field.data)


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
