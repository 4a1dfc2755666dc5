"""Groups keeping their venues right: address, getting there and accessibility.

A venue is shared by every activity held there, so a group may change a venue only where
one of its own activities meets (or that it added itself), and the change waits for a
moderator unless nothing public would move without another group's say: only drafts are
held there so far, or only the proposer's trusted groups meet there.
"""

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from directory_app import audit
from directory_app.extensions import db
from directory_app.form_parts import MultiCheckboxField
from directory_app.geo.postcodes import PostcodeError, lookup_postcode, normalise_postcode
from directory_app.groups.review import mark_reviewed, tell_submitter
from directory_app.models import Activity, Venue, VenueAccessFeature, VenueChange
from directory_app.models.code_lists import sync_codes
from directory_app.vocabulary import ACCESS_FEATURES

VENUE_FIELDS = (
    "name", "address_line", "town", "postcode", "borough", "neighbourhood", "getting_there",
    "accessibility_detail",
)  # fmt: skip


def _known_postcode(_form, field) -> None:
    postcode = normalise_postcode(field.data or "")
    try:
        if postcode is None:
            raise PostcodeError("malformed", field.data)
        lookup_postcode(postcode)
    except PostcodeError as error:
        raise ValidationError(_l("Enter a full UK postcode, like E8 1AG")) from error
    field.data = postcode


class VenueForm(FlaskForm):
    name = StringField(
        _l("Name of the place"),
        validators=[
            DataRequired(_l("Enter the name of the place")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    address_line = StringField(
        _l("Street address"),
        validators=[
            DataRequired(_l("Enter the street address")),
            Length(max=300, message=_l("The address must be 300 characters or fewer")),
        ],
    )
    town = StringField(
        _l("Town or city"),
        validators=[DataRequired(_l("Enter the town or city")), Length(max=100)],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[DataRequired(_l("Enter the postcode")), Length(max=12), _known_postcode],
    )
    borough = SelectField(_l("Borough"), validators=[DataRequired(_l("Choose the borough"))])
    neighbourhood = StringField(
        _l("Neighbourhood (optional)"), validators=[Optional(), Length(max=100)]
    )
    getting_there = TextAreaField(
        _l("Getting there (optional)"), validators=[Optional(), Length(max=2000)]
    )
    access_features = MultiCheckboxField(
        _l("Accessibility"),
        choices=[SelectChoice(term.code, term.label) for term in ACCESS_FEATURES],
        validators=[Optional()],
    )
    accessibility_detail = TextAreaField(
        _l("More about access (optional)"), validators=[Optional(), Length(max=2000)]
    )


def venue_form(venue: Venue | None) -> VenueForm:
    form = VenueForm(obj=venue)
    form.borough.choices = [SelectChoice("", _l("Choose the borough"))] + [
        SelectChoice(name, name) for name in boroughs()
    ]
    if venue is not None and not form.is_submitted():
        form.access_features.data = sorted(venue.feature_codes)
    return form


def boroughs() -> list[str]:
    """The boroughs we serve: those our venues are in."""
    return list(
        db.session.scalars(
            select(Venue.borough).where(Venue.borough != "").distinct().order_by(Venue.borough)
        )
    )


def editable_venues(user) -> list[Venue]:
    """Venues where one of the user's groups meets, or that one of them added."""
    return list(db.session.scalars(_editable(user).order_by(Venue.name)))


def editable_venue(user, venue_id: int) -> Venue | None:
    return db.session.scalar(_editable(user).where(Venue.id == venue_id))


def _editable(user):
    group_ids = [organisation.id for organisation in user.organisations]
    used_by_group = select(Activity.venue_id).where(Activity.organisation_id.in_(group_ids))
    return select(Venue).where(
        or_(Venue.id.in_(used_by_group), Venue.added_by_organisation_id.in_(group_ids))
    )


def snapshot(venue: Venue) -> dict:
    values = {name: getattr(venue, name) for name in VENUE_FIELDS}
    values["access_features"] = sorted(venue.feature_codes)
    return values


def _proposed(form: VenueForm) -> dict:
    values = {name: (form[name].data or "").strip() for name in VENUE_FIELDS}
    values["access_features"] = sorted(form.access_features.data or [])
    return values


def add_venue(form: VenueForm, user, organisation) -> Venue:
    """A new venue goes in as it is: nothing public shows it until a listing held there does."""
    venue = Venue(key=f"group-{organisation.id}-{secrets.token_hex(4)}")
    venue.added_by_organisation_id = organisation.id
    _set_fields(venue, _proposed(form))
    db.session.add(venue)
    db.session.flush()
    audit.record("venue.added", venue, actor=user, organisation_id=organisation.id)
    return venue


def propose(venue: Venue, form: VenueForm, user) -> VenueChange | None:
    """Record the change (None when nothing changed); apply it at once when that is safe."""
    before = snapshot(venue)
    after = {**before, **_proposed(form)}
    if after == before:
        return None
    groups_there = _groups_meeting_at(venue)
    own = [organisation for organisation in user.organisations if organisation in groups_there]
    change = VenueChange(
        venue=venue,
        organisation=(own or user.organisations)[0],
        submitted_by_id=user.id,
        before=before,
        after=after,
    )
    db.session.add(change)
    db.session.flush()
    audit.record("venue.change_proposed", venue, actor=user, change_id=change.id)
    if _safe_to_apply_at_once(venue, user, groups_there):
        apply(change, None)
    return change


def _groups_meeting_at(venue: Venue) -> list:
    return list({activity.organisation for activity in venue.activities})


def _safe_to_apply_at_once(venue: Venue, user, groups_there) -> bool:
    # Paused and archived listings still have public pages that show the venue.
    if all(activity.status == "draft" for activity in venue.activities):
        return True
    return all(
        organisation in user.organisations and organisation.trusted for organisation in groups_there
    )


def apply(change: VenueChange, moderator) -> None:
    _set_fields(change.venue, change.after)
    mark_reviewed(change, moderator, "applied")
    audit.record("venue.change_applied", change.venue, actor=moderator, change_id=change.id)


def _set_fields(venue: Venue, values: dict) -> None:
    if values["postcode"] != venue.postcode or venue.easting is None:
        # Checked when proposed; the grid reference follows the postcode for distances.
        point = lookup_postcode(values["postcode"])
        venue.easting, venue.northing = int(point.easting), int(point.northing)
        venue.latitude, venue.longitude = point.latitude, point.longitude
    for name in VENUE_FIELDS:
        setattr(venue, name, values[name])
    sync_codes(venue.access_features, VenueAccessFeature, "feature", values["access_features"])


def approve(change: VenueChange, moderator) -> None:
    apply(change, moderator)
    tell_submitter(
        change,
        _l("Your change to {title} is now live."),
        change.venue.name,
        "groups.edit_venue",
        venue_id=change.venue_id,
    )


def send_back(change: VenueChange, moderator, comment: str) -> None:
    mark_reviewed(change, moderator, "returned", comment)
    audit.record("venue.change_returned", change.venue, actor=moderator, change_id=change.id)
    tell_submitter(
        change,
        _l("Your change to {title} needs another look: {comment}"),
        change.venue.name,
        "groups.edit_venue",
        venue_id=change.venue_id,
    )


def labeller():
    """A function naming each changed venue field as the form does, for the comparison and
    the versions list. The labels are read from the form once per page."""
    labels = {field.name: str(field.label.text) for field in VenueForm(formdata=None)}
    return lambda name: labels.get(name, name)
