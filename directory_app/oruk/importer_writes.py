"""Writing checked services through the one writer of listings, and leaving what needs a
moderator's eye in the moderators' queue.

An imported listing that is new arrives as a draft with a change waiting in the moderation
queue that publishes it (or pauses or archives it, as the feed says); approving it there is
all a moderator does. A later import updates a draft directly (nobody sees it yet). A live
listing's text, links, categories, sessions and venue are what the queue versions, so an
import's changes to them wait there as one change; its ages, price, dates and organisation,
which the queue cannot show, are the feed's facts and are written at once, as are the
organisation's and venue's own details (imported records only). ``trusted`` writes
everything at once, but an in-person listing with no venue we could place always waits.
"""

from flask_babel import gettext as _

from directory_app.core.extensions import db
from directory_app.domain.schedules import Timetable, schedule_text
from directory_app.groups import changes
from directory_app.groups.listing_changes import CODE_LISTS, EDITABLE_FIELDS, LISTING
from directory_app.listings import operations
from directory_app.models import Activity, Organisation, Venue
from directory_app.oruk.importer_matching import imported, key_for
from directory_app.oruk.importer_values import Problem
from directory_app.referrals.service import area_for_postcode

MODERATED = (*EDITABLE_FIELDS, *CODE_LISTS)


class FromTheFeed:
    """Who proposed an imported change: nobody signed in. The change and the audit log
    record no person (``submitted_by`` is empty), and nobody is emailed about it."""

    id = None


class Writer:
    """Writes services one by one, each organisation and venue once per run."""

    def __init__(self, trusted: bool, existing, report):
        self.trusted = trusted
        self.existing = existing
        self.report = report
        self.organisations: dict = {}
        self.venues: dict = {}

    def write(self, record) -> None:
        """Create or update the service's organisation, venue and activity."""
        organisation = self._organisation(record)
        venue = self._venue(record) if record.venue else None
        activity = self.existing.find(Activity, record.public_id)
        created = activity is None
        if created:
            activity = Activity(key=key_for(record.public_id), public_id=record.public_id)
        values = dict(record.values)
        if record.locations_given:
            values["venue"] = venue
            if record.at_venue_public_id is not None:
                values["at_venue_public_id"] = record.at_venue_public_id
        values["organisation"] = organisation
        mode = values.get("attendance_mode", activity.attendance_mode)
        held = mode in ("in-person", "hybrid") and values.get("venue", activity.venue) is None
        if held:
            # People would be told to come, but not where: even a trusted feed's listing
            # waits for a moderator to give it a venue.
            self._note(record, _("In person, but no venue we could place: a moderator adds it"))
        if self.trusted and not held:
            operations.write_activity(activity, status=record.status, **values)
        elif created or activity.status == "draft":
            operations.write_activity(activity, status="draft", **values)
            db.session.flush()
            self._propose(activity, {"status": record.status})
        else:
            self._moderate(activity, record, values)
        db.session.flush()

    def _moderate(self, activity, record, values: dict) -> None:
        """A live listing: what the queue versions waits there; the rest is written."""
        proposed = {"status": record.status}
        for name in [name for name in values if name in MODERATED]:
            proposed[name] = values.pop(name)
        slots = values.pop("slots", None)
        if slots is not None:
            proposed["schedule"] = schedule_text(Timetable(tuple(slots)))
        if "venue" in values:
            venue = values.pop("venue")
            proposed["venue_id"] = venue.id if venue is not None else None
        operations.write_activity(activity, **values)
        db.session.flush()
        self._propose(activity, proposed)

    def _propose(self, activity, fields: dict) -> None:
        change = changes.propose(
            LISTING,
            activity,
            FromTheFeed(),
            fields,
            apply_now=False,
            waiting=self.existing.waiting(activity),
        )
        if change is not None:
            self.report.waiting += 1

    def _organisation(self, record) -> Organisation:
        if record.organisation_id in self.organisations:
            return self.organisations[record.organisation_id]
        organisation = self.existing.find(Organisation, record.organisation_id)
        if organisation is None:
            # New records join the session when first written, complete (as find_or_new's).
            organisation = Organisation(
                key=key_for(record.organisation_id), public_id=record.organisation_id
            )
        values = self.existing.organisations.get(record.organisation_id)
        if values is not None and imported(organisation):
            operations.write_organisation(organisation, **values)
        self.organisations[record.organisation_id] = organisation
        return organisation

    def _venue(self, record) -> Venue:
        found = record.venue
        if found.public_id in self.venues:
            return self.venues[found.public_id]
        venue = self.existing.find(Venue, found.public_id)
        if venue is None:
            venue = Venue(key=key_for(found.public_id), public_id=found.public_id)
        if imported(venue):
            values = dict(found.values)
            if found.borough:
                values["borough"] = found.borough
            elif venue.postcode != values["postcode"] or not venue.borough:
                # The address does not say: the borough of our venues nearby, as referrals
                # find an area, else the town.
                values["borough"] = (area_for_postcode(values["postcode"]) or values["town"])[:100]
            operations.write_venue(venue, access_features=found.access_features, **values)
            db.session.flush()
        self.venues[found.public_id] = venue
        return venue

    def _note(self, record, message: str) -> None:
        self.report.notes.append(Problem(record.label, "service_at_locations", message))
