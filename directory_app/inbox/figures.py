"""Figures for the dashboard and its CSV export: counts only, nothing that identifies anyone.

Summed from the reports' daily counts (``reports.daily``): the same few queries whether
there are five requests or 100,000, once the days are counted. The worklist numbers at
the top (new this week, open, overdue) are shown as they are to the staff who work them;
every breakdown, and every number in the CSV file, goes through the reports' small-number
rule, since those are the figures that get copied into slides and emails.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.domain.dates import add_months
from directory_app.i18n.labels import KIND_LABELS, label
from directory_app.inbox.counts import overdue_count
from directory_app.models import Activity, Referral
from directory_app.models.referrals import OPEN_STATUSES
from directory_app.reports.charts import Chart, bar_chart
from directory_app.reports.daily import DaySums
from directory_app.reports.periods import Period
from directory_app.reports.report import ScaleFigures, scale_figures
from directory_app.reports.suppression import Count, breakdown, count
from directory_app.reports.wellbeing import wellbeing_changes
from directory_app.web.spreadsheets import safe_row


@dataclass
class Figures:
    new_this_week: int = 0
    open: int = 0
    overdue: int = 0
    median_days_to_first_contact: float | None = None
    by_reason: list[tuple[str, int]] = field(default_factory=list)
    by_area: list[tuple[str, int]] = field(default_factory=list)
    by_activity: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    # Wellbeing change over the last 12 months, per scale, suppressed.
    wellbeing: list[ScaleFigures] = field(default_factory=list)
    contacted: int = 0

    @property
    def median_shown(self) -> float | None:
        """The median wait, hidden while one to four requests were contacted (it would be
        one of their waits)."""
        if count(self.contacted).suppressed:
            return None
        return self.median_days_to_first_contact


def by_activity(sums: DaySums, limit: int = 10) -> list[tuple[str, int]]:
    """The activities most asked about, by title (ties by title)."""
    asked = {int(key): n for key, n in sums.sums["activity"].items()}
    found = db.session.execute(select(Activity.id, Activity.title).where(Activity.id.in_(asked)))
    titles = {activity_id: title for activity_id, title in found}
    rows = sorted(((titles[key], n) for key, n in asked.items() if key in titles), key=_most_first)
    return rows[:limit]


def _most_first(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def dashboard_figures(today: date) -> Figures:
    """The dashboard's figures: all-time breakdowns summed from the reports' daily counts,
    the worklist counts from the inbox's own (open cases only), and the last 12 months'
    wellbeing change in one statement (``reports.wellbeing``)."""
    sums = DaySums.all_time()
    week_ago = datetime.now(UTC) - timedelta(days=7)
    new = db.session.scalar(
        select(func.count()).where(
            Referral.created_at >= week_ago, (Referral.merged_into_id + 0).is_(None)
        )
    )
    contact = sums.first_contact()
    last_year = Period(add_months(today, -12) + timedelta(days=1), today)
    return Figures(
        new_this_week=int(new or 0),
        open=sum(sums.value("status", status) for status in OPEN_STATUSES),
        overdue=overdue_count(today),
        median_days_to_first_contact=contact.median_days,
        contacted=contact.contacted,
        by_reason=[(code, n) for code, n in sums.by_reason() if n],
        by_area=sums.by_measure("area"),
        by_activity=by_activity(sums),
        by_kind=sums.by_measure("kind"),
        wellbeing=[scale_figures(change) for change in wellbeing_changes(last_year)],
    )


def _area_words(code: str) -> str:
    return code or _("Unknown")


def _suppressed(figures: Figures) -> dict[str, list[tuple[str, Count]]]:
    """Each breakdown with the small-number rule; kinds and areas add up to all requests,
    reasons (several per request) and the top ten activities do not."""
    return {
        "by_kind": breakdown(figures.by_kind),
        "by_reason": breakdown(figures.by_reason, adds_up=False),
        "by_area": breakdown(figures.by_area),
        "by_activity": breakdown(figures.by_activity, adds_up=False),
    }


def dashboard_charts(figures: Figures) -> list[Chart]:
    """The dashboard's labelled charts, in the page's language."""
    rows = _suppressed(figures)
    words = {
        "by_kind": (_("By type"), lambda code: str(KIND_LABELS.get(code, code))),
        "by_reason": (_("By reason"), lambda code: label("reason", code)),
        "by_area": (_("By area"), _area_words),
        "by_activity": (_("By activity (top 10)"), str),
    }
    return [
        bar_chart(
            f"chart-{measure}",
            title,
            [(name(group), c) for group, c in rows[measure]],
            _("Requests"),
        )
        for measure, (title, name) in words.items()
    ]


def figures_csv(figures: Figures) -> str:
    """The dashboard's numbers as CSV rows of (measure, group, value), every count
    suppressed (``<5`` for 1 to 4)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "group", "value"])
    writer.writerow(["new_this_week", "", count(figures.new_this_week).csv])
    writer.writerow(["open", "", count(figures.open).csv])
    writer.writerow(["overdue", "", count(figures.overdue).csv])
    median = figures.median_shown
    writer.writerow(["median_days_to_first_contact", "", "" if median is None else median])
    for measure, rows in _suppressed(figures).items():
        for group, c in rows:
            writer.writerow(safe_row([measure, group, c.csv]))
    for scale in figures.wellbeing:
        average = "" if scale.average_change is None else str(scale.average_change)
        share = "" if scale.share_improved is None else f"{scale.share_improved * 100:.1f}"
        writer.writerow(["wellbeing_people", scale.scale, scale.people.csv])
        writer.writerow(["wellbeing_average_change", scale.scale, average])
        writer.writerow(["wellbeing_percent_improved_meaningfully", scale.scale, share])
    return out.getvalue()
