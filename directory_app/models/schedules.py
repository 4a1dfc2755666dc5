"""When an activity runs: its recurring slots and dated sessions, as rows."""

from datetime import date, time

from flask import g, has_app_context
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Time,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from directory_app.core.extensions import db
from directory_app.models.school_terms import TERMS_CACHE, terms_in_borough


class ActivitySchedule(db.Model):
    """One repeating slot or one dated session of an activity (``domain.slots.Slot``)."""

    __tablename__ = "activity_schedule"
    __table_args__ = (
        CheckConstraint(
            "frequency IN ('weekly', 'fortnightly', 'every_n_weeks', 'monthly', 'course', 'once')",
            name="known_frequency",
        ),
        CheckConstraint("weekday IS NULL OR (weekday >= 0 AND weekday <= 6)", name="weekday"),
        CheckConstraint(
            "(frequency = 'once' AND on_date IS NOT NULL) OR "
            "(frequency = 'weekly' AND weekday IS NOT NULL) OR "
            "(frequency = 'fortnightly' AND weekday IS NOT NULL AND on_date IS NOT NULL) OR "
            "(frequency = 'every_n_weeks' AND weekday IS NOT NULL AND on_date IS NOT NULL "
            "AND interval_weeks IS NOT NULL) OR "
            "(frequency = 'monthly' AND weekday IS NOT NULL AND month_week IS NOT NULL) OR "
            "(frequency = 'course' AND weekday IS NOT NULL AND on_date IS NOT NULL "
            "AND course_weeks IS NOT NULL)",
            name="complete",
        ),
        CheckConstraint(
            "interval_weeks IS NULL OR (interval_weeks >= 2 AND interval_weeks <= 52)",
            name="interval_weeks",
        ),
        CheckConstraint("month_week IS NULL OR month_week IN (1, 2, 3, 4, -1)", name="month_week"),
        CheckConstraint(
            "course_weeks IS NULL OR (course_weeks >= 1 AND course_weeks <= 52)",
            name="course_weeks",
        ),
        CheckConstraint(
            "NOT term_time_only OR frequency IN ('weekly', 'fortnightly', 'every_n_weeks', "
            "'monthly')",
            name="term_time_repeats",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[str] = mapped_column(String(13))
    # Monday is 0, as in date.weekday().
    weekday: Mapped[int | None] = mapped_column(Integer)
    # The date of a one-off session, of a course's first session, or of any one session
    # of a slot that repeats every two or more weeks (which fixes the weeks it runs in).
    on_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    interval_weeks: Mapped[int | None] = mapped_column(Integer)
    # 1 to 4 for the first to fourth weekday of the month, -1 for the last.
    month_week: Mapped[int | None] = mapped_column(Integer)
    course_weeks: Mapped[int | None] = mapped_column(Integer)
    term_time_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Held here rather than at the activity's venue; a removed venue leaves the slot at
    # the activity's own.
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )

    venue = relationship("Venue", lazy="joined")

    def school_terms(self, borough: str):
        """The borough's school terms for ``schedules.timetable_for``, which may not query
        the database itself. Read through the session that loaded this row (the search
        applier has its own), once per borough per request."""
        session = object_session(self) or db.session
        if not has_app_context():
            return terms_in_borough(borough, session)
        known = g.setdefault(TERMS_CACHE, {})
        if borough not in known:
            known[borough] = terms_in_borough(borough, session)
        return known[borough]
