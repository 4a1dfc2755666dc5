"""Activities: what a resident can go to, when, where, for whom and at what cost."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.domain.freshness import confirmed_on, hidden_on_or_before, stale_on_or_before
from directory_app.domain.vocabulary import (
    ATTENDANCE_MODES,
    AUDIENCES,
    CATEGORIES,
    COST_TYPES,
    LISTING_STATUSES,
    codes,
)
from directory_app.models.checks import one_of
from directory_app.models.public_ids import PublicIdMixin
from directory_app.models.timestamps import TimestampMixin
from directory_app.models.what_to_expect import (
    CARER_ANSWERS,
    GROUP_SIZES,
    Expectation,
    what_to_expect,
)

# "Taking new people?" (``Activity.intake``): labels and staleness in ``domain.intake``.
INTAKE_STATES = ("open", "waiting_list", "full", "referral_only")


class Activity(PublicIdMixin, TimestampMixin, db.Model):
    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint(one_of("status", codes(LISTING_STATUSES)), name="known_status"),
        CheckConstraint(one_of("cost_type", codes(COST_TYPES)), name="known_cost_type"),
        CheckConstraint(one_of("intake", INTAKE_STATES), name="known_intake"),
        CheckConstraint(one_of("attendance_mode", codes(ATTENDANCE_MODES)), name="known_mode"),
        CheckConstraint("age_min IS NULL OR age_max IS NULL OR age_min <= age_max", name="ages"),
        CheckConstraint(one_of("usual_group_size", ("", *codes(GROUP_SIZES))), name="known_size"),
        CheckConstraint(one_of("carer_free", ("", *codes(CARER_ANSWERS))), name="known_carer"),
        # What the public may see (published, confirmed lately) is counted and paged by the
        # open-data feeds and sitemaps at 100,000 listings: answered from this index alone.
        Index("ix_activity_public", "status", "last_confirmed_on", "created_at", "id"),
        # The OpenActive feeds page through listings in (modified, id) order.
        Index("ix_activity_modified", "updated_at", "public_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Null for activities held online or by phone only.
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"), index=True)
    attendance_mode: Mapped[str] = mapped_column(String(20), default="in-person")

    # The language the text below is written in; translations sit in ActivityTranslation.
    text_language: Mapped[str] = mapped_column(String(12), default="en", server_default="en")
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    first_visit: Mapped[str] = mapped_column(Text, default="")

    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    audience_notes: Mapped[str] = mapped_column(String(300), default="")

    cost_type: Mapped[str] = mapped_column(String(20), default="free")
    # Pence, so money never passes through floating point.
    cost_pence: Mapped[int | None] = mapped_column(Integer)
    cost_notes: Mapped[str] = mapped_column(String(300), default="")
    booking_required: Mapped[bool] = mapped_column(Boolean, default=False)
    booking_notes: Mapped[str] = mapped_column(String(300), default="")

    # What to expect. ``booking_required`` above answers "can I just turn up?". The two
    # texts are in ``text_language``, written by the group like the notes.
    run_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    usual_group_size: Mapped[str] = mapped_column(String(20), default="", server_default="")
    bring: Mapped[str] = mapped_column(String(300), default="", server_default="")
    carer_free: Mapped[str] = mapped_column(String(10), default="", server_default="")

    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    schedule_notes: Mapped[str] = mapped_column(String(300), default="")

    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_website: Mapped[str] = mapped_column(String(300), default="")

    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)
    # "Taking new people?": open, a waiting list (with a typical wait), full, or by referral
    # only; set by the group in one click and confirmed with the date they last said so.
    intake: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    intake_wait_weeks: Mapped[int | None] = mapped_column(SmallInteger)
    intake_confirmed_on: Mapped[date | None] = mapped_column(Date)
    # Goes up whenever anything a result card shows changes: the listing, its sessions,
    # translations, venue or organisation (``search.sync`` bumps it with the outbox row).
    # Cards rendered for an older version are never shown again.
    content_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The public id of "this activity at its venue" (an Open Referral service_at_location);
    # an activity is held at one venue at most, so it lives here.
    at_venue_public_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, unique=True, default=uuid.uuid4, nullable=False
    )

    organisation = relationship("Organisation", back_populates="activities", lazy="joined")
    venue = relationship("Venue", back_populates="activities", lazy="joined")
    categories = relationship(
        "ActivityCategory",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ActivityCategory.id",
    )
    audiences = relationship(
        "ActivityAudience",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ActivityAudience.id",
    )
    languages = relationship(
        "ActivityLanguage",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ActivityLanguage.id",
    )
    translations = relationship(
        "ActivityTranslation",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ActivityTranslation.language",
    )
    schedules = relationship(
        "ActivitySchedule",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ActivitySchedule.id",
    )

    @property
    def category_codes(self) -> list[str]:
        return [row.category for row in self.categories]

    @property
    def audience_codes(self) -> list[str]:
        return [row.audience for row in self.audiences]

    @property
    def language_codes(self) -> list[str]:
        return [row.language for row in self.languages]

    @property
    def is_free(self) -> bool:
        return self.cost_type == "free"

    @hybrid_method
    def hidden_from_public_on(self, today: date) -> bool:
        """Unconfirmed for 15 months (``freshness``): out of search and public pages."""
        return confirmed_on(self) <= hidden_on_or_before(today)

    @hidden_from_public_on.expression
    def hidden_from_public_on(cls, today: date):
        # confirmed_on() in SQL without a database-specific date(): a listing never
        # confirmed counts from the day it was added.
        cutoff = hidden_on_or_before(today)
        day_after = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
        # Each side is NULL-safe, so ``~`` (shown to the public) is right for every row.
        return or_(
            cls.last_confirmed_on.is_not(None) & (cls.last_confirmed_on <= cutoff),
            cls.last_confirmed_on.is_(None) & (cls.created_at < day_after),
        )

    @hybrid_method
    def listed_on(self, today: date) -> bool:
        """Found by the public: published, and not hidden for being unconfirmed. Search,
        the organisation and venue pages, the open-data feeds and the sitemaps all list
        what this says (a paused listing keeps its page, with a notice, but is not listed)."""
        return self.status == "published" and not self.hidden_from_public_on(today)

    @listed_on.expression
    def listed_on(cls, today: date):
        return and_(cls.status == "published", ~cls.hidden_from_public_on(today))

    def may_be_out_of_date_on(self, today: date) -> bool:
        """Unconfirmed for a year: pages say so and search ranks it lower."""
        return confirmed_on(self) <= stale_on_or_before(today)

    @property
    def what_to_expect(self) -> list[Expectation]:
        return what_to_expect(self)

    @property
    def is_remote(self) -> bool:
        """True when someone can take part without travelling to a venue."""
        return self.attendance_mode in ("online", "phone", "hybrid")

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.key}>"


class ActivityCategory(db.Model):
    __tablename__ = "activity_category"
    __table_args__ = (
        UniqueConstraint("activity_id", "category"),
        CheckConstraint(one_of("category", codes(CATEGORIES)), name="known_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(40), index=True)


class ActivityAudience(db.Model):
    __tablename__ = "activity_audience"
    __table_args__ = (
        UniqueConstraint("activity_id", "audience"),
        CheckConstraint(one_of("audience", codes(AUDIENCES)), name="known_audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    audience: Mapped[str] = mapped_column(String(40))


class ActivityLanguage(db.Model):
    """A language spoken at the activity (not a translation of the listing)."""

    __tablename__ = "activity_language"
    __table_args__ = (UniqueConstraint("activity_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(12))
