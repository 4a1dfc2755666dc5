"""Volunteer buddy records: the checks a service needs before matching, listing and saving.

A volunteer may be matched only with a DBS check from the last ``BUDDY_DBS_VALID_YEARS``
years and their training recorded; references are kept and shown but do not block a match
(services differ on them).
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import add_months
from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.groups.queries import boroughs
from directory_app.models import Buddy, StaffUser

# Most services renew an enhanced DBS check every three years.
BUDDY_DBS_VALID_YEARS = 3
DBS_DUE = "dbs_due"
TRAINING_MISSING = "training_missing"
CHECK_LABELS = {DBS_DUE: _l("DBS check due"), TRAINING_MISSING: _l("Training not recorded")}
# The fields a buddy form carries, in the record's own names.
FIELDS = (
    "name", "email", "phone", "languages", "areas", "availability", "notes",
    "dbs_checked_on", "trained_on", "references_checked_on", "active",
)  # fmt: skip


def dbs_valid_from(today: date) -> date:
    """The oldest DBS check date that still counts today."""
    return add_months(today, -12 * BUDDY_DBS_VALID_YEARS)


def checks_due(buddy: Buddy, today: date) -> list[str]:
    """What stops this volunteer being matched today (codes of ``CHECK_LABELS``), or []."""
    due = []
    if buddy.dbs_checked_on is None or buddy.dbs_checked_on < dbs_valid_from(today):
        due.append(DBS_DUE)
    if buddy.trained_on is None:
        due.append(TRAINING_MISSING)
    return due


def can_be_matched(buddy: Buddy, today: date) -> bool:
    """Active, with a DBS check in date and training recorded."""
    return buddy.active and not checks_due(buddy, today)


def check_labels(buddy: Buddy, today: date) -> list[str]:
    """The checks due, in words for the page."""
    return [str(CHECK_LABELS[code]) for code in checks_due(buddy, today)]


@dataclass
class BuddyFilters:
    """The list's filters: a language code and a borough, each optional."""

    language: str = ""
    area: str = ""

    @classmethod
    def from_args(cls, args) -> "BuddyFilters":
        """Filters from the query string, ignoring values that are not on the lists."""
        language = args.get("language", "")
        area = args.get("area", "")
        return cls(
            language=language if language in ACTIVITY_LANGUAGES else "",
            area=area if area in boroughs() else "",
        )


def find_buddies(filters: BuddyFilters) -> list[Buddy]:
    """Volunteers for the list: active first, then by name; filtered by language and area.

    Languages and areas are JSON lists, so they are filtered here rather than in SQL; a
    service has tens of volunteers, not thousands.
    """
    buddies = db.session.scalars(select(Buddy).order_by(Buddy.active.desc(), Buddy.name, Buddy.id))
    return [
        buddy
        for buddy in buddies
        if (not filters.language or filters.language in (buddy.languages or []))
        and (not filters.area or filters.area in (buddy.areas or []))
    ]


def area_choices() -> list[str]:
    """The areas a volunteer can cover: the boroughs the directory's venues are in."""
    return boroughs()


def _apply(buddy: Buddy, values: dict) -> list[str]:
    """Copy the values onto the record; the names of the fields that changed."""
    changed = []
    for name in FIELDS:
        if name in values and getattr(buddy, name) != values[name]:
            setattr(buddy, name, values[name])
            changed.append(name)
    return changed


def create_buddy(values: dict, actor: StaffUser) -> Buddy:
    """Add a volunteer's record (``values`` by ``FIELDS`` name), audited without their details."""
    buddy = Buddy(languages=[], areas=[], active=True)
    _apply(buddy, values)
    db.session.add(buddy)
    db.session.flush()
    audit.record("buddy.created", buddy, actor=actor)
    return buddy


def update_buddy(buddy: Buddy, values: dict, actor: StaffUser) -> list[str]:
    """Change a volunteer's record; audits which fields changed (their names, not values)."""
    changed = _apply(buddy, values)
    if changed:
        audit.record("buddy.updated", buddy, actor=actor, fields=changed)
    return changed
