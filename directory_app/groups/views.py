"""Pages for groups: ask for an account; admins decide; providers see their listings."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from directory_app import audit, schedules
from directory_app.accounts.access import staff_required
from directory_app.extensions import db, limiter
from directory_app.groups import blueprint, editing, service, venues
from directory_app.groups.forms import InviteForm, JoinForm
from directory_app.i18n import local_now
from directory_app.mail import send_after
from directory_app.models import (
    AccountRequest,
    Activity,
    ListingChange,
    Organisation,
    Venue,
    VenueChange,
)
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.vocabulary import WEEKDAY_CODES


@blueprint.route("/groups/join", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def join():
    form = JoinForm()
    organisation_id = request.values.get("organisation", "") or (form.organisation_id.data or "")
    organisation = (
        db.session.get(Organisation, int(organisation_id)) if organisation_id.isdigit() else None
    )
    if request.method == "GET":
        form.organisation_id.data = organisation.id if organisation else ""
    if form.validate_on_submit():
        if not form.is_spam:  # the honeypot: bots get thanks, nothing more
            service.submit_request(form)
            db.session.commit()
            return send_after(redirect(url_for("groups.join_sent")))
        return redirect(url_for("groups.join_sent"))
    return render_template("groups/join.html", form=form, organisation=organisation)


@blueprint.get("/groups/join/sent")
def join_sent():
    return render_template("groups/join_sent.html")


@blueprint.get("/staff/account-requests")
@staff_required("admin")
def request_list():
    pending = db.session.scalars(
        select(AccountRequest).where(AccountRequest.status == "pending").order_by(AccountRequest.id)
    ).all()
    audit.record("group.requests_listed", shown=len(pending))
    db.session.commit()
    return render_template("groups/requests.html", requests=pending)


def _pending_request(request_id: int) -> AccountRequest:
    found = db.session.get(AccountRequest, request_id)
    if found is None:
        abort(404)
    return found


@blueprint.post("/staff/account-requests/<int:request_id>/approve")
@staff_required("admin")
def approve(request_id: int):
    try:
        service.approve(_pending_request(request_id), current_user._get_current_object())
    except service.GroupError:
        db.session.rollback()
        flash(
            _(
                "That request could not be approved: it may already be decided, or the address belongs to a staff account."
            )
        )
        return redirect(url_for("groups.request_list"))
    db.session.commit()
    flash(_("Approved. We have emailed them a link to set their password."))
    return send_after(redirect(url_for("groups.request_list")))


@blueprint.post("/staff/account-requests/<int:request_id>/decline")
@staff_required("admin")
def decline(request_id: int):
    try:
        service.decline(
            _pending_request(request_id),
            current_user._get_current_object(),
            request.form.get("reason", ""),
        )
    except service.GroupError:
        db.session.rollback()
        flash(_("Give a reason for declining"))
        return redirect(url_for("groups.request_list"))
    db.session.commit()
    flash(_("Declined. We have emailed them the reason."))
    return send_after(redirect(url_for("groups.request_list")))


@blueprint.route("/staff/my-groups", methods=["GET", "POST"])
@staff_required("provider")
def my_groups():
    """A provider's own organisations and listings; nothing of anyone else's."""
    form = InviteForm()
    organisations = current_user.organisations
    if form.validate_on_submit():
        organisation_id = request.form.get("organisation", "")
        organisation = next((o for o in organisations if str(o.id) == organisation_id), None)
        if organisation is None:
            abort(403)
        try:
            service.invite(
                current_user._get_current_object(), organisation, form.name.data, form.email.data
            )
        except service.GroupError:
            db.session.rollback()
            flash(_("That address belongs to a staff account, so it cannot be invited."))
            return redirect(url_for("groups.my_groups"))
        db.session.commit()
        flash(_("Invitation sent."))
        return send_after(redirect(url_for("groups.my_groups")))
    activities = db.session.scalars(
        select(Activity)
        .where(Activity.organisation_id.in_([o.id for o in organisations]))
        .order_by(Activity.title)
    ).all()
    return render_template(
        "groups/my_groups.html",
        organisations=organisations,
        activities=activities,
        venues=venues.editable_venues(current_user),
        form=form,
    )


def _own_activity(activity_id: int) -> Activity:
    """An activity of one of the provider's own groups; 404 for anything else."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.organisation not in current_user.organisations:
        abort(404)
    return activity


@blueprint.route("/staff/my-groups/activities/new", methods=["GET", "POST"])
@staff_required("provider")
def new_activity():
    """A new listing: saved as a draft, then published like any other change."""
    organisations = current_user.organisations
    if not organisations:
        abort(404)
    return _activity_editor(None, organisations)


@blueprint.route("/staff/my-groups/activities/<int:activity_id>", methods=["GET", "POST"])
@staff_required("provider")
def edit_activity(activity_id: int):
    return _activity_editor(_own_activity(activity_id), [])


def _activity_editor(activity, organisations):
    user = current_user._get_current_object()
    form = editing.edit_form(activity, user)
    schedule_error = None
    if request.method == "POST":
        schedule = editing.schedule_from_rows(request.form)
        schedule_error = editing.schedule_problem(schedule, request.form.get("schedule_notes", ""))
    if form.validate_on_submit() and schedule_error is None:
        if activity is None:
            organisation = chosen_organisation(organisations, request.form.get("organisation", ""))
            activity = editing.start_listing(organisation, user)
        change = editing.propose(activity, form, user, schedule)
        db.session.commit()
        flash(flash_for(change))
        return redirect(url_for("groups.edit_activity", activity_id=activity.id))
    changes = []
    if activity is not None:
        changes = db.session.scalars(
            select(ListingChange)
            .where(ListingChange.activity_id == activity.id)
            .order_by(ListingChange.id.desc())
        ).all()
    return render_template(
        "groups/edit_activity.html",
        activity=activity,
        organisations=organisations,
        form=form,
        changes=changes,
        schedule_error=schedule_error,
        slots=list(schedules.timetable_for(activity).slots) if activity else [],
        weekdays=WEEKDAY_CODES,
        field_label=editing.labeller(),
    )


def chosen_organisation(organisations, organisation_id: str):
    """The provider's group picked in a form (the only one, if they have one); 404 otherwise."""
    if len(organisations) == 1 and not organisation_id:
        return organisations[0]
    found = next((o for o in organisations if str(o.id) == organisation_id), None)
    if found is None:
        abort(404)
    return found


@blueprint.route(
    "/staff/my-groups/activities/<int:activity_id>/translations", methods=["GET", "POST"]
)
@staff_required("provider")
def translate_activity(activity_id: int):
    """The listing's text in another language: choose the language, then write it."""
    activity = _own_activity(activity_id)
    language = request.values.get("language", "")
    if language not in editing.translation_languages(activity):
        return render_template(
            "groups/translations.html",
            activity=activity,
            language=None,
            form=None,
            translation_languages=editing.translation_languages(activity),
        )
    form = editing.translation_form(activity, language)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        change = editing.propose_translation(activity, language, form, user)
        db.session.commit()
        flash(flash_for(change))
        return redirect(url_for("groups.translate_activity", activity_id=activity.id))
    return render_template(
        "groups/translations.html", activity=activity, language=language, form=form
    )


def flash_for(change) -> str:
    if change is None:
        return _("Nothing has changed.")
    if change.status == "applied":
        return _("Your change is live.")
    return _(
        "Thank you. A moderator will check your change; the current version stays live until then."
    )


@blueprint.get("/staff/listing-changes")
@staff_required(*MODERATOR_ROLES)
def change_queue():
    pending = db.session.scalars(
        select(ListingChange).where(ListingChange.status == "pending").order_by(ListingChange.id)
    ).all()
    pending_venues = db.session.scalars(
        select(VenueChange).where(VenueChange.status == "pending").order_by(VenueChange.id)
    ).all()
    audit.record("listing.changes_listed", shown=len(pending) + len(pending_venues))
    db.session.commit()
    return render_template(
        "groups/change_queue.html",
        changes=pending,
        venue_changes=pending_venues,
        listing_label=editing.labeller(),
        venue_label=venues.labeller(),
        shown_value=editing.shown_value,
    )


# Activities' and venues' changes are checked in the same queue, the same way.
REVIEWED = {"listing": (ListingChange, editing), "venue": (VenueChange, venues)}


def _pending_change(change_id: int, kind: str = "listing"):
    model, _module = REVIEWED[kind]
    change = db.session.get(model, change_id)
    if change is None or change.status != "pending":
        abort(404)
    return change


@blueprint.get("/staff/listing-changes/<int:change_id>/preview")
@staff_required(*MODERATOR_ROLES)
def preview_change(change_id: int):
    return _preview(_pending_change(change_id))


@blueprint.get("/staff/my-groups/changes/<int:change_id>/preview")
@staff_required("provider")
def preview_own_change(change_id: int):
    """The group sees its proposed change as the public would, before a moderator does."""
    change = _pending_change(change_id)
    if change.activity.organisation not in current_user.organisations:
        abort(404)
    return _preview(change)


def _preview(change):
    proposed = ProposedActivity(change.activity, change.after)
    return render_template(
        "directory/activity.html",
        activity=proposed,
        upcoming=schedules.upcoming_sessions(
            schedules.timetable_for(proposed), local_now(), count=5
        ),
        may_be_out_of_date=False,
        hidden_from_public=False,
        share_url=url_for("directory.activity", activity_id=change.activity_id, _external=True),
        preview_of=change,
    )


@blueprint.post("/staff/listing-changes/<int:change_id>/approve", defaults={"kind": "listing"})
@blueprint.post("/staff/venue-changes/<int:change_id>/approve", defaults={"kind": "venue"})
@staff_required(*MODERATOR_ROLES)
def approve_change(kind: str, change_id: int):
    _model, module = REVIEWED[kind]
    module.approve(_pending_change(change_id, kind), current_user._get_current_object())
    db.session.commit()
    flash(_("Approved: the change is live and the group has been told."))
    return send_after(redirect(url_for("groups.change_queue")))


@blueprint.post("/staff/listing-changes/<int:change_id>/return", defaults={"kind": "listing"})
@blueprint.post("/staff/venue-changes/<int:change_id>/return", defaults={"kind": "venue"})
@staff_required(*MODERATOR_ROLES)
def return_change(kind: str, change_id: int):
    _model, module = REVIEWED[kind]
    comment = request.form.get("comment", "")
    if not comment.strip():
        flash(_("Say what needs to change before sending it back"))
        return redirect(url_for("groups.change_queue"))
    module.send_back(_pending_change(change_id, kind), current_user._get_current_object(), comment)
    db.session.commit()
    flash(_("Sent back to the group with your comment."))
    return send_after(redirect(url_for("groups.change_queue")))


class ProposedActivity:
    """An activity as it would look with a change applied, for the preview (never saved)."""

    # The change keeps code lists and the venue by id; the page reads them as the model has them.
    RENAMED = {"categories": "category_codes", "audiences": "audience_codes",
               "languages": "language_codes"}  # fmt: skip

    def __init__(self, activity, proposed: dict):
        self._activity = activity
        self._proposed = {self.RENAMED.get(name, name): value for name, value in proposed.items()}

    @property
    def venue(self):
        if "venue_id" not in self._proposed:
            return self._activity.venue
        venue_id = self._proposed["venue_id"]
        return db.session.get(Venue, venue_id) if venue_id else None

    @property
    def schedules(self):
        # Unsaved rows, so the page's timetable and next dates show the proposed times.
        if "schedule" not in self._proposed:
            return self._activity.schedules
        return editing.schedule_rows_for(self._proposed["schedule"])

    def __getattr__(self, name):
        if name in self._proposed:
            return self._proposed[name]
        return getattr(self._activity, name)
