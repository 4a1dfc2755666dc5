"""When an activity runs: its recurring slots and dated sessions, as rows."""

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db


class ActivitySchedule(db.Model):
    """One recurring slot (weekly or fortnightly) or one dated session of an activity."""

    __tablename__ = "activity_schedule"
    __table_args__ = (
        CheckConstraint("frequency IN ('weekly', 'fortnightly', 'once')", name="known_frequency"),
        CheckConstraint("weekday IS NULL OR (weekday >= 0 AND weekday <= 6)", name="weekday"),
        CheckConstraint(
            "(frequency = 'once' AND on_date IS NOT NULL) OR "
            "(frequency = 'weekly' AND weekday IS NOT NULL) OR "
            "(frequency = 'fortnightly' AND weekday IS NOT NULL AND on_date IS NOT NULL)",
            name="complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[str] = mapped_column(String(12))
    # Monday is 0, as in date.weekday().
    weekday: Mapped[int | None] = mapped_column(Integer)
    # The date of a one-off session, or of any one session of a fortnightly series
    # (which fixes the fortnight it runs in).
    on_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
