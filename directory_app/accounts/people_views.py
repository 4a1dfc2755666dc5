"""Staff accounts, for admins: who has one, invitations, roles, and leavers."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import EmailField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Optional

from directory_app.accounts import people
from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_language_choices
from directory_app.i18n.labels import ROLE_LABELS
from directory_app.models import StaffUser
from directory_app.models.staff import ROLES
from directory_app.web.access import StaffArea
from directory_app.web.forms import DirectoryForm, email_format, no_longer_than

blueprint = StaffArea("people", __name__, ("admin",), url_prefix="/staff/people")
STATUSES = ("active", "deactivated")
LIST_LIMIT = 500


def _role_field():
    return RadioField(
        _l("Role"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validate_choice=False,
        validators=[DataRequired(_l("Choose a role")), AnyOf(ROLES, message=_l("Choose a role"))],
    )


class InviteForm(DirectoryForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter their name")), no_longer_than(120)]
    )
    email = EmailField(
        _l("Work email address"),
        validators=[
            DataRequired(_l("Enter their work email address")),
            email_format,
            no_longer_than(254),
        ],
    )
    role = _role_field()
    language = SelectField(_l("Language for emails (optional)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [("", _("Not known (the service's own language)"))] + list(
            email_language_choices()
        )


class RoleForm(DirectoryForm):
    role = _role_field()


def _person(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


def _me() -> StaffUser:
    return current_user._get_current_object()


def _refusal(error: people.PeopleError) -> str:
    if isinstance(error, people.CannotChangeYourself):
        return _("You cannot do that to your own account. Ask another administrator.")
    if isinstance(error, people.LastAdmin):
        return _("This is the only active administrator. Make someone else an administrator first.")
    return _("Choose a role")


@blueprint.get("")
def people_list():
    role = request.args.get("role", "") if request.args.get("role") in ROLES else ""
    status = request.args.get("status", "") if request.args.get("status") in STATUSES else ""
    found = people.find_people(role, status, limit=LIST_LIMIT + 1)
    audit.record("people.listed", shown=len(found[:LIST_LIMIT]), role=role, status=status)
    return render_template(
        "accounts/people.html",
        people=found[:LIST_LIMIT],
        more=len(found) > LIST_LIMIT,
        limit=LIST_LIMIT,
        role=role,
        status=status,
        roles=ROLES,
    )


@blueprint.route("/invite", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = people.invite(
                form.email.data, form.name.data, form.role.data, _me(), form.language.data
            )
        except people.AlreadyHasAccount:
            form.email.errors.append(_("There is already an account with that email address"))
        else:
            flash(_("Invitation sent. Their link to set a password works for 7 days."))
            return redirect(url_for("people.person", user_id=user.id))
    return render_template("accounts/people_invite.html", form=form)


@blueprint.get("/<int:user_id>")
def person(user_id: int):
    user = _person(user_id)
    audit.record("staff.viewed", user)
    return _person_page(user, RoleForm(data={"role": user.role}))


def _person_page(user: StaffUser, form: RoleForm):
    return render_template(
        "accounts/people_person.html",
        person=user,
        form=form,
        open_cases=people.open_cases_assigned_to(user),
    )


@blueprint.post("/<int:user_id>/role")
def change_role(user_id: int):
    user = _person(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _person_page(user, form)
    try:
        changed = people.change_role(user, form.role.data, _me())
    except people.PeopleError as error:
        form.role.errors.append(_refusal(error))
        return _person_page(user, form)
    if changed:
        flash(_("Role changed. They have been signed out, so it applies from their next page."))
    return redirect(url_for("people.person", user_id=user.id))


@blueprint.get("/<int:user_id>/deactivate")
def confirm_deactivation(user_id: int):
    user = _person(user_id)
    return _confirmation_page(user)


def _confirmation_page(user: StaffUser, refusal: str | None = None):
    return render_template(
        "accounts/people_deactivate.html",
        person=user,
        open_cases=people.open_cases_assigned_to(user),
        refusal=refusal,
    )


@blueprint.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    user = _person(user_id)
    try:
        done = people.deactivate(user, _me())
    except people.PeopleError as error:
        return _confirmation_page(user, _refusal(error))
    flash(
        ngettext(
            "Account deactivated: they are signed out and their links no longer work. "
            "%(num)d open case went back to the inbox as unassigned.",
            "Account deactivated: they are signed out and their links no longer work. "
            "%(num)d open cases went back to the inbox as unassigned.",
            done.unassigned_cases,
        )
        if done.unassigned_cases
        else _("Account deactivated: they are signed out and their links no longer work.")
    )
    return redirect(url_for("people.person", user_id=user.id))


@blueprint.post("/<int:user_id>/reactivate")
def reactivate(user_id: int):
    user = _person(user_id)
    people.reactivate(user, _me())
    flash(_("Account reactivated. They can sign in again, or ask for a sign-in link."))
    return redirect(url_for("people.person", user_id=user.id))
