"""Wellbeing change over a period, per scale: the average change and how many people
improved by a meaningful amount.

Whose change counts, and what "meaningful" means, is ``outcomes.scales``' rule (one home:
the case page shows the same per person). ``person_by_person`` applies that rule in Python
to each person's measures; ``wellbeing_changes``, which reports use, is the same rule as
one SQL statement (``wellbeing_sql``), tested to give the same figures. A person's change
runs from their first to their latest measure in the period, so it cannot be summed from
daily counts the way ``daily`` sums the rest of the report.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from directory_app.core.extensions import db
from directory_app.models import Referral, WellbeingMeasure
from directory_app.models.report_summaries import ReportWellbeing
from directory_app.outcomes.scales import SCALES, person_changes
from directory_app.reports.freshness import WELLBEING_KEY, changes_now
from directory_app.reports.periods import Period
from directory_app.reports.wellbeing_sql import scale_sums

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


def person_by_person(period: Period | None) -> list[ScaleChange]:
    """Every scale in ``SCALES`` order (0 people where no one has two measures), worked out
    a person at a time with ``person_changes`` itself: the reference ``wellbeing_changes``
    is tested against, too slow for a year of a busy service (1.2 s at 100,000 requests)."""
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


def wellbeing_changes(period: Period | None) -> list[ScaleChange]:
    """Every scale in ``SCALES`` order, counted in the database by one statement that
    returns a row per scale (``wellbeing_sql``). A range's figures are kept
    (``ReportWellbeing``) until a measure changes (``freshness``),
    since the statement still reads every measure of the range: 150-400 ms for a year."""
    if period is None:
        return _changes(scale_sums(None))
    # Read before counting: a measure committed meanwhile leaves these figures out of date.
    seen = changes_now([WELLBEING_KEY])[WELLBEING_KEY]
    kept = db.session.execute(
        select(
            ReportWellbeing.scale,
            ReportWellbeing.people,
            ReportWellbeing.hundredths,
            ReportWellbeing.improved,
        ).where(
            ReportWellbeing.start == period.start,
            ReportWellbeing.end == period.end,
            ReportWellbeing.counted_changes == seen,
        )
    ).all()
    if len(kept) == len(SCALES):
        return _changes(kept)
    changes = _changes(scale_sums(period))
    try:
        with db.session.begin_nested():
            db.session.execute(
                delete(ReportWellbeing).where(
                    ReportWellbeing.start == period.start, ReportWellbeing.end == period.end
                )
            )
            db.session.execute(
                insert(ReportWellbeing),
                [
                    {
                        "start": period.start,
                        "end": period.end,
                        "scale": change.scale,
                        "people": change.people,
                        "hundredths": int(change.total_change * 100),
                        "improved": change.improved,
                        "counted_changes": seen,
                    }
                    for change in changes
                ],
            )
    except IntegrityError:  # another reader kept the same range at the same moment
        pass
    return changes


def _changes(rows) -> list[ScaleChange]:
    found = {scale: (people, hundredths, improved) for scale, people, hundredths, improved in rows}
    changes = []
    for scale in SCALES:
        people, hundredths, improved = found.get(scale, (0, 0, 0))
        changes.append(
            ScaleChange(scale, int(people), Decimal(int(hundredths)) / 100, int(improved))
        )
    return changes
