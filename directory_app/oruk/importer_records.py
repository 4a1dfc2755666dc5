"""One service of an Open Referral UK feed as our organisation, venue and activity values.

Only what the feed gives is read: a field it leaves out is not in the values, so a
record from a list (which has no schedules or locations) leaves ours as they are. The
feed's ids become our public ids. Nothing here touches the database but the postcode data:
``importer`` finds the records and writes them.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from directory_app.oruk.importer_locations import VenueRecord, read_locations
from directory_app.oruk.importer_schedules import read_schedules
from directory_app.oruk.importer_terms import read_cost, read_languages, read_terms
from directory_app.oruk.importer_values import LONG_TEXT, Fields
from directory_app.web.forms import EMAIL_RE, web_address

# The feed's status, as ours: only "active" services are shown as running.
STATUSES = {
    "active": "published",
    "inactive": "paused",
    "temporarily closed": "paused",
    "defunct": "archived",
}
CHARITY_SCHEMES = ("GB-CHC", "GB-SC", "GB-NIC")
MAX_CONTACTS = 20
# How our own feed says that a listing needs booking (``application_process``).
BOOKING_REQUIRED = "Booking is required."


@dataclass
class ServiceRecord:
    label: str  # the service's id as the feed gave it, for reports
    public_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation: dict | None  # values for write_organisation; None when given by id only
    status: str  # ours
    values: dict  # for operations.write_activity
    last_modified: datetime | None
    locations_given: bool  # False: leave our venue as it is
    venue: VenueRecord | None = None
    at_venue_public_id: uuid.UUID | None = None


def read_service(fields: Fields, service: dict, today: date) -> ServiceRecord | None:
    """Map one service, noting every problem in ``fields``; None when it cannot be used."""
    before = len(fields.problems)
    public_id = fields.identifier(service, "id", "id")
    values = {"title": fields.text(service, "name", "name", 200, required=True)}
    _description(fields, service, values)
    _how_to_go(fields, service, values)
    status = fields.text(service, "status", "status", 40, required=True).lower()
    if status and status not in STATUSES:
        fields.problem("status", _("Use one of: {codes}").format(codes=", ".join(sorted(STATUSES))))
    _contact(fields, service, values)
    _ages(fields, service, values)
    if (cost := read_cost(fields, service)) is not None:
        values.update(cost)
    if (languages := read_languages(fields, service)) is not None:
        values["languages"] = languages
    terms = read_terms(fields, service, "")
    if terms is not None:
        values["categories"], values["audiences"] = terms["categories"], terms["audiences"]
    schedules = read_schedules(fields, service)
    if schedules is not None:
        values.update(
            slots=schedules.slots,
            schedule_notes=schedules.notes,
            starts_on=schedules.starts_on,
            ends_on=schedules.ends_on,
        )
    if fields.present(service, "assured_date"):
        confirmed = fields.day(service, "assured_date", "assured_date")
        values["last_confirmed_on"] = min(confirmed, today) if confirmed else None
    organisation_id, organisation = _organisation(fields, service)
    record = ServiceRecord(
        label=fields.service,
        public_id=public_id,
        organisation_id=organisation_id,
        organisation=organisation,
        status=STATUSES.get(status, "draft"),
        values=values,
        last_modified=fields.moment(service, "last_modified", "last_modified"),
        locations_given=fields.present(service, "service_at_locations"),
    )
    locations = read_locations(fields, service, (terms or {}).get("access", []))
    if locations is not None:
        record.venue, record.at_venue_public_id = locations.venue, locations.at_venue_public_id
        values["attendance_mode"] = locations.attendance_mode
    if schedules is not None and schedules.attendance_mode is not None:
        # The schedules say how people take part ("By phone" has no location to show it).
        record.values["attendance_mode"] = schedules.attendance_mode
    return record if len(fields.problems) == before else None


def _description(fields: Fields, service: dict, values: dict) -> None:
    """Our summary is a line for result cards, and the standard has only a description:
    unless the feed gives a summary, it is the description's first paragraph (as our own
    feed writes them), and the description the rest. A first paragraph too long for a
    summary is cut at a word, and the description kept whole."""
    if not fields.present(service, "description") and not fields.present(service, "summary"):
        return
    description = fields.text(service, "description", "description", LONG_TEXT)
    summary = fields.text(service, "summary", "summary", 300)
    if not summary:
        first, _gap, rest = description.partition("\n\n")
        if len(first.strip()) <= 300:
            summary, description = first.strip(), rest.strip()
        else:
            summary = first[:299].rsplit(" ", 1)[0] + "…"
    values["summary"] = summary
    values["description"] = description


def _how_to_go(fields: Fields, service: dict, values: dict) -> None:
    """Who it is for in the group's words, booking, and what happens on a first visit
    (HSDS 3.0's ``eligibility_description`` and ``application_process``)."""
    if fields.present(service, "eligibility_description"):
        values["audience_notes"] = fields.text(
            service, "eligibility_description", "eligibility_description", 300
        )
    if fields.present(service, "application_process"):
        text = fields.text(service, "application_process", "application_process", LONG_TEXT)
        values["booking_required"] = text.startswith(BOOKING_REQUIRED)
        values["first_visit"] = text.removeprefix(BOOKING_REQUIRED).strip()


def _contact(fields: Fields, service: dict, values: dict) -> None:
    if fields.present(service, "email"):
        email = fields.text(service, "email", "email", 254)
        if email and not EMAIL_RE.match(email):
            fields.problem(
                "email", _("Enter an email address in the correct format, like name@example.com")
            )
        values["contact_email"] = email
    if fields.present(service, "url"):
        url = fields.text(service, "url", "url", 300)
        if url and web_address(url) is None:
            fields.problem("url", _("Enter a web address, like https://example.org"))
        values["contact_website"] = web_address(url) or ""
    contacts = fields.items(service, "contacts", "contacts", MAX_CONTACTS)
    if fields.present(service, "contacts"):
        names = [fields.text(contact, "name", f"{path}.name", 120) for path, contact in contacts]
        values["contact_name"] = next(filter(None, names), "")
    phones = _phones(fields, service, "")
    for path, contact in contacts:
        phones += _phones(fields, contact, f"{path}.")
    if fields.present(service, "phones") or fields.present(service, "contacts"):
        values["contact_phone"] = next(iter(phones), "")


def _phones(fields: Fields, data: dict, prefix: str) -> list[str]:
    found = []
    for item_path, phone in fields.items(data, "phones", f"{prefix}phones", MAX_CONTACTS):
        if number := fields.text(phone, "number", f"{item_path}.number", 40):
            found.append(number)
    return found


def _ages(fields: Fields, service: dict, values: dict) -> None:
    # Both together, so a feed giving only one cannot leave an impossible pair behind.
    if not (fields.present(service, "minimum_age") or fields.present(service, "maximum_age")):
        return
    youngest = fields.whole_number(service, "minimum_age", "minimum_age", 0, 120)
    oldest = fields.whole_number(service, "maximum_age", "maximum_age", 0, 120)
    if None not in (youngest, oldest) and youngest > oldest:
        fields.problem("maximum_age", _("The oldest age must not be below the youngest"))
    values.update(age_min=youngest, age_max=oldest)


def _organisation(fields: Fields, service: dict) -> tuple[uuid.UUID | None, dict | None]:
    """The organisation's public id and values (None when the feed gives its id only)."""
    data = fields.object(service, "organization", "organization")
    if data is None:
        found = fields.identifier(service, "organization_id", "organization_id", required=False)
        if found is None:
            fields.problem("organization", _("Every service needs its organization"))
        return found, None
    public_id = fields.identifier(data, "id", "organization.id")
    values = {"name": fields.text(data, "name", "organization.name", 200, required=True)}
    description = fields.text(data, "description", "organization.description", LONG_TEXT)
    # The standard requires a description, so feeds (ours too) repeat the name when there
    # is none: that is no description.
    values["description"] = "" if description == values["name"] else description
    email = fields.text(data, "email", "organization.email", 254)
    if email and not EMAIL_RE.match(email):
        fields.problem(
            "organization.email",
            _("Enter an email address in the correct format, like name@example.com"),
        )
    website = fields.text(data, "website", "organization.website", 300)
    if website and web_address(website) is None:
        fields.problem("organization.website", _("Enter a web address, like https://example.org"))
    phones = _phones(fields, data, "organization.")
    values.update(email=email or None, website=web_address(website), phone=next(iter(phones), None))
    values["charity_number"] = None
    identifiers = fields.items(
        data, "organization_identifiers", "organization.organization_identifiers", MAX_CONTACTS
    )
    for path, identifier in identifiers:
        scheme = fields.text(identifier, "identifier_scheme", f"{path}.identifier_scheme", 40)
        if scheme.upper() in CHARITY_SCHEMES:
            values["charity_number"] = fields.text(
                identifier, "identifier", f"{path}.identifier", 20
            )
            break
    return public_id, values
