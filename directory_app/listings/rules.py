"""One set of rules for a listing's fields and a venue's place, for the group editor and the
CSV import alike.

Each check takes the values as typed (a form field's text, a spreadsheet cell) and returns
``{field: message}``, the message translated, so the editor's ``validate()`` and the importer
say the same thing about the same value. A check looks only at the fields it is given: the
editor has no ages yet, the import has every column.

A venue's borough is not typed: it follows from the postcode, as the borough of the venues we
list around it (the postcode data has no council areas). Only where we list nothing nearby
does the borough given (an import's column, else the town) stand.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.geo.postcodes import PostcodeError, lookup_postcode, normalise_postcode
from directory_app.models import Venue
from directory_app.models.what_to_expect import CARER_ANSWERS, GROUP_SIZES
from directory_app.web.forms import EMAIL_RE, PHONE_RE, web_address
from directory_app.web.input import whole_number

# The longest text each field holds (the columns' sizes: PostgreSQL refuses longer).
TEXT_LIMITS = {
    "title": 200, "summary": 300, "description": 5000, "first_visit": 2000,
    "schedule_notes": 300, "cost_notes": 300, "contact_name": 120, "contact_phone": 40,
    "contact_email": 254, "contact_website": 300, "run_by": 200, "bring": 300,
}  # fmt: skip
OLDEST_AGE = 120
DATE_FIELDS = ("starts_on", "ends_on")
CODED_FIELDS = {"usual_group_size": GROUP_SIZES, "carer_free": CARER_ANSWERS}
# Venues this close (on the National Grid, in metres) say which borough a postcode is in.
NEIGHBOURS_WITHIN_METRES = 8000
NEIGHBOURS_ASKED = 5


@dataclass
class Checked:
    """Values made ready to save (ages as numbers, dates, a website with its https://), and
    the problems found, by field."""

    values: dict = field(default_factory=dict)
    problems: dict = field(default_factory=dict)


def _required(name: str) -> str:
    return {"title": _("Enter a title"), "summary": _("Enter a one-line summary")}[name]


def _too_long(name: str, limit: int) -> str:
    if name == "title":
        return _("The title must be 200 characters or fewer")
    if name == "summary":
        return _("The summary must be 300 characters or fewer")
    return _("This must be %(max)d characters or fewer", max=limit)


def check_listing(typed: dict) -> Checked:
    """Check the listing fields ``typed`` holds; return them cleaned, with any problems."""
    checked = Checked()
    values, problems = checked.values, checked.problems
    for name, limit in TEXT_LIMITS.items():
        if name not in typed:
            continue
        text = (typed[name] or "").strip()
        values[name] = text
        if name in ("title", "summary") and not text:
            problems[name] = _required(name)
        elif len(text) > limit:
            problems[name] = _too_long(name, limit)
    _check_contacts(values, problems)
    _check_ages(typed, values, problems)
    _check_dates(typed, values, problems)
    for name, terms in CODED_FIELDS.items():
        if name in typed:
            code = (typed[name] or "").strip()
            values[name] = code
            if code and code not in [term.code for term in terms]:
                problems[name] = _("Use one of: {codes}").format(
                    codes=", ".join(term.code for term in terms)
                )
    return checked


def _check_contacts(values: dict, problems: dict) -> None:
    phone = values.get("contact_phone")
    if phone and "contact_phone" not in problems and not PHONE_RE.match(phone):
        problems["contact_phone"] = _("Enter a phone number, like 07700 900 982 or 01632 960 001")
    email = values.get("contact_email")
    if email and "contact_email" not in problems and not EMAIL_RE.match(email):
        problems["contact_email"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )
    website = values.get("contact_website")
    if website and "contact_website" not in problems:
        address = web_address(website)
        if address is None:
            problems["contact_website"] = _("Enter a web address, like https://example.org")
        else:
            values["contact_website"] = address


def _check_ages(typed: dict, values: dict, problems: dict) -> None:
    for name in ("age_min", "age_max"):
        if name not in typed:
            continue
        text = str(typed[name] if typed[name] is not None else "").strip()
        values[name] = whole_number(text, 0, OLDEST_AGE) if text else None
        if text and values[name] is None:
            problems[name] = _("Use a whole number from 0 to {highest}, or leave it empty").format(
                highest=OLDEST_AGE
            )
    youngest, oldest = values.get("age_min"), values.get("age_max")
    if youngest is not None and oldest is not None and youngest > oldest:
        problems["age_max"] = _("The oldest age must not be below the youngest")


def _check_dates(typed: dict, values: dict, problems: dict) -> None:
    for name in DATE_FIELDS:
        if name not in typed:
            continue
        text = str(typed[name] or "").strip()
        values[name] = None
        if text:
            try:
                values[name] = date.fromisoformat(text)
            except ValueError:
                problems[name] = _("Use a date like 2026-12-01")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is not None and ends is not None and ends < starts:
        problems["ends_on"] = _("The end date must not be before the start date")


def postcode_problem(text: str) -> str | None:
    """Why a venue's postcode cannot be used, or None: it must be a full postcode we can place."""
    postcode = normalise_postcode(text or "")
    try:
        lookup_postcode(postcode or "")
    except PostcodeError:
        return _("Enter a full UK postcode, like E8 1AG")
    return None


def borough_for_postcode(postcode: str, except_venue_id: int | None = None) -> str:
    """The borough most of the nearest venues we list around the postcode are in ('' when we
    list none nearby). The venue being changed does not vote: its borough may be the mistake.
    """
    point = lookup_postcode(postcode)
    reach = NEIGHBOURS_WITHIN_METRES
    east, north = Venue.easting - point.easting, Venue.northing - point.northing
    # The box lets an index narrow the rows and keeps the squares within integer range.
    query = (
        select(Venue.borough)
        .where(
            Venue.borough != "",
            Venue.easting.between(point.easting - reach, point.easting + reach),
            Venue.northing.between(point.northing - reach, point.northing + reach),
            east * east + north * north <= reach * reach,
        )
        .order_by(east * east + north * north, Venue.id)
        .limit(NEIGHBOURS_ASKED)
    )
    if except_venue_id is not None:
        query = query.where(Venue.id != except_venue_id)
    nearest = list(db.session.scalars(query))
    if not nearest:
        return ""
    votes = Counter(nearest)
    # Ties go to the nearer venue's borough.
    return max(nearest, key=lambda borough: (votes[borough], -nearest.index(borough)))


def check_borough(postcode: str, stated: str, except_venue_id: int | None = None) -> Checked:
    """The venue's borough from its (checked) postcode. A borough stated beside it must agree;
    where we list no venue nearby, the stated one stands."""
    derived = borough_for_postcode(postcode, except_venue_id)
    stated = (stated or "").strip()
    checked = Checked(values={"borough": derived or stated})
    if derived and stated and stated.casefold() != derived.casefold():
        checked.problems["borough"] = _(
            "The borough follows from the postcode: {postcode} is in {borough}. "
            "Leave this empty or write {borough}"
        ).format(postcode=normalise_postcode(postcode) or postcode, borough=derived)
    elif len(checked.values["borough"]) > 100:
        checked.problems["borough"] = _("This must be %(max)d characters or fewer", max=100)
    return checked
