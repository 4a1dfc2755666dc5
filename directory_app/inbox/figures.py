"""Figures for the dashboard and its CSV export: counts only, nothing that identifies anyone.

Counted in the database with the reports' queries (``reports.counts``): the same eight or
so aggregate queries whether there are five requests or 100,000. The worklist numbers at
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
from directory_app.models import Activity, Referral
from directory_app.models.referrals import OPEN_STATUSES
from directory_app.reports import counts
from directory_app.reports.charts import Chart, bar_chart
from directory_app.reports.periods import Period
from directory_app.reports.report import ScaleFigures, scale_figures
from directory_app.reports.sql import count_where
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


def by_activity(limit: int = 10) -> list[tuple[str, int]]:
    """The activities most asked about, by title."""
    rows = db.session.execute(
        select(Activity.title, func.count(Referral.id))
        .join(Activity, Activity.id == Referral.activity_id)
        .where(counts.received_in(None))
        .group_by(Activity.id, Activity.title)
        .order_by(func.count(Referral.id).desc(), Activity.title)
        .limit(limit)
    )
    return [(title, n) for title, n in rows]


def dashboard_figures(today: date) -> Figures:
    week_ago = datetime.now(UTC) - timedelta(days=7)
    new, open_, overdue = db.session.execute(
        select(
            count_where(Referral.created_at >= week_ago),
            count_where(Referral.status.in_(OPEN_STATUSES)),
            count_where(Referral.overdue_on(today)),
        ).where(counts.received_in(None))
    ).one()
    contact = counts.first_contact(None)
    last_year = Period(add_months(today, -12) + timedelta(days=1), today)
    return Figures(
        new_this_week=int(new),
        open=int(open_),
        overdue=int(overdue),
        median_days_to_first_contact=contact.median_days,
        contacted=contact.contacted,
        by_reason=[(code, n) for code, n in counts.by_reason(None) if n],
        by_area=counts.by_column(Referral.area, None),
        by_activity=by_activity(),
        by_kind=counts.by_column(Referral.kind, None),
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
