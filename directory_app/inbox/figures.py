"""Figures for the dashboard and its CSV export: counts only, nothing that identifies anyone."""

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import Referral
from directory_app.models.referrals import OPEN_STATUSES
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


def dashboard_figures(today: date) -> Figures:
    requests_ = db.session.scalars(select(Referral).where(Referral.merged_into_id.is_(None))).all()
    week_ago = datetime.now(UTC) - timedelta(days=7)
    waits = [
        (aware(r.first_contacted_at) - aware(r.created_at)).total_seconds() / 86400
        for r in requests_
        if r.first_contacted_at
    ]
    reasons = Counter(reason for r in requests_ for reason in (r.reasons or []))
    activities = Counter(r.activity.title for r in requests_ if r.activity is not None)
    return Figures(
        new_this_week=sum(1 for r in requests_ if aware(r.created_at) >= week_ago),
        open=sum(1 for r in requests_ if r.status in OPEN_STATUSES),
        overdue=sum(1 for r in requests_ if r.overdue_on(today)),
        median_days_to_first_contact=round(statistics.median(waits), 1) if waits else None,
        by_reason=reasons.most_common(),
        by_area=Counter(r.area or "Unknown" for r in requests_).most_common(),
        by_activity=activities.most_common(10),
        by_kind=Counter(r.kind for r in requests_).most_common(),
    )


def figures_csv(figures: Figures) -> str:
    """The dashboard's numbers as CSV rows of (measure, group, value)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "group", "value"])
    writer.writerow(["new_this_week", "", figures.new_this_week])
    writer.writerow(["open", "", figures.open])
    writer.writerow(["overdue", "", figures.overdue])
    writer.writerow(
        [
            "median_days_to_first_contact",
            "",
            figures.median_days_to_first_contact
            if figures.median_days_to_first_contact is not None
            else "",
        ]
    )
    for measure, rows in (
        ("by_kind", figures.by_kind),
        ("by_reason", figures.by_reason),
        ("by_area", figures.by_area),
        ("by_activity", figures.by_activity),
    ):
        for group, value in rows:
            writer.writerow(safe_row([measure, group, value]))
    return out.getvalue()
