"""The "Taking new people?" form: four choices and a typical wait, on a group's account
page and on a reminder email's "Still correct" page alike.

The rules are ``intake.check_intake``'s; this says each refusal in words. A wait left in
the box when another choice is picked is not a mistake anyone means: it is dropped.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from directory_app.domain.intake import (
    CHOICE_LABELS,
    MAX_WAIT_WEEKS,
    MIN_WAIT_WEEKS,
    WAITING_LIST,
    shown_today,
)
from directory_app.groups import intake
from directory_app.web.forms import DirectoryForm
from directory_app.web.input import whole_number

REFUSALS = {
    intake.UnknownState: _l("Select whether the group is taking new people"),
    intake.WaitNeeded: _l("Enter the typical wait for the waiting list, in weeks"),
    intake.WaitOutOfRange: _l(
        "Enter a typical wait between {low} and {high} weeks, as a whole number"
    ),
}


class IntakeForm(DirectoryForm):
    intake = RadioField(
        _l("Is the group taking new people?"),
        choices=[SelectChoice(code, text) for code, text in CHOICE_LABELS.items()],
        # An unknown value gets the same plain message as none (``validate_intake``).
        validate_choice=False,
        validators=[InputRequired(_l("Select whether the group is taking new people"))],
    )
    wait_weeks = StringField(_l("Typical wait, in weeks"))

    @property
    def weeks(self) -> int | None:
        """The typical wait typed, for a waiting list; None otherwise (or if not a number)."""
        if self.intake.data != WAITING_LIST:
            return None
        return whole_number((self.wait_weeks.data or "").strip(), 0, 999_999)

    def validate_intake(self, field) -> None:
        if field.data not in CHOICE_LABELS:
            raise ValidationError(_refusal(intake.UnknownState))

    def validate_wait_weeks(self, field) -> None:
        if self.intake.data != WAITING_LIST:
            return
        text = (field.data or "").strip()
        try:
            intake.check_intake(WAITING_LIST, self.weeks)
        except intake.WaitNeeded as error:
            if text:  # something typed that is not a whole number
                raise ValidationError(_refusal(intake.WaitOutOfRange)) from error
            raise ValidationError(_refusal(intake.WaitNeeded)) from error
        except intake.IntakeError as error:
            raise ValidationError(_refusal(type(error))) from error


def saved_message(activity) -> str:
    """What the group is told once it has saved: what the listing now shows."""
    return _("Saved. Your listing now shows: {state}").format(state=shown_today(activity).text)


def _refusal(kind) -> str:
    return str(REFUSALS[kind]).format(low=MIN_WAIT_WEEKS, high=MAX_WAIT_WEEKS)
