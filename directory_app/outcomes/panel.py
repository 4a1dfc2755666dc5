"""What the case page's plan and wellbeing panels show (merged into its template context)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _

from directory_app.models import Referral
from directory_app.models.outcomes import WellbeingMeasure
from directory_app.outcomes import measures, plans, scales
from directory_app.outcomes.forms import (
    ONS4_ANCHORS,
    ONS4_INTRODUCTION,
    PlanForm,
    measure_form,
)


def score_text(scale: str, value: Decimal) -> str:
    """A score in the page's number format: SWEMWBS metric scores to two decimals (as the
    published table gives them), the other scales as whole numbers."""
    pattern = "0.00" if scale == "swemwbs" else "0"
    return format_decimal(value, format=pattern)


def change_text(scale: str, difference: Decimal) -> str:
    """A change with its sign, "+2" or "-1.50", so a fall is never read as a rise."""
    if difference == 0:
        return score_text(scale, difference)
    pattern = "+0.00;-0.00" if scale == "swemwbs" else "+0;-0"
    return format_decimal(difference, format=pattern)


@dataclass
class MeasureRow:
    """One measure in the case's table: its scores as (label, number) pairs for the page."""

    measure: WellbeingMeasure
    scores: list[tuple[str, str]]


def measure_rows(referral: Referral) -> list[MeasureRow]:
    """The case's measures, oldest first, each with its scores labelled."""
    rows = []
    for measure in sorted(referral.measures, key=lambda m: (m.taken_on, m.id or 0)):
        values = scales.scale_values(measure)
        shown = [
            (scales.SCALE_LABELS[scale], score_text(scale, value))
            for scale, value in values.items()
        ]
        if measure.instrument == "swemwbs" and measure.raw_total is not None:
            shown.append((_("SWEMWBS raw total"), str(measure.raw_total)))
        rows.append(MeasureRow(measure, shown))
    return rows


def panel(referral: Referral, today: date) -> dict:
    """The plan, its history and form; the measures, each scale's change and the forms of
    the instruments this service uses."""
    workable = referral.anonymised_at is None and referral.merged_into_id is None
    instruments = measures.enabled_instruments()
    return {
        "outcome_workable": workable,
        "outcome_plan": plans.current_plan(referral),
        "outcome_plan_history": plans.plan_history(referral),
        "outcome_review_due": plans.is_review_due(referral, today),
        "outcome_plan_form": PlanForm.for_case(referral, formdata=None) if workable else None,
        "outcome_measures": measure_rows(referral),
        "outcome_changes": scales.person_changes(referral.measures),
        "outcome_instruments": instruments,
        "outcome_measure_forms": (
            {code: measure_form(code, formdata=None) for code in instruments} if workable else {}
        ),
        "outcome_scale_labels": scales.SCALE_LABELS,
        "outcome_instrument_labels": measures.INSTRUMENT_LABELS,
        "outcome_stage_labels": measures.STAGE_LABELS,
        "outcome_meaningful_change": scales.MEANINGFUL_CHANGE,
        "outcome_ons4_introduction": ONS4_INTRODUCTION,
        "outcome_ons4_anchors": ONS4_ANCHORS,
        "outcome_score_text": score_text,
        "outcome_change_text": change_text,
    }
