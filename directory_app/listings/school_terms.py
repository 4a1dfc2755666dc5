"""School term dates per borough, read from a CSV file or the seed data.

A file gives whole boroughs: for each borough in it, its terms replace the ones held, so
a corrected year is one import and a term dropped from the file is gone. Columns:
``borough``, ``name``, ``starts_on``, ``ends_on`` (the first and last school days, as
2026-09-03). Rows are checked before anything is written, and a file with any problem
writes nothing, as the listings import does.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import g
from flask_babel import gettext as _
from sqlalchemy import delete, select

from directory_app.core.extensions import db
from directory_app.models import Activity, ActivitySchedule, Venue
from directory_app.models.school_terms import TERMS_CACHE, SchoolTerm

COLUMNS = ("borough", "name", "starts_on", "ends_on")
SEED_FILE = Path(__file__).resolve().parents[2] / "seeds" / "school_terms.json"


@dataclass(frozen=True)
class Term:
    borough: str
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class TermProblem:
    row: int  # the file's line number, counting the header as 1
    column: str
    message: str


def read_terms(rows: list[dict]) -> tuple[list[Term], list[TermProblem]]:
    """The terms in rows of the columns above, and what is wrong with any of them."""
    terms, problems = [], []
    for number, row in enumerate(rows, start=2):
        found = _row_problems(row, number)
        problems += found
        if not found:
            terms.append(
                Term(
                    row["borough"].strip(),
                    row["name"].strip(),
                    date.fromisoformat(row["starts_on"].strip()),
                    date.fromisoformat(row["ends_on"].strip()),
                )
            )
    problems += _overlaps(terms)
    return terms, problems


def _row_problems(row: dict, number: int) -> list[TermProblem]:
    problems = []
    for column in ("borough", "name"):
        if not (row.get(column) or "").strip():
            problems.append(
                TermProblem(number, column, _("Enter the {column}").format(column=column))
            )
    days = {}
    for column in ("starts_on", "ends_on"):
        try:
            days[column] = date.fromisoformat((row.get(column) or "").strip())
        except ValueError:
            problems.append(TermProblem(number, column, _("Use a date like 2026-09-03")))
    if len(days) == 2 and days["ends_on"] < days["starts_on"]:
        problems.append(
            TermProblem(number, "ends_on", _("A term must end on or after its first day"))
        )
    return problems


def _overlaps(terms: list[Term]) -> list[TermProblem]:
    """Terms of one borough that overlap, which would make a holiday impossible to place."""
    problems = []
    by_borough: dict[str, list[Term]] = {}
    for term in terms:
        by_borough.setdefault(term.borough, []).append(term)
    for borough, held in by_borough.items():
        held.sort(key=lambda term: term.starts_on)
        for earlier, later in zip(held, held[1:], strict=False):
            if later.starts_on <= earlier.ends_on:
                message = _("{borough}: {later} starts before {earlier} ends").format(
                    borough=borough, later=later.name, earlier=earlier.name
                )
                problems.append(TermProblem(0, "starts_on", message))
    return problems


def read_terms_csv(text: str) -> tuple[list[Term], list[TermProblem]]:
    """``read_terms`` for a CSV file's text; a file without the columns is one problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        message = _("The file needs the columns {columns}").format(columns=", ".join(COLUMNS))
        return [], [TermProblem(1, ", ".join(missing), message)]
    return read_terms(list(reader))


def replace_terms(terms: list[Term]) -> dict[str, int]:
    """Write the terms, each borough's replacing the ones held for it; adds and flushes,
    never commits. Returns how many terms each borough now has."""
    boroughs = sorted({term.borough for term in terms})
    held = _held_terms(boroughs)
    # A borough whose terms are as held is left alone: rewriting them would reindex its
    # term-time activities for nothing (and seeding twice must change nothing).
    changed = [
        borough
        for borough in boroughs
        if held.get(borough, set()) != {_key(term) for term in terms if term.borough == borough}
    ]
    if changed:
        db.session.execute(delete(SchoolTerm).where(SchoolTerm.borough.in_(changed)))
    for term in terms:
        if term.borough in changed:
            db.session.add(SchoolTerm(**term.__dict__))
    db.session.flush()
    g.pop(TERMS_CACHE, None)
    return {borough: sum(term.borough == borough for term in terms) for borough in boroughs}


def _key(term) -> tuple:
    return (term.name, term.starts_on, term.ends_on)


def _held_terms(boroughs: list[str]) -> dict[str, set[tuple]]:
    held: dict[str, set[tuple]] = {}
    if boroughs:
        for row in db.session.scalars(select(SchoolTerm).where(SchoolTerm.borough.in_(boroughs))):
            held.setdefault(row.borough, set()).add(_key(row))
    return held


def load_seed_terms(path: Path = SEED_FILE) -> dict[str, int]:
    """The seed data's terms (``seeds/school_terms.json``), as ``replace_terms`` writes them."""
    terms, problems = read_terms(json.loads(path.read_text("utf-8")))
    if problems:
        raise ValueError(f"{path.name}: {problems[0].message}")
    return replace_terms(terms)


def boroughs_without_terms() -> list[str]:
    """Boroughs with a term-time session at a venue there but no terms known, whose
    term-time sessions therefore have no dates until their terms are imported."""
    held = select(SchoolTerm.borough)
    return list(
        db.session.scalars(
            select(Venue.borough)
            .join(Activity, Activity.venue_id == Venue.id)
            .join(ActivitySchedule, ActivitySchedule.activity_id == Activity.id)
            .where(ActivitySchedule.term_time_only, Venue.borough.not_in(held))
            .distinct()
            .order_by(Venue.borough)
        )
    )
