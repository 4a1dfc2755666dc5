"""Wellbeing change over a period, per scale: the average change and how many people
improved by a meaningful amount.

Whose change counts, and what "meaningful" means, is ``outcomes.scales``' rule (one home:
the case page shows the same per person). The database narrows the measures to people with
two or more taken in the period; only those rows, as plain tuples and streamed, are read,
since the first-to-latest rule per person and scale (with the SWEMWBS conversion) is that
module's Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Referral, WellbeingMeasure
from directory_app.outcomes.scales import SCALES, person_changes
from directory_app.reports.periods import Period

MEASURE_COLUMNS = (
    WellbeingMeasure.id,
    WellbeingMeasure.referral_id,
    WellbeingMeasure.instrument,
    WellbeingMeasure.stage,
    WellbeingMeasure.taken_on,
    WellbeingMeasure.recorded_at,
    WellbeingMeasure.ons_satisfied,
    WellbeingMeasure.ons_worthwhile,
    WellbeingMeasure.ons_happy,
    WellbeingMeasure.ons_anxious,
    WellbeingMeasure.raw_total,
    WellbeingMeasure.metric_total,
)


@dataclass(frozen=True)
class ScaleChange:
    """One scale: ``people`` with a first and a later measure, the sum of their changes
    (latest minus first), and how many improved meaningfully."""

    scale: str
    people: int
    total_change: Decimal
    improved: int

    @property
    def average_change(self) -> Decimal | None:
        if not self.people:
            return None
        return (self.total_change / self.people).quantize(Decimal("0.1"))

    @property
    def not_improved(self) -> int:
        return self.people - self.improved


def _taken_in(period: Period | None):
    conditions = [Referral.merged_into_id.is_(None)]
    if period is not None:
        conditions += [
            WellbeingMeasure.taken_on >= period.start,
            WellbeingMeasure.taken_on <= period.end,
        ]
    return conditions


def wellbeing_changes(period: Period | None) -> list[ScaleChange]:
    """Every scale in ``SCALES`` order (0 people where no one has two measures)."""
    measured_twice = (
        select(WellbeingMeasure.referral_id)
        .join(Referral, Referral.id == WellbeingMeasure.referral_id)
        .where(*_taken_in(period))
        .group_by(WellbeingMeasure.referral_id)
        .having(func.count() >= 2)
    )
    rows = db.session.execute(
        select(*MEASURE_COLUMNS)
        .join(Referral, Referral.id == WellbeingMeasure.referral_id)
        .where(*_taken_in(period), WellbeingMeasure.referral_id.in_(measured_twice))
        .order_by(WellbeingMeasure.referral_id)
        .execution_options(yield_per=2000)
    )
    people, change, improved = defaultdict(int), defaultdict(Decimal), defaultdict(int)
    for _referral_id, measures in groupby(rows, key=lambda row: row.referral_id):
        for person_change in person_changes(list(measures)):
            people[person_change.scale] += 1
            change[person_change.scale] += person_change.difference
            improved[person_change.scale] += int(person_change.improved_meaningfully)
    return [ScaleChange(scale, people[scale], change[scale], improved[scale]) for scale in SCALES]
