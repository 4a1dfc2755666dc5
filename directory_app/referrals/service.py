"""Storing requests: references, deadlines, areas, and never a duplicate.

Adds and flushes only: the request commits, then the notification email is sent.
"""

import json
import secrets
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from directory_app.core.extensions import db
from directory_app.geo.postcodes import PostcodeError, lookup_postcode
from directory_app.models import Referral, Venue

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
AREA_RADIUS_METRES = 8000


def new_reference(kind: str) -> str:
    prefix = "SR" if kind == "self_referral" else "BR"
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    """England and Wales bank holidays, from ``bank_holidays.json`` (kept as data)."""
    data = json.loads((files("directory_app.referrals") / "bank_holidays.json").read_text("utf-8"))
    return frozenset(date.fromisoformat(day) for day in data["england-and-wales"])


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days (not weekends or bank holidays) after ``start``."""
    holidays = bank_holidays()
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
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
