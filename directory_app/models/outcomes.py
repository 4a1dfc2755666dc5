"""What a case set out to do and whether the person is better for it: a WOOP plan (each
edit a new revision, so its history stays) and wellbeing measures taken at the start, at
reviews and at the end (``outcomes``).

Plans are the person's own words and are deleted when a request is anonymised; measures
are numbers only (no item answers: the SWEMWBS and WEMWBS item texts are licensed and not
shipped) and stay, so a commissioner's report still counts an anonymised case's change.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Numeric,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.checks import one_of
from directory_app.models.timestamps import utcnow

INSTRUMENTS = ("ons4", "swemwbs", "wemwbs")
STAGES = ("start", "review", "end")


class PlanRevision(db.Model):
    """One version of a case's WOOP plan (Wish, Outcome, Obstacle, Plan): the newest is the
    plan; older ones are its history. Editing adds a revision, never changes one."""

    __tablename__ = "plan_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    wish: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    obstacle: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None] = mapped_column(Date)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    written_by = relationship("StaffUser", lazy="joined")


class WellbeingMeasure(db.Model):
    """One wellbeing measure of one person on one day.

    ONS4 keeps its four answers (0–10; for "anxious" lower is better). SWEMWBS and WEMWBS
    keep the total entered from the paper form: ``raw_total`` as scored, and for SWEMWBS
    ``metric_total``, the raw score converted with the published table.
    """

    __tablename__ = "wellbeing_measure"
    __table_args__ = (
        CheckConstraint(one_of("instrument", INSTRUMENTS), name="known_instrument"),
        CheckConstraint(one_of("stage", STAGES), name="known_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    instrument: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(10))
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    # ONS4: life satisfaction, worthwhile, happy yesterday, anxious yesterday.
    ons_satisfied: Mapped[int | None] = mapped_column(SmallInteger)
    ons_worthwhile: Mapped[int | None] = mapped_column(SmallInteger)
    ons_happy: Mapped[int | None] = mapped_column(SmallInteger)
    ons_anxious: Mapped[int | None] = mapped_column(SmallInteger)
    # SWEMWBS (7–35) or WEMWBS (14–70) as scored on the paper form.
    raw_total: Mapped[int | None] = mapped_column(SmallInteger)
    metric_total: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    recorded_by = relationship("StaffUser", lazy="joined")
