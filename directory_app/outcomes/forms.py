"""The case page's plan and wellbeing forms.

Each form has a prefix so its fields' ids cannot clash with the other forms on the case
page (the triage form already has an "outcome"). The ONS4 questions are the Office for
National Statistics' own wording (public, unlike the SWEMWBS and WEMWBS items, which are
licensed and never shown: only the paper form's total is entered).
"""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, ValidationError

from directory_app.groups.cancellation_forms import read_date
from directory_app.models.outcomes import STAGES
from directory_app.outcomes import measures, plans, scales
from directory_app.web.forms import DirectoryForm, no_longer_than
from directory_app.web.input import whole_number

# i18n: the ONS's introduction to its four personal well-being questions.
ONS4_INTRODUCTION = _l(
    "Next I would like to ask you four questions about your feelings on aspects of your "
    "life. There are no right or wrong answers. For each of these questions I'd like you "
    "to give an answer on a scale of 0 to 10, where 0 is \u201cnot at all\u201d and 10 is "
    "\u201ccompletely\u201d."
)
# i18n: the ONS personal well-being questions, word for word (ONS harmonised standard).
ONS4_QUESTIONS = {
    "ons_satisfied": _l("Overall, how satisfied are you with your life nowadays?"),
    "ons_worthwhile": _l(
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
    ),
    "ons_happy": _l("Overall, how happy did you feel yesterday?"),
    "ons_anxious": _l("Overall, how anxious did you feel yesterday?"),
}
# i18n: the two ends of the ONS questions' 0 to 10 scale, shown under each question.
ONS4_ANCHORS = _l("0 = not at all, 10 = completely")


def _real_date(_form, field) -> None:
    if (field.data or "").strip() and read_date(field.data) is None:
        raise ValidationError(_l("Enter a real date, like 25/12/2026"))


def _required_date(message):
    def check(_form, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(message)
        _real_date(_form, field)

    return check


def _score(low: int, high: int, missing, out_of_range):
    """A whole number from ``low`` to ``high`` (digits of any script count)."""

    def check(_form, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(missing)
        if whole_number(field.data, low, high) is None:
            raise ValidationError(out_of_range)

    return check


class PlanForm(DirectoryForm):
    wish = TextAreaField(
        _l("Wish: what they would most like to change"),
        validators=[no_longer_than(plans.PART_LENGTH)],
    )
    outcome = TextAreaField(
        _l("Outcome: how life would be if it happened"),
        validators=[no_longer_than(plans.PART_LENGTH)],
    )
    obstacle = TextAreaField(
        _l("Obstacle: what in them or their life might get in the way"),
        validators=[no_longer_than(plans.PART_LENGTH)],
    )
    plan = TextAreaField(
        _l("Plan: if that happens, what they will do"),
        validators=[no_longer_than(plans.PART_LENGTH)],
    )
    review_on = StringField(_l("Review the plan on (optional)"), validators=[_real_date])

    @classmethod
    def for_case(cls, referral, **options):
        """The form filled with the plan as it stands, for changing it."""
        current = plans.current_plan(referral)
        data = {}
        if current is not None:
            data = {part: getattr(current, part) for part in plans.PARTS}
            data["review_on"] = current.review_on.isoformat() if current.review_on else ""
        return cls(prefix="plan", data=data, **options)

    @property
    def review_day(self):
        return read_date(self.review_on.data)


class _MeasureForm(DirectoryForm):
    """What every measure records: when in the case, and the day they answered."""

    instrument = ""
    stage = RadioField(
        _l("When in their time with us is this?"),
        choices=[SelectChoice(code, measures.STAGE_LABELS[code]) for code in STAGES],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose when this measure was taken")),
            AnyOf(list(STAGES), message=_l("Choose when this measure was taken")),
        ],
    )
    taken_on = StringField(
        _l("Date they answered"),
        validators=[_required_date(_l("Enter the date they answered"))],
    )

    @property
    def taken_day(self):
        return read_date(self.taken_on.data)


def _ons_answer(question):
    return StringField(
        question,
        validators=[
            _score(
                *scales.ONS_RANGE,
                _l("Enter their answer, a number from 0 to 10"),
                _l("Enter a whole number from 0 to 10"),
            )
        ],
    )


class Ons4Form(_MeasureForm):
    instrument = "ons4"
    ons_satisfied = _ons_answer(ONS4_QUESTIONS["ons_satisfied"])
    ons_worthwhile = _ons_answer(ONS4_QUESTIONS["ons_worthwhile"])
    ons_happy = _ons_answer(ONS4_QUESTIONS["ons_happy"])
    ons_anxious = _ons_answer(ONS4_QUESTIONS["ons_anxious"])
    shown_order = ("stage", "taken_on", *scales.ONS4_SCALES)

    def scores(self) -> dict[str, int]:
        return {
            scale: whole_number(getattr(self, scale).data, *scales.ONS_RANGE)
            for scale in scales.ONS4_SCALES
        }


def _total(low: int, high: int):
    # i18n: the two numbers are the ends of the scale's range, e.g. 7 and 35.
    message = _l("Enter the total, a whole number from %(low)d to %(high)d", low=low, high=high)
    return StringField(
        _l("Total score on the paper form"), validators=[_score(low, high, message, message)]
    )


class _TotalForm(_MeasureForm):
    """A SWEMWBS or WEMWBS total, added up from the licensed paper form."""

    shown_order = ("stage", "taken_on", "raw_total")

    @property
    def score_range(self) -> tuple[int, int]:
        return measures.SCORE_RANGES[self.instrument]["raw_total"]

    def scores(self) -> dict[str, int]:
        return {"raw_total": whole_number(self.raw_total.data, *self.score_range)}


class SwemwbsForm(_TotalForm):
    instrument = "swemwbs"
    raw_total = _total(*scales.SWEMWBS_RANGE)


class WemwbsForm(_TotalForm):
    instrument = "wemwbs"
    raw_total = _total(*scales.WEMWBS_RANGE)


MEASURE_FORMS = {"ons4": Ons4Form, "swemwbs": SwemwbsForm, "wemwbs": WemwbsForm}


def measure_form(instrument: str, **options):
    """The form for one instrument, prefixed with its name so several fit on one page."""
    return MEASURE_FORMS[instrument](prefix=f"wellbeing-{instrument}", **options)
