"""SQL expressions the reports need, some of which SQLite and PostgreSQL spell differently.

Each is a SQLAlchemy construct compiled per dialect, so the report queries themselves are
written once and aggregate in the database on both.
"""

from sqlalchemy import Integer, case, cast, extract, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):  # noqa: N801 (a SQL function, named as one)
    """Whole calendar days (UTC) from the moment ``earlier`` to the moment ``later``: 0 on
    the same day."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"CAST(julianday(date({compiler.process(later, **kw)})) - julianday(date({compiler.process(earlier, **kw)})) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"(CAST(({compiler.process(later, **kw)} AT TIME ZONE 'UTC') AS DATE) - CAST(({compiler.process(earlier, **kw)} AT TIME ZONE 'UTC') AS DATE))"


class utc_day(FunctionElement):  # noqa: N801
    """The UTC calendar day of a stored moment, comparable with a Date column."""

    inherit_cache = True
    name = "utc_day"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(list(element.clauses)[0], **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    return f"CAST(({compiler.process(list(element.clauses)[0], **kw)} AT TIME ZONE 'UTC') AS DATE)"


def day_number(column) -> ColumnElement:
    """A date (or moment) as the integer YYYYMMDD: the difference of two, divided by
    10 000, is someone's age in whole years on the later day (birthdays counted exactly)."""
    return (
        cast(extract("year", column), Integer) * 10000
        + cast(extract("month", column), Integer) * 100
        + cast(extract("day", column), Integer)
    )


def count_where(condition) -> ColumnElement:
    """How many of the selected rows meet ``condition`` (0, not null, when there are none):
    several counts of one table in a single pass over it."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
