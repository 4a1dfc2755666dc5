"""Referrals counted in the database: one GROUP BY (or one row of sums) per breakdown, so a
report over 100,000 requests loads a few dozen rows, never the requests themselves.

Every count is of requests received in the period (``created_at``), merged duplicates
left out (they are the same person's request counted once, under the one it was merged
into). The numbers here are true counts: suppression is applied when they are shown.
"""

from dataclasses import dataclass, field

from sqlalchemy import String, and_, cast, func, literal, select

from directory_app.core.extensions import db
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.models import Referral
from directory_app.reports.periods import Period
from directory_app.reports.sql import count_where, day_number, days_between, utc_day

# Age on the day of the request, from the date of birth: (lowest age, band), highest first.
AGE_BANDS = ((65, "65+"), (55, "55-64"), (45, "45-54"), (35, "35-44"), (25, "25-34"), (16, "16-24"))
UNKNOWN = ""  # the group for an empty area, language or date of birth


def received_in(period: Period | None):
    """The requests a report counts: received in the period (all time for None), not merged."""
    if period is None:
        return Referral.merged_into_id.is_(None)
    start, end = period.moments()
    # "+ 0" keeps SQLite's planner off the inbox index (which starts with merged_into_id
    # and covers every request): a day's counts read that day's rows from the created_at
    # index, 1 ms rather than 30 ms at 100,000 requests. The same condition to both.
    return and_(
        Referral.created_at >= start,
        Referral.created_at < end,
        (Referral.merged_into_id + 0).is_(None),
    )


def total(period: Period | None) -> int:
    return db.session.scalar(select(func.count()).where(received_in(period))) or 0


def by_column(column, period: Period | None, limit: int | None = None) -> list[tuple[str, int]]:
    """Requests per value of ``column``, most first (ties by value, so the order is stable)."""
    group = func.coalesce(column, literal(UNKNOWN))
    query = (
        select(group, func.count())
        .where(received_in(period))
        .group_by(group)
        .order_by(func.count().desc(), group)
    )
    if limit is not None:
        query = query.limit(limit)
    return [(value, n) for value, n in db.session.execute(query)]


def by_reason(period: Period | None) -> list[tuple[str, int]]:
    """Requests naming each reason (a request may name several), most first; reasons no one
    named are kept with 0. One query: a sum per reason over the JSON list as text, the way
    the inbox filters it, which SQLite and PostgreSQL both read."""
    reasons_text = cast(Referral.reasons, String)
    sums = [
        count_where(reasons_text.contains(f'"{term.code}"', autoescape=True))
        for term in REFERRAL_REASONS
    ]
    row = db.session.execute(select(*sums).where(received_in(period))).one()
    counted = [(term.code, int(n)) for term, n in zip(REFERRAL_REASONS, row, strict=True)]
    return sorted(counted, key=lambda pair: -pair[1])


def age_in_years():
    """Someone's age in whole years on the day their request arrived, worked out in SQL
    from the date of birth (null without one)."""
    return (day_number(Referral.created_at) - day_number(Referral.date_of_birth)) // 10000


def age_band(age: int | None) -> str:
    """The band of an age; "" when unknown (or under 16, an entry error in an adults'
    service)."""
    if age is not None:
        for lowest, band in AGE_BANDS:
            if age >= lowest:
                return band
    return UNKNOWN


def by_age_band(period: Period | None) -> list[tuple[str, int]]:
    """Requests per age band, youngest first, unknown last; empty bands kept with 0.

    The database groups by age (about eighty rows) and the bands are summed here: a CASE
    per band re-read every request's dates six times (450 ms of a year's report at
    100,000 requests on SQLite)."""
    age = age_in_years()
    found: dict[str, int] = {}
    for years, n in db.session.execute(
        select(age, func.count()).where(received_in(period)).group_by(age)
    ):
        band = age_band(years)
        found[band] = found.get(band, 0) + n
    order = [band_name for _lowest, band_name in reversed(AGE_BANDS)] + [UNKNOWN]
    return [(name, found.get(name, 0)) for name in order]


@dataclass
class FirstContact:
    """How soon requests were first contacted: ``waits`` maps whole days to requests."""

    contacted: int = 0
    not_yet: int = 0
    within_target: int = 0
    waits: dict[int, int] = field(default_factory=dict)

    @property
    def late(self) -> int:
        return self.contacted - self.within_target

    @property
    def median_days(self) -> float | None:
        """The median wait in whole calendar days (a half when the middle falls between)."""
        everyone = sum(self.waits.values())
        if not everyone:
            return None
        return (self._nth_wait((everyone - 1) // 2) + self._nth_wait(everyone // 2)) / 2

    def _nth_wait(self, index: int) -> int:
        """The wait of the ``index``-th request (from 0) in order of wait."""
        seen = 0
        for days in sorted(self.waits):
            seen += self.waits[days]
            if seen > index:
                return days
        raise IndexError(index)


def first_contact(period: Period | None) -> FirstContact:
    """Contacted or not, contacted by the reply date set when the request arrived
    (``respond_by``: RESPONSE_WORKING_DAYS working days, bank holidays skipped), and the
    spread of waits: two grouped queries."""
    contacted = Referral.first_contacted_at.is_not(None)
    on_time = contacted & (utc_day(Referral.first_contacted_at) <= Referral.respond_by)
    row = db.session.execute(
        select(
            func.count(),
            count_where(contacted),
            count_where(on_time),
        ).where(received_in(period))
    ).one()
    wait = days_between(Referral.first_contacted_at, Referral.created_at)
    waits = db.session.execute(
        select(wait, func.count()).where(received_in(period), contacted).group_by(wait)
    ).all()
    everyone, contacted_n, on_time_n = (int(n) for n in row)
    return FirstContact(
        contacted=contacted_n,
        not_yet=everyone - contacted_n,
        within_target=on_time_n,
        waits=_clamped(waits),
    )


def _clamped(rows) -> dict[int, int]:
    # A contact logged before the request's time (a clock or an entry error) waited 0 days.
    waits: dict[int, int] = {}
    for days, n in rows:
        waits[max(0, int(days))] = waits.get(max(0, int(days)), 0) + int(n)
    return waits


@dataclass
class BuddyCounts:
    requests: int = 0
    matched: int = 0
    attended: int = 0


def buddy_counts(period: Period | None) -> BuddyCounts:
    """Buddy requests received, how many were matched with a volunteer (one on record, or a
    volunteer named by hand) and how many went to their first session: one query."""
    matched = Referral.buddy_id.is_not(None) | (Referral.volunteer_name != "")
    row = db.session.execute(
        select(
            func.count(),
            count_where(matched),
            count_where(Referral.attended_first_session.is_(True)),
        ).where(received_in(period), Referral.kind == "buddy")
    ).one()
    return BuddyCounts(*(int(n) for n in row))


def declined_by_person(period: Period | None) -> int:
    """Requests closed as declined, other than those declined as invalid (spam, tests):
    the person did not want the service."""
    return (
        db.session.scalar(
            select(func.count()).where(
                received_in(period),
                Referral.status == "declined",
                Referral.declined_as_invalid.is_(False),
            )
        )
        or 0
    )


def by_activity_id(period: Period | None) -> list[tuple[int, int]]:
    """Requests per activity asked about (by id; requests about none left out)."""
    return [
        (activity_id, n)
        for activity_id, n in db.session.execute(
            select(Referral.activity_id, func.count())
            .where(received_in(period), Referral.activity_id.is_not(None))
            .group_by(Referral.activity_id)
        )
    ]
