"""The terms of a borough's schools, for activities that meet in term time only.

Boroughs set their own term dates (academies may differ, but most follow the borough's),
so they are data: loaded from seeds/school_terms.json when seeding and from a CSV with
``flask terms import``. Where a borough's terms are not known, term-time slots have no
dates rather than dates guessed from elsewhere.
"""

from datetime import date

from sqlalchemy import CheckConstraint, Date, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db

# Where a request keeps the terms it has read (``flask.g``); writing terms empties it.
TERMS_CACHE = "school_terms"


class SchoolTerm(db.Model):
    """One term (or half term) of a borough's schools: the first and last school day."""

    __tablename__ = "school_term"
    __table_args__ = (
        UniqueConstraint("borough", "starts_on", name="school_term_starts_once"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    borough: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


def terms_in_borough(borough: str, session=None) -> tuple[tuple[date, date], ...] | None:
    """The borough's terms as (first day, last day) pairs in order; None when none are
    known."""
    return terms_by_borough({borough}, session).get(borough)


def terms_by_borough(boroughs, session=None) -> dict[str, tuple[tuple[date, date], ...]]:
    """Each borough's terms (as ``terms_in_borough``) in one read; a borough with none
    known is left out."""
    held: dict[str, list[tuple[date, date]]] = {}
    if boroughs:
        rows = (session or db.session).execute(
            select(SchoolTerm.borough, SchoolTerm.starts_on, SchoolTerm.ends_on)
            .where(SchoolTerm.borough.in_(set(boroughs)))
            .order_by(SchoolTerm.starts_on)
        )
        for borough, first, last in rows:
            held.setdefault(borough, []).append((first, last))
    return {borough: tuple(terms) for borough, terms in held.items()}
