"""The self-referral form and the contact questions every request asks, with every rule
and message in one place (the buddy request is ``buddy_forms``).

Messages follow the GOV.UK Design System's wording patterns and are all translatable.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from directory_app.domain.vocabulary import (
    CONTACT_METHODS,
    INTERPRETER_NEEDS,
    REFERRAL_REASONS,
)
from directory_app.geo.postcodes import normalise_postcode
from directory_app.web.forms import (
    HoneypotForm,
    MultiCheckboxField,
    email_format,
    language_choices,
    phone_format,
)
from directory_app.web.input import whole_number

MINIMUM_AGE = 18


@dataclass(frozen=True)
class QuestionPage:
    """One page of a resident's form (GOV.UK "one thing per page"): its topic, which is the
    page's <h1>, and the fields it asks, in the order it asks them."""

    name: str
    title: str
    fields: tuple[str, ...]


def choices_of(terms) -> list[SelectChoice]:
    """A vocabulary's terms as choices: the code, and its translated label."""
    return [SelectChoice(term.code, term.label) for term in terms]


def _text(field) -> str:
    return (field.data or "").strip()


class ContactDetails(HoneypotForm):
    """Who the person is and how to reach them: shared by both forms."""

    submission_token = HiddenField()
    activity_id = HiddenField()

    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter your full name")),
            Length(max=120, message=_l("Full name must be 120 characters or fewer")),
        ],
    )
    preferred_name = StringField(
        _l("What should we call you? (optional)"),
        validators=[
            Optional(),
            Length(
                max=60, message=_l("The name we should call you must be 60 characters or fewer")
            ),
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
            phone_format,
        ],
    )
    email = StringField(
        _l("Email address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            email_format,
        ],
    )
    preferred_contact = RadioField(
        _l("How would you like us to contact you?"),
        choices=choices_of(CONTACT_METHODS),
        validators=[DataRequired(_l("Select how you would like us to contact you"))],
    )
    good_times = StringField(
        _l("When is a good time to contact you? (optional)"),
        validators=[
            Optional(),
            Length(
                max=200, message=_l("Good times to contact you must be 200 characters or fewer")
            ),
        ],
    )
    may_leave_message = BooleanField(_l("It is safe to leave a voicemail message"))
    may_text = BooleanField(_l("It is safe to send a text message"))
    language = SelectField(
        _l("Which language would you like to use? (optional)"), validators=[Optional()]
    )
    interpreter = RadioField(
        _l("Do you need an interpreter?"),
        choices=choices_of(INTERPRETER_NEEDS),
        default="none",
        validators=[DataRequired(_l("Select whether you need an interpreter"))],
    )
    access_needs = TextAreaField(
        _l("Do you have any access or communication needs? (optional)"),
        validators=[
            Optional(),
            Length(
                max=1000,
                message=_l("Access or communication needs must be 1000 characters or fewer"),
            ),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()

    def contact_fields(self) -> dict:
        """The model fields for the contact questions of a valid form."""
        return {
            "full_name": _text(self.full_name),
            "preferred_name": _text(self.preferred_name),
            "phone": _text(self.phone),
            "email": _text(self.email).lower(),
            "preferred_contact": self.preferred_contact.data,
            # A correction (``inbox.intake_forms``) does not ask it.
            "good_times": _text(self.good_times) if "good_times" in self else "",
            "may_leave_message": bool(self.may_leave_message.data),
            "may_text": bool(self.may_text.data),
            "language": self.language.data or "",
            "interpreter": self.interpreter.data or "none",
            "access_needs": _text(self.access_needs),
        }

    def validate_preferred_contact(self, field):
        if not (self.phone.data or "").strip() and not (self.email.data or "").strip():
            raise ValidationError(
                _l("Enter a phone number or an email address so we can contact you")
            )
        if field.data in ("phone", "text") and not (self.phone.data or "").strip():
            raise ValidationError(_l("Enter a phone number, or choose email"))
        if field.data == "email" and not (self.email.data or "").strip():
            raise ValidationError(_l("Enter an email address, or choose a phone call or text"))


# The contact questions, on two pages (``_fields.contact_questions``, ``language_questions``).
CONTACT_PAGE = QuestionPage(
    "contact",
    _l("How we can contact you"),
    ("phone", "email", "preferred_contact", "good_times", "may_leave_message", "may_text"),
)
LANGUAGE_PAGE = QuestionPage(
    "language", _l("Language and access"), ("language", "interpreter", "access_needs")
)
# The contact questions in the order the pages ask them.
CONTACT_ORDER = (*CONTACT_PAGE.fields, *LANGUAGE_PAGE.fields)


class SelfReferralForm(ContactDetails):
    # Each resident's page asks a few of the questions (``draft_steps``); the
    # professional's form, built on this one, asks them all on one page.
    pages = (
        QuestionPage(
            "about",
            _l("About you"),
            ("full_name", "preferred_name", "dob_day", "dob_month", "dob_year",
             "confirmed_adult", "postcode", "gp_practice"),
        ),
        CONTACT_PAGE,
        LANGUAGE_PAGE,
        QuestionPage("help", _l("What matters to you"), ("reasons", "help_wanted")),
        QuestionPage(
            "agreement",
            _l("Your agreement"),
            ("consent_referral", "consent_share_with_gp", "consent_feedback"),
        ),
    )  # fmt: skip
    # The order the pages ask their questions in, for the error summary (GOV.UK: the same
    # order as the page). Fields are declared in another order: the shared contact
    # questions come from the base class.
    shown_order = tuple(name for page in pages for name in page.fields)
    # Checked together, as one date (``_date_of_birth_problem``).
    dob_day = StringField(_l("Day"), validators=[Optional()])
    dob_month = StringField(_l("Month"), validators=[Optional()])
    dob_year = StringField(_l("Year"), validators=[Optional()])
    confirmed_adult = BooleanField(_l("I would rather not say, but I am 18 or over"))
    postcode = StringField(
        _l("Postcode"),
        validators=[
            DataRequired(_l("Enter your postcode")),
            Length(max=12, message=_l("Enter a full UK postcode, like E8 1AG")),
        ],
    )
    gp_practice = StringField(
        _l("Your GP practice (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("GP practice must be 120 characters or fewer")),
        ],
    )
    reasons = MultiCheckboxField(
        _l("What would you like help with?"),
        choices=choices_of(REFERRAL_REASONS),
        validators=[DataRequired(_l("Select what you would like help with"))],
    )
    help_wanted = TextAreaField(
        _l("Tell us a little about what matters to you (optional)"),
        validators=[
            Optional(),
            Length(max=1500, message=_l("What matters to you must be 1500 characters or fewer")),
        ],
    )
    consent_referral = BooleanField(
        _l("I agree to a link worker using these details to contact me and help me"),
        validators=[DataRequired(_l("You need to agree before we can help you"))],
    )
    consent_share_with_gp = BooleanField(
        _l("You can tell my GP practice that I contacted you (optional)")
    )
    consent_feedback = BooleanField(_l("You can contact me later to ask how it went (optional)"))

    # Asked about someone else (``professional_forms``), the same check says "their".
    date_of_birth_missing = _l("Enter your date of birth, or tick that you are 18 or over")

    def person_fields(self) -> dict:
        """The model fields for the questions about the person and what they would like."""
        return {
            **self.contact_fields(),
            "date_of_birth": self.date_of_birth(),
            "confirmed_adult": bool(self.confirmed_adult.data) or self.date_of_birth() is not None,
            "postcode": normalise_postcode(self.postcode.data),
            "gp_practice": _text(self.gp_practice),
            "reasons": list(self.reasons.data),
            "help_wanted": _text(self.help_wanted),
            "consent_share_with_gp": bool(self.consent_share_with_gp.data),
            "consent_feedback": bool(self.consent_feedback.data),
        }

    def date_of_birth(self) -> date | None:
        day = whole_number(self.dob_day.data, 1, 31)
        month = whole_number(self.dob_month.data, 1, 12)
        year = whole_number(self.dob_year.data, 1, 9999)
        if None in (day, month, year):
            return None
        try:
            return date(year, month, day)
        except ValueError:  # 31 February
            return None

    def validate(self, extra_validators=None) -> bool:
        # The date is three boxes, checked together here: WTForms' Optional() stops a
        # per-field check from running when the day box is empty.
        valid = super().validate(extra_validators)
        problem = self._date_of_birth_problem()
        if problem:
            self.dob_day.errors = [*self.dob_day.errors, problem]
            return False
        return valid

    def _date_of_birth_problem(self):
        if not any((self.dob_day.data, self.dob_month.data, self.dob_year.data)):
            if self.confirmed_adult.data:
                return None
            return self.date_of_birth_missing
        born = self.date_of_birth()
        today = date.today()
        if born is None or not 1900 <= born.year <= today.year:
            return _l("Date of birth must be a real date, like 27 3 1961")
        if born > today:
            return _l("Date of birth must be in the past")
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < MINIMUM_AGE:
            return _l(
                "This service is for people aged 18 or over. "
                "Call us and we will tell you who can help."
            )
        return None

    def validate_postcode(self, field):
        if not normalise_postcode(field.data or ""):
            raise ValidationError(_l("Enter a full UK postcode, like E8 1AG"))
