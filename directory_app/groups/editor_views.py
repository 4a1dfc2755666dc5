"""A provider's own groups and listings: new listings, changes, translations, previews.

Everything here is for providers (a ``StaffArea``), and only for their own groups: another
group's listing or change is a 404, however its id is typed. Admins may open any listing
here too (found from ``admin_views``): what they save is a version like a group's, live at
once (``admin_edits``).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.domain.dates import local_now, local_today
from directory_app.domain.schedules import timetable_for
from directory_app.domain.vocabulary import WEEKDAY_CODES
from directory_app.groups import (
    admin_edits,
    intake,
    listing_changes,
    membership,
    queries,
    schedule_rows,
)
from directory_app.groups.forms import InviteForm
from directory_app.groups.intake_forms import IntakeForm, saved_message
from directory_app.groups.preview import listing_labeller, render_preview
from directory_app.listings import reminders
from directory_app.models import ListingChange
from directory_app.web.access import StaffArea

blueprint = StaffArea("my_groups", __name__, ("provider", "admin"), url_prefix="/staff/my-groups")


def _user():
    return current_user._get_current_object()


def _as_admin() -> bool:
    return queries.is_admin(current_user)


def _via() -> str:
    # The audit log's "how": a group's own account, or an admin's direct edit.
    return "admin" if _as_admin() else "group account"


def group_change_first(activity) -> str:
    """What an admin is told when a group's change to the listing waits for a moderator."""
    return _(
        "{group} has a change to this listing waiting for a moderator. Approve it or send it "
        "back in “Listing changes to check” first; then change the listing here."
    ).format(group=activity.organisation.name)


@blueprint.route("", methods=["GET", "POST"])
def my_groups():
    """A provider's own organisations and listings; nothing of anyone else's. An admin has
    no groups of their own: they find any listing on their own page."""
    if _as_admin():
        return redirect(url_for("admin_listings.listing_list"))
    form = InviteForm()
    organisations = current_user.organisations
    if form.validate_on_submit():
        organisation_id = request.form.get("organisation", "")
        organisation = next((o for o in organisations if str(o.id) == organisation_id), None)
        if organisation is None:
            abort(403)
        try:
            membership.invite(_user(), organisation, form.name.data, form.email.data)
        except membership.StaffAddress:
            # Saying why would tell any provider which addresses are staff accounts.
            flash(
                _(
                    "That address cannot be invited. Ask them for another address, or ask an administrator."
                )
            )
            return redirect(url_for("my_groups.my_groups"))
        flash(_("Invitation sent."))
        return redirect(url_for("my_groups.my_groups"))
    return render_template(
        "groups/my_groups.html",
        organisations=organisations,
        activities=queries.own_activities(current_user),
        venues=queries.editable_venues(current_user),
        form=form,
    )


@blueprint.route("/activities/new", methods=["GET", "POST"])
def new_activity():
    """A new listing: saved as a draft, then published like any other change."""
    organisations = current_user.organisations
    if not organisations:
        abort(404)
    return _activity_editor(None, organisations)


def _own_activity(activity_id: int):
    activity = queries.editable_activity(current_user, activity_id)
    if activity is None:
        abort(404)
    return activity


@blueprint.route("/activities/<int:activity_id>", methods=["GET", "POST"])
def edit_activity(activity_id: int):
    return _activity_editor(_own_activity(activity_id), [])


def _activity_editor(activity, organisations):
    # The group edits what it last saved: a change waiting for a moderator, if any. An admin
    # edits the live listing (and may not save over a group's waiting change).
    as_admin = _as_admin()
    shown = activity if as_admin else listing_changes.as_edited(activity)
    waiting = listing_changes.waiting_change(activity.id) if activity else None
    if as_admin and waiting is not None:
        flash(group_change_first(activity))
    form = listing_changes.edit_form(shown, _user())
    schedule_error = None
    if request.method == "POST":
        # Only the venues the editor offers may hold a session: not any id posted.
        offered = {str(venue.id): venue.key for venue in queries.editable_venues(_user())}
        schedule = schedule_rows.schedule_from_rows(request.form, offered)
        schedule_error = schedule_rows.schedule_problem(
            schedule, request.form.get("schedule_notes", "")
        )
    if form.validate_on_submit() and schedule_error is None and not (as_admin and waiting):
        if activity is None:
            organisation = chosen_organisation(organisations, request.form.get("organisation", ""))
            activity = listing_changes.start_listing(organisation, _user())
        if as_admin:
            change = admin_edits.edit_listing(activity, form, _user(), schedule)
        else:
            change = listing_changes.propose(activity, form, _user(), schedule)
        flash(flash_for(change))
        return redirect(url_for("my_groups.edit_activity", activity_id=activity.id))
    return render_template(
        "groups/edit_activity.html",
        activity=shown,
        # "This is your change waiting" is the group's own notice; an admin was told above.
        waiting=None if as_admin else waiting,
        editing_as_admin=as_admin,
        back_url=url_for("admin_listings.listing_list") if as_admin else None,
        organisations=organisations,
        form=form,
        changes=queries.versions_of_activity(activity.id) if activity else [],
        schedule_error=schedule_error,
        slots=list(timetable_for(shown).slots) if activity else [],
        weekdays=WEEKDAY_CODES,
        field_label=listing_labeller(),
    )


def chosen_organisation(organisations, organisation_id: str):
    """The provider's group picked in a form (the only one, if they have one); 404 otherwise."""
    if len(organisations) == 1 and not organisation_id:
        return organisations[0]
    found = next((o for o in organisations if str(o.id) == organisation_id), None)
    if found is None:
        abort(404)
    return found


def flash_for(change, waiting: str | None = None) -> str:
    """What a provider is told after saving: nothing changed, it is live, or it waits
    (``waiting`` says what stays live, where "the current version" is not the word)."""
    if change is None:
        return _("Nothing has changed.")
    if change.status == "applied":
        return _("Your change is live.")
    return waiting or _(
        "Thank you. A moderator will check your change; the current version stays live until then."
    )


@blueprint.route("/activities/<int:activity_id>/taking-new-people", methods=["GET", "POST"])
def set_intake(activity_id: int):
    """ "Taking new people?" in one click: live at once, no moderator (``groups.intake``).
    The account page posts here; a mistake comes back on this page of its own."""
    activity = _own_activity(activity_id)
    form = IntakeForm()
    if form.validate_on_submit():
        intake.set_intake(activity, form.intake.data, form.weeks, _user(), _via(), local_today())
        flash(saved_message(activity))
        return redirect(url_for("my_groups.my_groups"))
    return render_template("groups/intake.html", activity=activity, form=form)


@blueprint.route("/activities/<int:activity_id>/translations", methods=["GET", "POST"])
def translate_activity(activity_id: int):
    """The listing's text in another language: choose the language, then write it."""
    activity = _own_activity(activity_id)
    language = request.values.get("language", "")
    languages = listing_changes.translation_languages(activity)
    if language not in languages:
        return render_template(
            "groups/translations.html",
            activity=activity,
            language=None,
            form=None,
            translation_languages=languages,
        )
    form = listing_changes.translation_form(activity, language)
    if form.validate_on_submit():
        try:
            if _as_admin():
                change = admin_edits.translate_listing(activity, language, form, _user())
            else:
                change = listing_changes.propose_translation(activity, language, form, _user())
        except admin_edits.GroupChangeWaiting:
            flash(group_change_first(activity))
        else:
            flash(flash_for(change))
            return redirect(url_for("my_groups.translate_activity", activity_id=activity.id))
    return render_template(
        "groups/translations.html", activity=activity, language=language, form=form
    )


@blueprint.get("/changes/<int:change_id>/preview")
def preview_own_change(change_id: int):
    """The group sees its proposed change as the public would, before a moderator does."""
    change = queries.pending_change(ListingChange, change_id)
    if change is None or queries.editable_activity(current_user, change.activity_id) is None:
        abort(404)
    return render_preview(change)


# The group's pages show each listing's check and a "Still correct" button (_still_correct.html).
blueprint.add_app_template_global(reminders.check_state, "listing_check")


@blueprint.post("/activities/<int:activity_id>/still-correct")
def confirm_still_correct(activity_id: int):
    """ "Still correct" from the group's own page: the same rule as the emailed link."""
    activity = _own_activity(activity_id)
    if reminders.check_state(activity) is None:
        abort(404)
    reminders.confirm_activity(activity, local_now().date(), via=_via(), actor=_user())
    flash(_("Thank you: {title} is confirmed as still correct.").format(title=activity.title))
    if request.form.get("back") == "listing":
        return redirect(url_for("my_groups.edit_activity", activity_id=activity.id))
    return redirect(url_for("my_groups.my_groups"))
