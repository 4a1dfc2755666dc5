"""The staff forms about a person: a referral taken by phone or in person, and corrections.

Both ask the self-referral's questions with its checks (``referrals.professional_forms``
words them about someone else), so a phone referral is held to the same rules as one made
online.
"""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from directory_app.domain.dates import local_now
from directory_app.geo.postcodes import normalise_postcode
from directory_app.referrals.forms import CONTACT_ORDER
from directory_app.referrals.professional_forms import PERSON_ORDER, AboutThePersonForm
from directory_app.referrals.sources import CONSENT_METHOD_LABELS, SOURCE_LABELS

STAFF_SOURCES = ("phone", "in_person")
STAFF_CONSENT_METHODS = ("verbal", "written")


class StaffReferralForm(AboutThePersonForm):
    """A referral a link worker takes on the phone or in person, and how consent was given."""

    shown_order = (
        "source", "consent_method", "consent_given_by", "consent_on", "consent_time",
        *PERSON_ORDER, "assign_to_me",
    )  # fmt: skip
    source = RadioField(
        _l("How did the referral reach you?"),
        choices=[SelectChoice(code, SOURCE_LABELS[code]) for code in STAFF_SOURCES],
        validators=[DataRequired(_l("Select how the referral reached you"))],
    )
    consent_method = RadioField(
        _l("How did they agree to be referred?"),
        choices=[SelectChoice(code, CONSENT_METHOD_LABELS[code]) for code in STAFF_CONSENT_METHODS],
        validators=[DataRequired(_l("Select how they agreed to be referred"))],
    )
    consent_given_by = StringField(
        _l("Who agreed, if not the person themselves (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Who agreed must be 120 characters or fewer")),
        ],
    )
    consent_on = StringField(_l("Date they agreed (optional)"), validators=[Optional()])
    consent_time = StringField(_l("Time they agreed (optional)"), validators=[Optional()])
    assign_to_me = BooleanField(_l("Assign this case to me"))

    def consent_moment(self) -> datetime | None:
        """When they agreed, in local wall-clock time; None for "now" or a bad answer."""
        try:
            day = date.fromisoformat((self.consent_on.data or "").strip())
        except ValueError:
            return None
        text = (self.consent_time.data or "").strip()
        try:
            at = time.fromisoformat(text) if text else time(0, 0)
        except ValueError:
            return None
        return datetime.combine(day, at.replace(second=0, microsecond=0))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problem = self._consent_moment_problem()
        if problem:
            self.consent_on.errors = [*self.consent_on.errors, problem]
            return False
        return valid

    def _consent_moment_problem(self):
        given = (self.consent_on.data or "").strip()
        if not given:
            if (self.consent_time.data or "").strip():
                return _l("Enter the date they agreed, as well as the time")
            return None
        moment = self.consent_moment()
        if moment is None:
            return _l("The date they agreed must be a real date and time")
        if moment > local_now():
            return _l("The date they agreed must be now or in the past")
        return None


# What a correction may change, in the order the form asks; ``confirmed_adult`` goes with
# the date of birth.
CORRECTABLE = (
    "full_name", "preferred_name", "date_of_birth", "phone", "email", "preferred_contact",
    "may_leave_message", "may_text", "postcode", "language", "interpreter", "access_needs",
)  # fmt: skip


class CorrectionForm(AboutThePersonForm):
    """Correcting the person's details on their case, checked as the public form checks."""

    shown_order = (
        "full_name", "preferred_name", "dob_day", "confirmed_adult", "postcode",
        *CONTACT_ORDER,
    )  # fmt: skip
    gp_practice = None
    good_times = None
    reasons = None
    help_wanted = None
    consent_share_with_gp = None
    consent_feedback = None

    @classmethod
    def data_from(cls, referral) -> dict:
        """The form's starting answers: the case's details as they are."""
        born = referral.date_of_birth
        return {
            "full_name": referral.full_name,
            "preferred_name": referral.preferred_name,
            "dob_day": str(born.day) if born else "",
            "dob_month": str(born.month) if born else "",
            "dob_year": str(born.year) if born else "",
            "confirmed_adult": referral.confirmed_adult and born is None,
            "postcode": referral.postcode,
            "phone": referral.phone,
            "email": referral.email,
            "preferred_contact": referral.preferred_contact,
            "may_leave_message": referral.may_leave_message,
            "may_text": referral.may_text,
            "language": referral.language,
            "interpreter": referral.interpreter or "none",
            "access_needs": referral.access_needs,
        }

    def corrected_values(self) -> dict:
        """The model values the valid form asks for, for every correctable field."""
        values = {
            name: value for name, value in self.contact_fields().items() if name in CORRECTABLE
        }
        values["date_of_birth"] = self.date_of_birth()
        values["postcode"] = normalise_postcode(self.postcode.data)
        return values
