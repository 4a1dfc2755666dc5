"""Groups keeping their venues right: address, getting there and accessibility.

A venue is shared by every activity held there, so a group may change a venue only where
one of its own activities meets (or that it added itself), and the change waits for a
moderator unless nothing public would move without another group's say: only drafts are
held there so far, or only the proposer's trusted groups meet there.
"""

import secrets

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.groups import changes
from directory_app.groups.forms import VenueForm
from directory_app.listings import operations
from directory_app.listings.rules import borough_for_postcode
from directory_app.models import Venue, VenueChange

VENUE_FIELDS = (
    "name", "address_line", "town", "postcode", "borough", "neighbourhood", "getting_there",
    "accessibility_detail",
)  # fmt: skip


def snapshot(venue: Venue) -> dict:
    """A venue's fields as a version keeps them."""
    values = {name: getattr(venue, name) for name in VENUE_FIELDS}
    values["access_features"] = sorted(venue.feature_codes)
    return values


def write(venue: Venue, version: dict) -> None:
    """Make the venue match a version, through the one writer of venues."""
    operations.write_venue(venue, **version)


VENUE = changes.ChangeKind(
    name="venue",
    model=VenueChange,
    subject="venue",
    snapshot=snapshot,
    write=write,
    title=lambda venue: venue.name,
    editor="my_venues.edit_venue",
    editor_argument="venue_id",
)


def venue_form(venue: Venue | None) -> VenueForm:
    form = VenueForm(obj=venue)
    if venue is not None and not form.is_submitted():
        form.access_features.data = sorted(venue.feature_codes)
    return form


def proposed_fields(form: VenueForm, venue: Venue | None) -> dict:
    """The form's values, and the borough its (checked) postcode is in: nobody picks it, so
    a venue in Dagenham cannot say Hackney. Where we list no venue nearby, the venue keeps
    the borough it has, or a new one takes its town."""
    values = {name: (form[name].data or "").strip() for name in VENUE_FIELDS if name in form}
    values["borough"] = (
        borough_for_postcode(values["postcode"], venue.id if venue else None)
        or (venue.borough if venue else "")
        or values["town"]
    )
    values["access_features"] = sorted(form.access_features.data or [])
    return values


def add_venue(form: VenueForm, user, organisation) -> Venue:
    """A new venue goes in as it is: nothing public shows it until a listing held there does."""
    venue, _created = operations.find_or_new(
        Venue, f"group-{organisation.id}-{secrets.token_hex(4)}"
    )
    operations.write_venue(
        venue, added_by_organisation_id=organisation.id, **proposed_fields(form, None)
    )
    db.session.flush()
    audit.record("venue.added", venue, actor=user, organisation_id=organisation.id)
    return venue


def propose(venue: Venue, form: VenueForm, user) -> VenueChange | None:
    """Record the change (None when nothing changed); apply it at once when that is safe."""
    groups_there = list({activity.organisation for activity in venue.activities})
    own = [organisation for organisation in user.organisations if organisation in groups_there]
    return changes.propose(
        VENUE,
        venue,
        user,
        proposed_fields(form, venue),
        apply_now=_safe_to_apply_at_once(venue, user, groups_there),
        organisation=(own or user.organisations)[0],
    )


def _safe_to_apply_at_once(venue: Venue, user, groups_there) -> bool:
    # Paused and archived listings still have public pages that show the venue.
    if all(activity.status == "draft" for activity in venue.activities):
        return True
    return all(
        organisation in user.organisations and organisation.trusted for organisation in groups_there
    )
