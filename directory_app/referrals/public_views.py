"""The public self-referral and buddy-request forms: a few questions a page, check answers,
send, confirmation.

Works without JavaScript: each step is a POST of the whole form, every page carrying the
other pages' answers in hidden fields, so nothing is kept on the server and nothing is
stored until the person sends it (``form_steps``).
"""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from directory_app.core.extensions import limiter
from directory_app.directory import listings
from directory_app.domain import schedules
from directory_app.domain.dates import local_now
from directory_app.i18n.formatting import session_in_option, session_in_words
from directory_app.referrals.answers import answer_rows
from directory_app.referrals.buddy_forms import BuddyRequestForm
from directory_app.referrals.form_steps import RequestForm, take_steps
from directory_app.referrals.forms import SelfReferralForm
from directory_app.web.input import record_id

blueprint = Blueprint("referrals", __name__)
# The check-answers page lists each question with its answer.
blueprint.add_app_template_global(answer_rows)

SENT_REFERENCE = "sent_reference"
FORMS = {
    "self_referral": (SelfReferralForm, "referrals/self_referral.html"),
    "buddy": (BuddyRequestForm, "referrals/buddy.html"),
}
# Per client address: plenty for a person correcting mistakes, too few for a flood.
FORM_POST_LIMIT = "30 per hour"


@blueprint.route("/get-help/talk-to-a-link-worker", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def self_referral():
    return _handle("self_referral")


@blueprint.route("/get-help/buddy", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def buddy_request():
    return _handle("buddy")


@blueprint.get("/get-help/sent")
def sent():
    reference = session.get(SENT_REFERENCE)
    if reference is None:
        return redirect(url_for("pages.get_help"))
    return render_template("referrals/sent.html", reference=reference or None)


def _activity():
    activity_id = record_id(request.values.get("activity_id") or request.args.get("activity"))
    if activity_id is None:
        return None
    return listings.public_activity(activity_id, local_now().date())


def _prepare(form, kind: str, activity) -> None:
    if kind == "buddy":
        upcoming = []
        if activity is not None:
            upcoming = schedules.upcoming_sessions(
                schedules.timetable_for(activity), local_now(), count=6
            )
        form.hoped_session.choices = [SelectChoice("", _("I am not sure yet"))] + [
            # The answer kept is the plain words; the menu shows them isolated.
            SelectChoice(session_in_words(item), session_in_option(item))
            for item in upcoming
        ]


def _handle(kind: str):
    form_class, template = FORMS[kind]
    form = form_class()
    activity = _activity()
    _prepare(form, kind, activity)

    def fill_new(new_form) -> None:
        new_form.activity_id.data = activity.id if activity else ""
        if kind == "buddy" and activity is not None:
            new_form.activity_name.data = activity.title

    return take_steps(
        RequestForm(
            form=form,
            template=template,
            kind=kind,
            sent_endpoint="referrals.sent",
            sent_key=SENT_REFERENCE,
            fields=lambda: fields_from(kind, form, activity),
            context={"activity": activity, "kind": kind},
            fill_new=fill_new,
            pages=form.pages,
        )
    )


def fields_from(kind: str, form, activity) -> dict:
    """The model fields for a valid form."""
    fields = {
        "activity_id": activity.id if activity else None,
        "consent_referral": bool(form.consent_referral.data),
        # The person agreed by ticking the box and sending: consent is the form's own.
        "source": "self",
        "consent_method": "online_form",
        "consent_given_at": datetime.now(UTC),
    }
    if kind == "self_referral":
        fields.update(form.person_fields())
    else:
        text = (form.activity_name.data or "").strip()
        fields.update(
            form.contact_fields(),
            hoped_session=form.hoped_session.data or "",
            buddy_help=list(form.buddy_help.data),
            worries=(form.worries.data or "").strip(),
            buddy_preferences=(form.buddy_preferences.data or "").strip(),
            availability=(form.availability.data or "").strip(),
            consent_share_with_volunteer=bool(form.consent_share_with_volunteer.data),
            help_wanted=text if activity is None else "",
        )
    return fields
