"""Storing requests: references, deadlines, areas, and never a duplicate.

Adds and flushes only: the request commits, then the notification email is sent.
"""

import re
import secrets
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from directory_app.core.extensions import db
from directory_app.geo.postcodes import PostcodeError, lookup_postcode
from directory_app.models import Referral, Venue

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REFERENCE_TYPED = re.compile(f"(SR|BR)[{REFERENCE_ALPHABET}]{{8}}")
AREA_RADIUS_METRES = 8000


def new_reference(kind: str) -> str:
    prefix = "SR" if kind == "self_referral" else "BR"
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def reference_as_stored(typed: str) -> str | None:
    """A reference as stored ("SR-7KQ2-M4XD") from one read out over the phone and typed any
    way ("sr7kq2m4xd", "SR 7KQ2 M4XD"); None when the text cannot be one."""
    compact = "".join(char for char in typed if char.isalnum()).upper()
    if not REFERENCE_TYPED.fullmatch(compact):
        return None
    return f"{compact[:2]}-{compact[2:6]}-{compact[6:]}"


# Outside an app (a script, a unit test) deadlines follow England and Wales, as the config's
# default does; the app checks BANK_HOLIDAY_REGION when it starts (``core.config``).
DEFAULT_BANK_HOLIDAY_REGION = "ENG"


@lru_cache(maxsize=64)
def _holidays_in(region: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def _region(region: str | None) -> str:
    if region:
        return region
    if has_app_context():
        return current_app.config.get("BANK_HOLIDAY_REGION", DEFAULT_BANK_HOLIDAY_REGION)
    return DEFAULT_BANK_HOLIDAY_REGION


def bank_holidays(year: int, region: str | None = None) -> frozenset[date]:
    """The bank holidays of ``year`` in the deployment's region (``BANK_HOLIDAY_REGION``).

    From the ``holidays`` package, which is kept up to date for every year (substitute days
    and one-off holidays included), so deadlines never run off the end of a hand-kept list.
    """
    return _holidays_in(_region(region), year)


def is_working_day(day: date, region: str | None = None) -> bool:
    """Monday to Friday and not a bank holiday in the region."""
    return day.weekday() < 5 and day not in bank_holidays(day.year, region)


def add_working_days(start: date, days: int, region: str | None = None) -> date:
    """The date ``days`` working days (not weekends or bank holidays) after ``start``."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current, region):
            days -= 1
    return current


def area_for_postcode(postcode: str) -> str:
    """The borough of the nearest venue within a few miles, else '' (kept for figures)."""
    try:
        point = lookup_postcode(postcode)
    except PostcodeError:
        return ""
    distance = func.abs(Venue.easting - point.easting) + func.abs(Venue.northing - point.northing)
    row = db.session.execute(
        select(Venue.borough, distance.label("distance"))
        .where(Venue.easting.is_not(None))
        .order_by(distance)
        .limit(1)
    ).first()
    return row.borough if row and row.distance <= AREA_RADIUS_METRES else ""


def find_by_token(token: str) -> Referral | None:
    return db.session.scalar(select(Referral).where(Referral.submission_token == token))


def store_request(
    kind: str, token: str, fields: dict, today: date, working_days: int
) -> tuple[Referral, bool]:
    """Store a request once per form: return (request, created).

    The same submission token (a double tap, the back button, a retried POST) returns the
    request already stored instead of a second one, also when both arrive at once: on
    PostgreSQL the second insert waits for the first and fails on the unique token, which
    is caught here in a savepoint; on SQLite the second request waits for the write lock.
    """
    existing = find_by_token(token)
    if existing is not None:
        return existing, False
    for attempt in range(3):
        referral = Referral(
            kind=kind,
            submission_token=token,
            reference=new_reference(kind),
            status="new",
            respond_by=add_working_days(today, working_days),
            area=area_for_postcode(fields.get("postcode", "")) if fields.get("postcode") else "",
            **fields,
        )
        try:
            with db.session.begin_nested():
                db.session.add(referral)
        except IntegrityError:
            existing = find_by_token(token)
            if existing is not None:
                return existing, False
            if attempt == 2:
                raise
            continue  # the reference was taken, once in a trillion: draw another
        return referral, True
    raise AssertionError("unreachable")
