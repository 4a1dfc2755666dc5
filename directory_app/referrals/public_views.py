"""The public self-referral and buddy-request forms: a few questions a page, check answers,
send, confirmation.

Works without JavaScript: each page is a GET and its POST redirects to the next, the
answers kept in the person's server-side draft until they send them (``draft_steps``).
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
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from directory_app.core.extensions import limiter
from directory_app.directory import listings
from directory_app.domain import schedules
from directory_app.domain.dates import local_now
from directory_app.i18n.formatting import session_in_option, session_in_words
from directory_app.referrals import deleting, draft_steps
from directory_app.referrals.answers import answer_rows
from directory_app.referrals.buddy_forms import BuddyRequestForm
from directory_app.referrals.draft_steps import DraftedForm
from directory_app.referrals.form_steps import RequestForm
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
# Per client address, form and page (its start, each page of questions, check answers):
# plenty for a person correcting mistakes, too few for a flood.
FORM_POST_LIMIT = "30 per hour"
DELETE_LIMIT = "300 per hour"  # "Delete my answers", per client address


ADDRESSES = {"self_referral": "/get-help/talk-to-a-link-worker", "buddy": "/get-help/buddy"}
ENDPOINTS = {"self_referral": "self_referral", "buddy": "buddy_request"}


def _add_routes(kind: str) -> None:
    """The form's start (GET: a new draft; POST: every answer at once), its pages, check
    answers, and deleting the answers so far."""
    address, endpoint = ADDRESSES[kind], ENDPOINTS[kind]

    def start():
        if request.method == "GET":
            return draft_steps.start(_drafted(kind))
        return draft_steps.whole_form(_drafted(kind), _journey(kind, request.form))

    def check():
        return draft_steps.check_answers(_drafted(kind))

    def page(page: str):
        if request.method == "GET":
            return draft_steps.show_page(_drafted(kind), page)
        return draft_steps.answer_page(_drafted(kind), page)

    def delete():
        if request.method == "GET":
            return deleting.confirm(_drafted(kind))
        return deleting.delete()

    limit = limiter.shared_limit(
        FORM_POST_LIMIT,
        scope=lambda endpoint: f"{endpoint}:{(request.view_args or {}).get('page', '')}",
        methods=["POST"],
    )
    delete_limit = limiter.limit(DELETE_LIMIT, methods=["POST"])
    for view, name, rule, methods in (
        (start, endpoint, address, ["GET", "POST"]),
        (check, f"{endpoint}_check", f"{address}/check", ["GET", "POST"]),
        (delete, f"{endpoint}_delete", f"{address}/delete", ["GET", "POST"]),
        (page, f"{endpoint}_page", f"{address}/<page>", ["GET", "POST"]),
    ):
        # The limiter knows a view by its name: each form's views need their own.
        view.__name__ = view.__qualname__ = name
        # Deleting has a limit of its own, ten times the others': it takes only this
        # browser's own answers away, and a library's computers share one address.
        limited = delete_limit(view) if view is delete else limit(view)
        blueprint.add_url_rule(rule, name, limited, methods=methods)


for _kind in FORMS:
    _add_routes(_kind)


@blueprint.get("/get-help/sent")
def sent():
    reference = session.get(SENT_REFERENCE)
    if reference is None:
        return redirect(url_for("pages.get_help"))
    return render_template("referrals/sent.html", reference=reference or None)


def _activity(answers):
    activity_id = record_id(answers.get("activity_id") or request.args.get("activity"))
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


def _drafted(kind: str) -> DraftedForm:
    form_class, _template = FORMS[kind]
    return DraftedForm(
        kind=kind,
        endpoint=f"referrals.{ENDPOINTS[kind]}",
        pages=form_class.pages,
        journey=lambda answers: _journey(kind, answers),
    )


def _journey(kind: str, answers: MultiDict) -> RequestForm:
    """The form bound to these answers (a draft's, or a whole-form POST's). The request is
    checked for its CSRF token before any view runs (``CSRFProtect``), so the form is not."""
    form_class, template = FORMS[kind]
    form = form_class(formdata=answers, meta={"csrf": False})
    activity = _activity(answers)
    _prepare(form, kind, activity)

    def fill_new(new_form) -> None:
        new_form.activity_id.data = activity.id if activity else ""
        if kind == "buddy" and activity is not None:
            new_form.activity_name.data = activity.title

    return RequestForm(
        form=form,
        template=template,
        kind=kind,
        sent_endpoint="referrals.sent",
        sent_key=SENT_REFERENCE,
        fields=lambda: fields_from(kind, form, activity),
        context={"activity": activity, "kind": kind},
        fill_new=fill_new,
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
