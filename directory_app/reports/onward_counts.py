"""Onward referrals to groups sent in a period, counted in the database: how many were
accepted, declined (and why), withdrawn or still waiting, and how many people went.

Counted by when they were sent, for requests that were not merged into another.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select

from directory_app.core.extensions import db
from directory_app.inbox.onward_stats import ACCEPTED
from directory_app.models import OnwardReferral, Referral
from directory_app.models.onward import DECLINE_REASONS
from directory_app.reports.periods import Period
from directory_app.reports.sql import count_where


@dataclass
class OnwardCounts:
    sent: int = 0
    awaiting: int = 0
    accepted: int = 0
    declined: int = 0
    withdrawn: int = 0
    attended: int = 0
    six_weeks: int = 0
    # Each decline reason with its count, in ``DECLINE_REASONS`` order (0 kept).
    decline_reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def by_answer(self) -> list[tuple[str, int]]:
        """What became of each: these add up to ``sent``."""
        return [
            ("accepted", self.accepted),
            ("declined", self.declined),
            ("awaiting", self.awaiting),
            ("withdrawn", self.withdrawn),
        ]


def sent_in(period: Period | None):
    conditions = [Referral.merged_into_id.is_(None)]
    if period is not None:
        start, end = period.moments()
        conditions += [OnwardReferral.sent_at >= start, OnwardReferral.sent_at < end]
    return and_(*conditions)


def onward_counts(period: Period | None) -> OnwardCounts:
    """Two queries: one row of sums, and declines grouped by reason."""
    status = OnwardReferral.status
    row = db.session.execute(
        select(
            func.count(),
            count_where(status == "sent"),
            count_where(status.in_(ACCEPTED)),
            count_where(status == "declined"),
            count_where(status == "withdrawn"),
            count_where(OnwardReferral.attended_first_session.is_(True)),
            count_where(OnwardReferral.still_attending_at_six_weeks.is_(True)),
        )
        .select_from(OnwardReferral)
        .join(Referral, Referral.id == OnwardReferral.referral_id)
        .where(sent_in(period))
    ).one()
    reasons = dict(
        db.session.execute(
            select(OnwardReferral.decline_reason, func.count())
            .join(Referral, Referral.id == OnwardReferral.referral_id)
            .where(sent_in(period), status == "declined")
            .group_by(OnwardReferral.decline_reason)
        ).all()
    )
    counts = OnwardCounts(*(int(n) for n in row))
    counts.decline_reasons = [(code, reasons.get(code, 0)) for code in DECLINE_REASONS]
    unknown = sum(n for code, n in reasons.items() if code not in DECLINE_REASONS)
    if unknown:
        counts.decline_reasons.append(("", unknown))
    return counts
