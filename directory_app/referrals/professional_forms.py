"""Referring someone else: the self-referral's questions and checks, asked about them.

``AboutThePersonForm`` is the self-referral form reworded in the third person ("Their full
name", "Enter their postcode"); the professional's form adds who is referring, and the
staff intake form (``inbox.intake_forms``) adds how consent was given.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from directory_app.models.referrals import REFERRER_KINDS
from directory_app.referrals.forms import CONTACT_ORDER, SelfReferralForm
from directory_app.referrals.sources import REFERRER_KIND_LABELS
from directory_app.web.forms import email_format, phone_format

# Each question's label about someone else, and its message when left out (if required).
THIRD_PERSON = {
    "full_name": (_l("Their full name"), _l("Enter their full name")),
    "preferred_name": (_l("What should we call them? (optional)"), None),
    "confirmed_adult": (_l("They would rather not say, but they are 18 or over"), None),
    "postcode": (_l("Their postcode"), _l("Enter their postcode")),
    "gp_practice": (_l("Their GP practice (optional)"), None),
    "phone": (_l("Their phone number (optional)"), None),
    "email": (_l("Their email address (optional)"), None),
    "preferred_contact": (
        _l("How would they like us to contact them?"),
        _l("Select how they would like us to contact them"),
    ),
    "good_times": (_l("When is a good time to contact them? (optional)"), None),
    "may_leave_message": (_l("It is safe to leave them a voicemail message"), None),
    "may_text": (_l("It is safe to send them a text message"), None),
    "language": (_l("Which language would they like to use? (optional)"), None),
    "interpreter": (
        _l("Do they need an interpreter?"),
        _l("Select whether they need an interpreter"),
    ),
    "access_needs": (_l("Do they have any access or communication needs? (optional)"), None),
    "reasons": (_l("What would they like help with?"), _l("Select what they would like help with")),
    "help_wanted": (_l("Tell us a little about what matters to them (optional)"), None),
    "consent_share_with_gp": (
        _l("They agree that we may tell their GP practice about this referral (optional)"),
        None,
    ),
    "consent_feedback": (
        _l("They agree that we may contact them later to ask how it went (optional)"),
        None,
    ),
}
# The interpreter answers in the third person, with the same codes as INTERPRETER_NEEDS.
THIRD_PERSON_INTERPRETER = (
    SelectChoice("none", _l("No, they do not need an interpreter")),
    SelectChoice("spoken", _l("Yes, an interpreter for their language")),
    SelectChoice("bsl", _l("Yes, a British Sign Language (BSL) interpreter")),
)
PERSON_ORDER = (
    "full_name", "preferred_name", "dob_day", "confirmed_adult", "postcode", "gp_practice",
    *CONTACT_ORDER, "reasons", "help_wanted", "consent_share_with_gp", "consent_feedback",
)  # fmt: skip


def _reworded(field, label, required_message) -> None:
    field.label.text = label
    if required_message is not None:
        # A new list of validators for this form only: the class's list is shared by the
        # self-referral form, which keeps its own words.
        field.validators = [
            DataRequired(required_message) if isinstance(v, DataRequired) else v
            for v in field.validators
        ]


class AboutThePersonForm(SelfReferralForm):
    """The self-referral's questions about the person, in the third person."""

    shown_order = PERSON_ORDER
    date_of_birth_missing = _l("Enter their date of birth, or tick that they are 18 or over")
    # Whoever refers the person confirms their agreement in their own way (below).
    consent_referral = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, required_message) in THIRD_PERSON.items():
            if name in self:  # a form built on this one may leave questions out
                _reworded(self[name], label, required_message)
        self.interpreter.choices = list(THIRD_PERSON_INTERPRETER)


class ProfessionalReferralForm(AboutThePersonForm):
    """A GP practice, pharmacy, housing officer or group referring someone who agreed."""

    shown_order = (
        "referrer_kind", "referrer_name", "referrer_role", "referrer_organisation",
        "referrer_email", "referrer_phone", *PERSON_ORDER, "person_agreed",
    )  # fmt: skip
    referrer_kind = RadioField(
        _l("Where do you work?"),
        choices=[SelectChoice(code, REFERRER_KIND_LABELS[code]) for code in REFERRER_KINDS],
        validators=[DataRequired(_l("Select where you work"))],
    )
    referrer_name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=120, message=_l("Your name must be 120 characters or fewer")),
        ],
    )
    referrer_role = StringField(
        _l("Your role (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Your role must be 120 characters or fewer")),
        ],
    )
    referrer_organisation = StringField(
        _l("Your organisation, practice or team"),
        validators=[
            DataRequired(_l("Enter the name of your organisation, practice or team")),
            Length(max=160, message=_l("Your organisation must be 160 characters or fewer")),
        ],
    )
    referrer_email = StringField(
        _l("Your work email address"),
        validators=[
            DataRequired(_l("Enter your work email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            email_format,
        ],
    )
    referrer_phone = StringField(
        _l("Your work phone number (optional)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
            phone_format,
        ],
    )
    person_agreed = BooleanField(
        _l("The person agreed to be referred and to us contacting them"),
        validators=[DataRequired(_l("Confirm that the person agreed to be referred"))],
    )

    def referral_fields(self, now: datetime) -> dict:
        """The model fields for a valid form: the person, the referrer, and their consent."""
        return {
            **self.person_fields(),
            **self.referrer_fields(),
            "source": "professional",
            "consent_referral": True,
            "consent_method": "confirmed_by_referrer",
            "consent_given_at": now,
        }

    def referrer_fields(self) -> dict:
        """The model fields for who referred the person."""
        return {
            "referrer_kind": self.referrer_kind.data,
            "referrer_name": (self.referrer_name.data or "").strip(),
            "referrer_role": (self.referrer_role.data or "").strip(),
            "referrer_organisation": (self.referrer_organisation.data or "").strip(),
            "referrer_email": (self.referrer_email.data or "").strip().lower(),
            "referrer_phone": (self.referrer_phone.data or "").strip(),
        }
