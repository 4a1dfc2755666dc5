"""The forms of onward referrals: sending one from a case, and recording what happened.

The group's pages and the case page share the answer and attendance forms, so a date or
a missing reason gets the same words on both.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional, ValidationError

from directory_app.groups.cancellation_forms import read_date
from directory_app.inbox import onward_progress
from directory_app.inbox.onward import DECLINE_REASON_LABELS, SHAREABLE
from directory_app.web.forms import DirectoryForm, MultiCheckboxField, no_longer_than

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


def _real_date(_form, field) -> None:
    if (field.data or "").strip() and read_date(field.data) is None:
        raise ValidationError(_l("Enter a real date, like 25/12/2026"))


def _choice(message):
    """A radio group's answer must be one of its choices; a missing one gets ``message``."""
    return [InputRequired(message), AnyOf(["yes", "no"], message=message)]


class ReferOnForm(DirectoryForm):
    share = MultiCheckboxField(
        _l("What they agreed to share with the group"),
        choices=[SelectChoice(code, text) for code, text in SHAREABLE],
    )
    consent = BooleanField(
        _l("The person agreed to this referral and to sharing what is ticked"),
        validators=[DataRequired(_l("Confirm that the person agreed to this referral"))],
    )
    message = TextAreaField(
        _l("A message to the group (optional)"), validators=[Optional(), no_longer_than(1000)]
    )
    shown_order = ("share", "consent", "message")


class DeclineForm(DirectoryForm):
    reason = RadioField(
        _l("Why can you not take them?"),
        choices=[SelectChoice(code, text) for code, text in DECLINE_REASON_LABELS.items()],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose why you cannot take them")),
            AnyOf(list(DECLINE_REASON_LABELS), message=_l("Choose why you cannot take them")),
        ],
    )
    note = TextAreaField(
        _l("Tell the link worker more (needed for another reason)"),
        # No Optional(): it would stop the chain before validate_note sees an empty note.
        validators=[no_longer_than(500)],
    )

    def validate_note(self, field) -> None:
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Say what the reason is"))


class FirstContactForm(DirectoryForm):
    on_date = StringField(
        _l("When did you first contact them?"),
        validators=[DataRequired(_l("Enter the date you first contacted them")), _real_date],
    )

    @property
    def day(self):
        return read_date(self.on_date.data)


class FirstSessionForm(DirectoryForm):
    attended = RadioField(
        _l("Did they come to their first session?"),
        choices=YES_NO,
        validate_choice=False,
        validators=_choice(_l("Say whether they came to their first session")),
    )
    on_date = StringField(
        _l("Date of the first session"),
        validators=[DataRequired(_l("Enter the date of the first session")), _real_date],
    )

    @property
    def day(self):
        return read_date(self.on_date.data)


class SixWeeksForm(DirectoryForm):
    still_going = RadioField(
        _l("Are they still going after six weeks?"),
        choices=YES_NO,
        validate_choice=False,
        validators=_choice(_l("Say whether they are still going")),
    )


def refusal(error: Exception) -> str:
    """Why a step on an onward referral cannot be taken, in words the person can act on."""
    messages = {
        onward_progress.AlreadyDone: _("That has been recorded already; it cannot go back a step"),
        onward_progress.StepMissing: _(
            "Record the steps in order: accept the referral, then first contact, then the "
            "first session"
        ),
        onward_progress.ReasonNeeded: _("Choose why you cannot take them"),
        onward_progress.NoteNeeded: _("Say what the reason is"),
        onward_progress.DateInFuture: _("Enter a date that has passed, or today"),
        onward_progress.DateBeforeReferral: _("Enter a date after the referral was sent"),
    }
    return messages.get(type(error), _("That step is not possible"))
