"""Admins deciding groups' requests for accounts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.groups import claim_checks, membership
from directory_app.groups.queries import pending_account_requests
from directory_app.models import AccountRequest
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text, whole_number

blueprint = StaffArea(
    "account_requests", __name__, ("admin",), url_prefix="/staff/account-requests"
)
REQUEST_STATUS_LABELS = {
    "pending": _l("Waiting"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
}


@blueprint.app_template_global()
def request_status_label(status: str) -> str:
    return str(REQUEST_STATUS_LABELS.get(status, status))


@blueprint.get("")
def request_list():
    pending = pending_account_requests()
    page = whole_number(request.args.get("page"), 1, 10_000) or 1
    history, more = claim_checks.decided(page)
    audit.record("group.requests_listed", shown=len(pending))
    return render_template(
        "groups/requests.html",
        reviews=claim_checks.review(pending),
        history=history,
        page=page,
        more=more,
    )


def _account_request(request_id: int) -> AccountRequest:
    found = db.session.get(AccountRequest, request_id)
    if found is None:
        abort(404)
    return found


@blueprint.post("/<int:request_id>/approve")
def approve(request_id: int):
    try:
        membership.approve(_account_request(request_id), current_user._get_current_object())
    except membership.GroupError:
        flash(
            _(
                "That request could not be approved: it may already be decided, or the address belongs to a staff account."
            )
        )
        return redirect(url_for("account_requests.request_list"))
    flash(_("Approved. We have emailed them a link to set their password."))
    return redirect(url_for("account_requests.request_list"))


@blueprint.post("/<int:request_id>/decline")
def decline(request_id: int):
    try:
        membership.decline(
            _account_request(request_id),
            current_user._get_current_object(),
            form_text(request.form.get("reason"), 300),
        )
    except membership.GroupError:
        flash(_("Give a reason for declining"))
        return redirect(url_for("account_requests.request_list"))
    flash(_("Declined. We have emailed them the reason."))
    return redirect(url_for("account_requests.request_list"))
