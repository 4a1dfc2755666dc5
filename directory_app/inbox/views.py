"""Inbox pages. Every view of a request and every change is written to the audit log."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_now
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.inbox import (
    case_panels,
    counts,
    duplicates,
    list_rows,
    merging,
    queries,
    triage,
)
from directory_app.inbox.figures import dashboard_charts, dashboard_figures, figures_csv
from directory_app.models import Referral, StaffUser
from directory_app.models.referrals import SOURCES
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.downloads import csv_download
from directory_app.web.input import form_text, plain_text, record_id

blueprint = StaffArea("inbox", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


# The words a case is shown with, on its page as in the list's rows.
for helper in (list_rows.case_name, list_rows.deadline_note, list_rows.write_to_them):
    blueprint.app_template_global()(helper)


def _today() -> date:
    return local_now().date()


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _actor() -> StaffUser:
    return current_user._get_current_object()


@blueprint.route("/", methods=["GET", "POST"])
def referral_list():
    if request.method == "POST":
        # Searches hold names and phone numbers: they travel in the POST body and are kept
        # on the server, never in the URL (where history and logs would keep them) or the
        # session cookie (which the browser holds readable).
        _actor().inbox_search = plain_text(request.form.get("q"), 100)
        kept = {
            k: v
            for k, v in request.form.items()
            if k not in ("q", "csrf_token", "page", "after", "before") and v
        }
        if kept.get("view") and _actor().inbox_search:
            kept["searched"] = "1"  # typed on "My cases" or "Due today": apply it there
        return redirect(url_for("inbox.referral_list", **kept))
    filters = queries.InboxFilters.from_args(request.args)
    filters.search = current_user.inbox_search or ""
    today = _today()
    by_status = counts.status_counts()
    page = queries.find_requests(filters, current_user.id, today, by_status)
    audit.record(
        "inbox.listed",
        filters=f"{filters.view}|{filters.kind}|{filters.status}|{filters.assigned}",
        shown=len(page.requests),
    )
    # The links keep the filters and seek from the page's first or last row.
    kept_args = {k: v for k, v in request.args.items() if k not in ("after", "before", "page")}
    return render_template(
        "inbox/list.html",
        filters=filters,
        rows=list_rows.list_rows(page.requests, today),
        total=page.total,
        page=page,
        kept_args=kept_args,
        counts=by_status,
        **counts.caseload_counts(today, current_user.id),
        areas=queries.areas(),
        reasons=REFERRAL_REASONS,
        sources=SOURCES,
        sorts=queries.SORTS,
        today=today,
    )


@blueprint.get("/<int:referral_id>")
def referral_detail(referral_id: int):
    referral = _referral(referral_id)
    audit.record("referral.viewed", referral)
    colleagues = db.session.scalars(
        select(StaffUser)
        .where(StaffUser.role.in_(REFERRAL_ROLES), StaffUser.active.is_(True))
        .order_by(StaffUser.name)
    ).all()
    return render_template(
        "inbox/detail.html",
        referral=referral,
        next_statuses=triage.NEXT_STATUSES[referral.status],
        duplicates=duplicates.possible_duplicates(referral),
        **case_panels.for_case(referral, _today()),
        colleagues=colleagues,
        today=_today(),
    )


def _done(referral: Referral, message: str):
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))


def _problem(referral: Referral, message: str):
    # Services check before they change anything, so there is nothing to undo.
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise triage.NotADate() from None


@blueprint.post("/<int:referral_id>/status")
def change_status(referral_id: int):
    referral = _referral(referral_id)
    try:
        triage.change_status(
            referral,
            request.form.get("status", ""),
            _actor(),
            outcome=form_text(request.form.get("outcome"), 300),
            invalid=request.form.get("invalid") == "1",
        )
    except triage.OutcomeNeeded:
        return _problem(referral, _("Enter the outcome, or the reason for declining"))
    except triage.StatusNotAllowed:
        return _problem(referral, _("That change of status is not possible"))
    return _done(referral, _("Status updated"))


@blueprint.post("/<int:referral_id>/assign")
def assign(referral_id: int):
    referral = _referral(referral_id)
    assignee_id = request.form.get("assignee", "")
    assignee = None
    if assignee_id == "me":
        assignee = _actor()
    elif record_id(assignee_id) is not None:
        assignee = db.session.get(StaffUser, record_id(assignee_id))
        if assignee is None or assignee.role not in REFERRAL_ROLES:
            return _problem(referral, _("Choose a link worker"))
    triage.assign(referral, assignee, _actor())
    return _done(referral, _("Assignment updated"))


@blueprint.post("/<int:referral_id>/note")
def add_note(referral_id: int):
    referral = _referral(referral_id)
    try:
        triage.add_note(referral, form_text(request.form.get("note"), 5000), _actor())
    except triage.EmptyNote:
        return _problem(referral, _("Enter a note"))
    return _done(referral, _("Note added"))


@blueprint.post("/<int:referral_id>/follow-up")
def follow_up(referral_id: int):
    referral = _referral(referral_id)
    try:
        triage.set_follow_up(referral, _date(request.form.get("follow_up_on", "")), _actor())
    except triage.NotADate:
        return _problem(referral, _("Enter a real date for the follow-up"))
    except triage.FollowUpInPast:
        return _problem(
            referral, _("The follow-up date must be today or later (or leave it empty to clear it)")
        )
    return _done(referral, _("Follow-up date saved"))


@blueprint.post("/<int:referral_id>/merge")
def merge(referral_id: int):
    referral = _referral(referral_id)
    duplicate_id = request.form.get("duplicate", "")
    duplicate = (
        db.session.get(Referral, record_id(duplicate_id)) if record_id(duplicate_id) else None
    )
    if duplicate is None or duplicate not in duplicates.possible_duplicates(referral):
        return _problem(referral, _("Choose one of the possible duplicates"))
    try:
        merging.merge(duplicate, referral, _actor())
    except merging.CannotMerge:
        return _problem(referral, _("Those requests cannot be merged"))
    return _done(referral, _("Requests merged"))


@blueprint.get("/dashboard")
def dashboard():
    figures = dashboard_figures(_today())
    audit.record("dashboard.viewed")
    return render_template(
        "inbox/dashboard.html", figures=figures, charts=dashboard_charts(figures)
    )


@blueprint.get("/dashboard.csv")
def dashboard_csv():
    figures = dashboard_figures(_today())
    audit.record("dashboard.exported")
    return csv_download(figures_csv(figures), "referral-figures.csv")
