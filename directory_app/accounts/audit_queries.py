"""Reading the audit log: filters, keyset pages, list views gathered, and the export.

Keyset pages (``before=<id>``, newest first) make the 500th page cost what the first does,
and each filter rides an index. Every opening of a list (the inbox, the figures, this log)
is an event; a run of them is one line, so the views of records stay in sight.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_interval
from flask import current_app
from flask_babel import get_locale, ngettext, to_user_timezone
from flask_babel import gettext as _
from sqlalchemy import select, text

from directory_app.core.audit import AuditEvent
from directory_app.core.extensions import db
from directory_app.models import Referral, StaffUser
from directory_app.referrals.service import reference_as_stored
from directory_app.web.input import MAX_ID, plain_text, record_id

PAGE_SIZE = 50
SCAN_LIMIT = 1000  # events a page reads at most (in batches), however long a run of clicks
BATCH = 200
EXPORT_LIMIT = 100_000

# The actions that record opening a list rather than a record, each with how a run of
# them reads ("Viewed the inbox list 14 times, 09:02–09:41"). Add new list views here.
# fmt: off
LIST_VIEWS = {
    "inbox.listed": lambda num, span: ngettext(
        "Viewed the inbox list %(num)d time, %(span)s",
        "Viewed the inbox list %(num)d times, %(span)s", num, span=span),
    "dashboard.viewed": lambda num, span: ngettext(
        "Viewed the referral figures %(num)d time, %(span)s",
        "Viewed the referral figures %(num)d times, %(span)s", num, span=span),
    "audit_log.viewed": lambda num, span: ngettext(
        "Viewed the audit log %(num)d time, %(span)s",
        "Viewed the audit log %(num)d times, %(span)s", num, span=span),
    "people.listed": lambda num, span: ngettext(
        "Viewed the staff accounts %(num)d time, %(span)s",
        "Viewed the staff accounts %(num)d times, %(span)s", num, span=span),
    "buddies.listed": lambda num, span: ngettext(
        "Viewed the list of buddies %(num)d time, %(span)s",
        "Viewed the list of buddies %(num)d times, %(span)s", num, span=span),
    "outbox.failed_listed": lambda num, span: ngettext(
        "Viewed the emails that could not be sent %(num)d time, %(span)s",
        "Viewed the emails that could not be sent %(num)d times, %(span)s", num, span=span),
    "listing.changes_listed": lambda num, span: ngettext(
        "Viewed the listing changes to check %(num)d time, %(span)s",
        "Viewed the listing changes to check %(num)d times, %(span)s", num, span=span),
    "listing.problems_listed": lambda num, span: ngettext(
        "Viewed the problems reported with listings %(num)d time, %(span)s",
        "Viewed the problems reported with listings %(num)d times, %(span)s", num, span=span),
    "group.requests_listed": lambda num, span: ngettext(
        "Viewed the account requests from groups %(num)d time, %(span)s",
        "Viewed the account requests from groups %(num)d times, %(span)s", num, span=span),
    "report.viewed": lambda num, span: ngettext(
        "Viewed the reports %(num)d time, %(span)s",
        "Viewed the reports %(num)d times, %(span)s", num, span=span),
    "onward.listed": lambda num, span: ngettext(
        "Viewed their group's referrals %(num)d time, %(span)s",
        "Viewed their group's referrals %(num)d times, %(span)s", num, span=span),
}
# fmt: on

LIST_VIEW_MODES = ("group", "hide", "each")  # gathered into runs, left out, one a line
ACTION_CODE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")  # nothing else reaches the log's detail


@dataclass
class AuditFilters:
    """What the log shows, read from the query string: account ids, a case number, an
    action and dates, never a name or an email address."""

    actor: str = ""  # a staff account's id, "nobody" (no one signed in), or "" for anyone
    case: str = ""  # a case reference, as typed
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    list_views: str = "group"
    before: int | None = None
    referral: Referral | None = None
    # The case and any duplicates merged into it: a subject access covers them all.
    referral_ids: list[int] = field(default_factory=list)
    starts: datetime | None = None
    ends: datetime | None = None
    id_floor: int = 0  # ids that bound the dates' events (``_id_before``, ``_id_after``)
    id_ceiling: int = MAX_ID
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "AuditFilters":
        actor, mode = plain_text(args.get("actor"), 12), args.get("list_views")
        action = plain_text(args.get("action"), 60)
        filters = cls(
            actor=actor if actor == "nobody" or record_id(actor) else "",
            case=plain_text(args.get("case"), 30),
            action=action if ACTION_CODE.fullmatch(action) else "",
            date_from=plain_text(args.get("from"), 10),
            date_to=plain_text(args.get("to"), 10),
            list_views=mode if mode in LIST_VIEW_MODES else "group",
            before=record_id(args.get("before")),
        )
        filters._find_case()
        filters._read_dates()
        return filters

    def _find_case(self) -> None:
        if not self.case:
            return
        self.referral = db.session.scalar(
            select(Referral).where(Referral.reference == canonical_reference(self.case))
        )
        if self.referral is None:
            self.errors["case"] = _("No case has that reference")
            return
        merged = select(Referral.id).where(Referral.merged_into_id == self.referral.id)
        self.referral_ids = [self.referral.id, *db.session.scalars(merged)]

    def _read_dates(self) -> None:
        """Days in the service's own time zone, from the start of the first to the end of
        the last (both included), as moments in UTC."""
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        days = {}
        for key, value in (("from", self.date_from), ("to", self.date_to)):
            try:
                days[key] = date.fromisoformat(value) if value else None
            except ValueError:
                self.errors[key] = _("Enter a real date, like 2026-11-27")
        if days.get("from") and days.get("to") and days["to"] < days["from"]:
            self.errors["to"] = _("The end date must be the same as or after the start date")
        if days.get("from"):
            self.starts = datetime.combine(days["from"], time.min, zone).astimezone(UTC)
            self.id_floor = _id_before(self.starts)
        if days.get("to"):
            next_day = days["to"] + timedelta(days=1)
            self.ends = datetime.combine(next_day, time.min, zone).astimezone(UTC)
            self.id_ceiling = _id_after(self.ends)

    def conditions(self) -> list:
        """The WHERE clauses of these filters."""
        found = []
        if self.actor == "nobody":
            found.append(AuditEvent.actor_id.is_(None))
        elif self.actor:
            found.append(AuditEvent.actor_id == int(self.actor))
        if self.referral_ids:
            found.append(AuditEvent.subject_type == "Referral")
            found.append(AuditEvent.subject_id.in_(self.referral_ids))
        if self.action:
            found.append(AuditEvent.action == self.action)
        if self.starts:
            found += [AuditEvent.at >= self.starts, AuditEvent.id > self.id_floor]
        if self.ends:
            found += [AuditEvent.at < self.ends, AuditEvent.id < self.id_ceiling]
        if self.list_views == "hide":
            found.append(AuditEvent.action.not_in(list(LIST_VIEWS)))
        return found

    def query_args(self) -> dict:
        """The filters for a link to another page of them (``before`` left out)."""
        values = {
            "actor": self.actor,
            "case": self.referral.reference if self.referral else self.case,
            "action": self.action,
            "from": self.date_from,
            "to": self.date_to,
            "list_views": "" if self.list_views == "group" else self.list_views,
        }
        return {key: value for key, value in values.items() if value}

    def audit_detail(self) -> dict:
        """The filters as the audit log keeps them: ids and codes, no personal data."""
        # Named apart from ``audit.record``'s own arguments (action, actor, subject).
        renamed = {"actor": "person", "action": "event"}
        detail = {renamed.get(k, k): v for k, v in self.query_args().items() if k != "case"}
        if self.referral is not None:
            detail["referral_id"] = self.referral.id
        return detail


# Events are numbered a moment after they are timed: with a minute's margin, the id bounds of
# a date range (an ``at`` index probe each) hold all its events, and bound the scan to them.
_ID_MARGIN = timedelta(minutes=1)


def _id_before(moment: datetime) -> int:
    """An id below every event at or after ``moment``."""
    query = select(AuditEvent.id).where(AuditEvent.at < moment - _ID_MARGIN)
    return db.session.scalar(query.order_by(AuditEvent.at.desc()).limit(1)) or 0


def _id_after(moment: datetime) -> int:
    """An id above every event before ``moment``."""
    query = select(AuditEvent.id).where(AuditEvent.at >= moment + _ID_MARGIN)
    return db.session.scalar(query.order_by(AuditEvent.at).limit(1)) or MAX_ID


def canonical_reference(typed: str) -> str:
    """A reference as stored ("SR-ABCD-EFGH"), however typed: lower case, spaces, no dashes."""
    return reference_as_stored(typed) or typed.strip().upper()


@dataclass
class ListViewRun:
    """One person opening the same list several times in a row (newest first)."""

    events: list[AuditEvent]
    newest = property(lambda self: self.events[0])
    oldest = property(lambda self: self.events[-1])

    @property
    def description(self) -> str:
        first, last = (to_user_timezone(event.at) for event in (self.oldest, self.newest))
        skeleton = "Hm" if first.date() == last.date() else "yMMMdHm"
        span = format_interval(first, last, skeleton, locale=get_locale())
        return LIST_VIEWS[self.newest.action](len(self.events), span)


@dataclass
class AuditPage:
    """The rows of one page (events, and runs of list views), and where the next begins."""

    rows: list = field(default_factory=list)
    older_than: int | None = None  # the ``before`` of the next page; None on the last


def events_page(filters: AuditFilters) -> AuditPage:
    """One page of events matching the filters, newest first, from ``filters.before``."""
    page, grouping = AuditPage(), filters.list_views == "group"
    runs: dict[int | None, ListViewRun | None] = {}  # each person's run still open
    before, scanned = filters.before, 0
    batch_size = BATCH if grouping else PAGE_SIZE + 1
    while scanned < SCAN_LIMIT:
        batch = db.session.scalars(_events(filters, before).limit(batch_size)).all()
        for event in batch:
            if not _place(event, page.rows, runs if grouping else None):
                page.older_than = before
                return page
            before, scanned = event.id, scanned + 1
        if len(batch) < batch_size:
            return page
    page.older_than = before
    return page


def _place(event: AuditEvent, rows: list, runs: dict | None) -> bool:
    """Add the event to the page, joining its person's open run of the same list if there is
    one; False when it would need a row the page has no room for."""
    open_run = runs.get(event.actor_id) if runs is not None else None
    if open_run is not None and open_run.newest.action == event.action:
        open_run.events.append(event)
        return True
    if len(rows) >= PAGE_SIZE:
        return False
    if runs is not None and event.action in LIST_VIEWS:
        runs[event.actor_id] = ListViewRun([event])
        rows.append(runs[event.actor_id])
    else:
        if runs is not None:
            runs[event.actor_id] = None  # anything else they do ends their run
        rows.append(event)
    return True


def _events(filters: AuditFilters, before: int | None):
    query = select(AuditEvent).where(*filters.conditions()).order_by(AuditEvent.id.desc())
    return query.where(AuditEvent.id < before) if before is not None else query


def actions_present() -> list[str]:
    """Each action the log holds, found by hopping along its index (one probe per distinct
    action) instead of reading every event: the log may hold millions."""
    return list(db.session.scalars(_ACTIONS_PRESENT))


_ACTIONS_PRESENT = text(
    "WITH RECURSIVE present(action) AS (SELECT MIN(action) FROM audit_event UNION ALL"
    " SELECT (SELECT MIN(action) FROM audit_event WHERE action > present.action)"
    " FROM present WHERE present.action IS NOT NULL)"
    " SELECT action FROM present WHERE action IS NOT NULL"
)


def export_rows(filters: AuditFilters):
    """The matching events for a file, each on its own, newest first (``EXPORT_LIMIT``)."""
    query = (
        select(AuditEvent.__table__, StaffUser.name.label("actor_name"))
        .outerjoin(StaffUser, StaffUser.id == AuditEvent.actor_id)
        .where(*filters.conditions())
        .order_by(AuditEvent.id.desc())
        .limit(EXPORT_LIMIT)
    )
    return db.session.execute(query.execution_options(yield_per=2000))
