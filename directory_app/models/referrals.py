"""Self-referrals and buddy requests: special-category health data, seen only by link workers.

Free-text and contact fields hold personal data; anonymising a request (``anonymised_at``)
blanks them and keeps only what the figures need (kind, status, reasons, area, dates).
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.checks import one_of
from directory_app.models.timestamps import TimestampMixin, utcnow

KINDS = ("self_referral", "buddy")
STATUSES = (
    "new",
    "contacted",
    "in_progress",
    "buddy_matched",
    "referred_on",
    "attended",
    "closed",
    "declined",
)
OPEN_STATUSES = ("new", "contacted", "in_progress", "buddy_matched", "referred_on", "attended")
# How the request reached the service: the resident's own form, a professional's form, or
# taken by a link worker on the phone or in person.
SOURCES = ("self", "professional", "phone", "in_person")
# How the person agreed to be referred.
CONSENT_METHODS = ("online_form", "verbal", "written", "confirmed_by_referrer")
REFERRER_KINDS = ("gp_practice", "pharmacy", "housing", "mental_health", "vcse", "council", "other")


class Referral(TimestampMixin, db.Model):
    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="known_kind"),
        CheckConstraint(one_of("status", STATUSES), name="known_status"),
        CheckConstraint(one_of("source", SOURCES), name="known_source"),
        # Reports count requests made in a date range.
        Index("ix_referral_created_at", "created_at"),
        # The inbox: every list, count and search reads unmerged requests by status and
        # their deadlines, the area filter and the search's keys; from this index alone
        # (benchmarks/inbox.py: a search read each open case's row, 13 to 20 ms; now 2 ms).
        Index(
            "ix_referral_inbox",
            "merged_into_id",
            "status",
            "respond_by",
            "follow_up_on",
            "assigned_to_id",
            "created_at",
            "area",
            "search_key",
            "email_key",
            "id",  # SQLite has the row id in every index; PostgreSQL needs it named
        ),
        # Deep pages of the urgent list read follow-ups to come in date order from here,
        # stopping after a page (``list_order.rest_of_sort``), not sorting every request.
        Index("ix_referral_follow_up", "merged_into_id", "follow_up_on", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the resident is told, e.g. "SR-7KQ2-M4XD": short, unguessable, no personal data.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # One per form shown: a second submit of the same form finds this request, not a new one.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)

    # Where it came from, and how consent was given (and, on the phone, to whom).
    source: Mapped[str] = mapped_column(String(20), default="self", server_default="self")
    consent_method: Mapped[str] = mapped_column(String(30), default="", server_default="")
    consent_given_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who gave it when not the person ("their daughter, with them on the call").
    consent_given_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # A professional's referral: who referred, from where, and how to reach them.
    referrer_kind: Mapped[str] = mapped_column(String(20), default="", server_default="")
    referrer_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    referrer_role: Mapped[str] = mapped_column(String(120), default="", server_default="")
    referrer_organisation: Mapped[str] = mapped_column(String(160), default="", server_default="")
    referrer_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    referrer_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")

    # About the person.
    full_name: Mapped[str] = mapped_column(String(120), default="")
    preferred_name: Mapped[str] = mapped_column(String(60), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    confirmed_adult: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    preferred_contact: Mapped[str] = mapped_column(String(10), default="")
    good_times: Mapped[str] = mapped_column(String(200), default="")
    may_leave_message: Mapped[bool] = mapped_column(Boolean, default=False)
    may_text: Mapped[bool] = mapped_column(Boolean, default=False)
    postcode: Mapped[str] = mapped_column(String(10), default="")
    # Kept after anonymising, for figures by area: the borough, never the postcode.
    area: Mapped[str] = mapped_column(String(100), default="", index=True)
    gp_practice: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(12), default="")
    interpreter: Mapped[str] = mapped_column(String(40), default="")
    access_needs: Mapped[str] = mapped_column(Text, default="")
    # The person as the duplicate check compares them (``inbox.duplicates``): the phone in
    # E.164, the email lowercased, the full name casefolded without accents.
    phone_key: Mapped[str] = mapped_column(String(20), default="", server_default="", index=True)
    email_key: Mapped[str] = mapped_column(String(254), default="", server_default="", index=True)
    name_key: Mapped[str] = mapped_column(String(120), default="", server_default="", index=True)
    # What the inbox search reads (``domain.people.search_key``), from the inbox index.
    search_key: Mapped[str] = mapped_column(String(300), default="", server_default="")

    # What they would like help with.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    help_wanted: Mapped[str] = mapped_column(Text, default="")

    # Buddy requests.
    hoped_session: Mapped[str] = mapped_column(String(120), default="")
    buddy_help: Mapped[list] = mapped_column(JSON, default=list)
    worries: Mapped[str] = mapped_column(Text, default="")
    buddy_preferences: Mapped[str] = mapped_column(String(200), default="")
    availability: Mapped[str] = mapped_column(String(200), default="")
    volunteer_name: Mapped[str] = mapped_column(String(120), default="")
    volunteer_contact: Mapped[str] = mapped_column(String(120), default="")
    buddy_id: Mapped[int | None] = mapped_column(ForeignKey("buddy.id"), index=True)
    buddy_session_on: Mapped[date | None] = mapped_column(Date)
    attended_first_session: Mapped[bool | None] = mapped_column(Boolean)

    # Consents.
    consent_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_share_with_gp: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_feedback: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_share_with_volunteer: Mapped[bool] = mapped_column(Boolean, default=False)

    # Triage.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    respond_by: Mapped[date] = mapped_column(Date)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    first_contacted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(300), default="")
    declined_as_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    activity = relationship("Activity", lazy="joined")
    assigned_to = relationship("StaffUser", lazy="joined", foreign_keys=[assigned_to_id])
    entered_by = relationship("StaffUser", foreign_keys=[entered_by_id])
    consent_recorded_by = relationship("StaffUser", foreign_keys=[consent_recorded_by_id])
    buddy = relationship("Buddy", lazy="joined")
    attempts = relationship(
        "ContactAttempt",
        cascade="all, delete-orphan",
        order_by="ContactAttempt.id",
        lazy="selectin",
    )
    corrections = relationship(
        "ReferralCorrection", cascade="all, delete-orphan", order_by="ReferralCorrection.id"
    )
    messages = relationship("CaseMessage", cascade="all, delete-orphan", order_by="CaseMessage.id")
    shortlist = relationship(
        "ShortlistItem", cascade="all, delete-orphan", order_by="ShortlistItem.position"
    )
    notes = relationship(
        "ReferralNote", cascade="all, delete-orphan", order_by="ReferralNote.id", lazy="selectin"
    )
    plan_revisions = relationship(
        "PlanRevision", cascade="all, delete-orphan", order_by="PlanRevision.id"
    )
    measures = relationship(
        "WellbeingMeasure",
        cascade="all, delete-orphan",
        order_by="(WellbeingMeasure.taken_on, WellbeingMeasure.id)",
    )
    history = relationship(
        "ReferralStatusChange",
        cascade="all, delete-orphan",
        order_by="ReferralStatusChange.id",
        lazy="selectin",
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @hybrid_method
    def overdue_on(self, today: date) -> bool:
        """A deadline missed: new and past its respond-by date, or open and past its follow-up
        date. The one rule for lists, counts and badges."""
        if self.status == "new" and self.respond_by < today:
            return True
        return (
            self.status in OPEN_STATUSES
            and self.follow_up_on is not None
            and self.follow_up_on < today
        )

    @overdue_on.expression
    def overdue_on(cls, today: date):
        return or_(
            and_(cls.status == "new", cls.respond_by < today),
            and_(
                cls.status.in_(OPEN_STATUSES),
                cls.follow_up_on.is_not(None),
                cls.follow_up_on < today,
            ),
        )

    @hybrid_method
    def due_on(self, today: date) -> bool:
        """A deadline that falls today: the reply while new, or the follow-up while open."""
        if self.status == "new" and self.respond_by == today:
            return True
        return self.status in OPEN_STATUSES and self.follow_up_on == today

    @due_on.expression
    def due_on(cls, today: date):
        return or_(
            and_(cls.status == "new", cls.respond_by == today),
            and_(cls.status.in_(OPEN_STATUSES), cls.follow_up_on == today),
        )

    @classmethod
    def overdue_among_open(cls, today: date):
        """``overdue_on`` where the status is already known to be open: without the status
        list it implies, a count over the open cases is twice as quick on PostgreSQL."""
        return or_(and_(cls.status == "new", cls.respond_by < today), cls.follow_up_on < today)

    @classmethod
    def due_among_open(cls, today: date):
        """``due_on`` where the status is already known to be open."""
        return or_(and_(cls.status == "new", cls.respond_by == today), cls.follow_up_on == today)

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name

    def __repr__(self) -> str:  # no personal data, so it is safe in logs and tracebacks
        return f"<Referral {self.id} {self.kind} {self.status}>"


class ReferralNote(db.Model):
    __tablename__ = "referral_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    author = relationship("StaffUser", lazy="joined")


class ReferralStatusChange(db.Model):
    __tablename__ = "referral_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))

    changed_by = relationship("StaffUser", lazy="joined")
