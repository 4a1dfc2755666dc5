"""Importing another directory's Open Referral UK 3.0 feed: check every service, then all
or nothing, like the CSV import.

Every service is read and checked first (``importer_records``); any problem is reported by
service id and field, and then nothing is written. One bad record stops the run rather than
being skipped: a skipped service would silently go missing from the directory, while a
report lets whoever runs the import fix the feed or ask its owner to. Things we cannot hold
(a monthly timetable, a second venue, a location outside the UK) are not problems: they are
left out and listed as notes.

The feed's ids become our public ids and its records get keys from them ("oruk-<id>"), so
importing the same feed again updates rather than duplicates; a service whose
``last_modified`` is not after our copy's last change is unchanged. Records that are ours
(not imported) keep their own content even when a feed republishes them.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from directory_app.core import audit
from directory_app.domain.dates import aware
from directory_app.domain.schedules import timetable_for
from directory_app.models import Activity, Organisation, Venue
from directory_app.oruk import importer_writes
from directory_app.oruk.importer_matching import Existing, imported
from directory_app.oruk.importer_records import ServiceRecord, read_service
from directory_app.oruk.importer_values import Fields, Problem

DEFAULT_CATEGORY = "support-groups"
CODE_LISTS = {"categories": "category_codes", "audiences": "audience_codes",
              "languages": "language_codes"}  # fmt: skip


@dataclass
class ImportReport:
    services: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    waiting: int = 0  # changes left for a moderator
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def import_services(
    services: list, dry_run: bool, trusted: bool, today: date, progress=None
) -> ImportReport:
    """Check every service; unless it is a dry run or anything is wrong, write them all.

    Imported listings are drafts with a change waiting for a moderator to publish them,
    unless ``trusted``. Flushes only: the command commits. A report with problems, or of a
    dry run, has written nothing.
    """
    report = ImportReport(services=len(services))
    records = []
    for number, service in enumerate(services, start=1):
        label = _label(service, number)
        fields = Fields(label, report.problems, report.notes)
        if not isinstance(service, dict):
            fields.problem("", _("Each service should be an object"))
        elif (record := read_service(fields, service, today)) is not None:
            records.append(record)
        if progress:
            progress(1)
    _check_duplicates(records, report)
    existing = Existing(records)
    plans = [(record, _plan(record, existing, report, trusted)) for record in records]
    if report.problems or dry_run:
        return report
    writer = importer_writes.Writer(trusted, existing, report)
    for record, state in plans:
        if state != "unchanged":
            writer.write(record)
        if progress:
            progress(1)
    # Counts only: the feed's address may hold a password, and the listings audit their own.
    audit.record(
        "listing.feed_imported",
        services=report.services,
        created=report.created,
        updated=report.updated,
        waiting=report.waiting,
        trusted=trusted,
    )
    return report


def _label(service, number: int) -> str:
    identifier = service.get("id") if isinstance(service, dict) else None
    if isinstance(identifier, str) and identifier.strip():
        return identifier.strip()[:60]
    return f"#{number}"


def _check_duplicates(records: list[ServiceRecord], report: ImportReport) -> None:
    services, links = {}, {}
    for record in records:
        if record.public_id in services:
            report.problems.append(
                Problem(record.label, "id", _("Another service of the feed has this id"))
            )
        services[record.public_id] = record
        link = record.at_venue_public_id
        if link is not None and links.setdefault(link, record.public_id) != record.public_id:
            report.problems.append(
                Problem(
                    record.label,
                    "service_at_locations",
                    _("Another service of the feed has this service_at_location id"),
                )
            )


def _plan(record: ServiceRecord, existing: Existing, report: ImportReport, trusted: bool) -> str:
    """Whether the service is new, an update or unchanged (counted in the report), after
    checking that its ids do not clash with records it is not."""
    problem = _clash(record, existing)
    if problem is not None:
        report.problems.append(Problem(record.label, *problem))
        return "problem"
    activity = existing.find(Activity, record.public_id)
    if activity is not None and record.values.get("categories") == []:
        # Ours may have been put right by a moderator since the default was given.
        del record.values["categories"]
    if activity is None and not record.values.get("categories"):
        record.values["categories"] = [DEFAULT_CATEGORY]
        report.notes.append(
            Problem(
                record.label,
                "attributes",
                _("No category of ours: listed under '{code}' for a moderator to check").format(
                    code=DEFAULT_CATEGORY
                ),
            )
        )
    if activity is None:
        # Held nowhere we were told of: online or by phone, which the schedules may say.
        record.values.setdefault("attendance_mode", "online")
        report.created += 1
        return "new"
    if not imported(activity):
        report.notes.append(
            Problem(record.label, "id", _("This is one of our own listings: left as it is"))
        )
        report.unchanged += 1
        return "unchanged"
    if _unchanged(activity, record, existing.waiting(activity), trusted):
        report.unchanged += 1
        return "unchanged"
    report.updated += 1
    return "update"


def _clash(record: ServiceRecord, existing: Existing) -> tuple[str, str] | None:
    """(field, message) when an id of the service is already another record's."""
    activity = existing.find(Activity, record.public_id)
    if activity is not None and activity.public_id != record.public_id:
        return "id", _("Our listing with this service's key has another public id")
    if record.at_venue_public_id is not None:
        holder = existing.link_holder(record.at_venue_public_id)
        if holder is not None and holder != record.public_id:
            return "service_at_locations", _("Another of our listings has this id")
    for model, public_id, path in (
        (Organisation, record.organisation_id, "organization.id"),
        (Venue, record.venue.public_id if record.venue else None, "service_at_locations"),
    ):
        found = existing.find(model, public_id)
        if found is not None and found.public_id != public_id:
            return path, _("Our record with this id's key has another public id")
    if (
        existing.find(Organisation, record.organisation_id) is None
        and record.organisation_id not in existing.organisations
    ):
        return "organization_id", _("This organization is neither in the feed nor ours")
    return None


def _unchanged(activity: Activity, record: ServiceRecord, waiting, trusted: bool) -> bool:
    """Not modified since our copy last changed (or was proposed to change: ``waiting``),
    or the same as ours in every field."""
    latest = max(aware(moment) for moment in (activity.updated_at, *(
        [waiting.submitted_at] if waiting else [])))  # fmt: skip
    if record.last_modified is not None and record.last_modified <= latest:
        return True
    if trusted and activity.status != record.status:
        return False
    if record.locations_given and _venue_differs(activity.venue, record):
        return False
    organisation = record.organisation or {}
    if activity.organisation.public_id != record.organisation_id or any(
        getattr(activity.organisation, name) != value for name, value in organisation.items()
    ):
        return False
    return not any(_differs(activity, name, value) for name, value in record.values.items())


def _venue_differs(venue: Venue | None, record: ServiceRecord) -> bool:
    if record.venue is None or venue is None:
        return (record.venue is None) != (venue is None)
    if venue.public_id != record.venue.public_id:
        return True
    if not imported(venue):
        return False
    if sorted(venue.feature_codes) != sorted(record.venue.access_features):
        return True
    return any(getattr(venue, name) != value for name, value in record.venue.values.items())


def _differs(activity: Activity, name: str, value) -> bool:
    if name == "slots":
        return list(timetable_for(activity).slots) != list(value)
    if name in CODE_LISTS:
        return getattr(activity, CODE_LISTS[name]) != list(value)
    return getattr(activity, name) != value
