"""The report's counts queried straight from the requests of the period, in the shape
``daily.DaySums`` gives its summed days: the reference the daily summaries are checked
against (``tests/reports/test_summaries.py``), and one way to count a day."""

from directory_app.models import Referral
from directory_app.reports import counts, onward_counts
from directory_app.reports.periods import Period

COLUMNS = {
    "kind": Referral.kind,
    "source": Referral.source,
    "area": Referral.area,
    "language": Referral.language,
    "status": Referral.status,
}


class DirectCounts:
    """Every count the report needs for ``period``, each one query when it is asked for."""

    def __init__(self, period: Period | None):
        self.period = period

    def total(self) -> int:
        return counts.total(self.period)

    def by_measure(self, measure: str) -> list[tuple[str, int]]:
        if measure == "activity":
            return [(str(key), n) for key, n in counts.by_activity_id(self.period)]
        return counts.by_column(COLUMNS[measure], self.period)

    def by_reason(self) -> list[tuple[str, int]]:
        return counts.by_reason(self.period)

    def by_age_band(self) -> list[tuple[str, int]]:
        return counts.by_age_band(self.period)

    def first_contact(self) -> counts.FirstContact:
        return counts.first_contact(self.period)

    def buddy_counts(self) -> counts.BuddyCounts:
        return counts.buddy_counts(self.period)

    def declined_by_person(self) -> int:
        return counts.declined_by_person(self.period)

    def onward_counts(self) -> onward_counts.OnwardCounts:
        return onward_counts.onward_counts(self.period)
