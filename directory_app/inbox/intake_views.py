"""Link workers entering a referral taken by phone or in person."""

import secrets
from datetime import UTC, datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from directory_app.domain.dates import local_now
from directory_app.inbox import intake
from directory_app.inbox.intake_forms import StaffReferralForm
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.referrals.sources import (
    consent_method_label,
    referrer_kind_label,
    source_label,
)
from directory_app.web.access import StaffArea

blueprint = StaffArea("intake", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
# The case page's "where it came from" panel (``inbox/_source.html``) names codes in words.
blueprint.add_app_template_global(source_label)
blueprint.add_app_template_global(consent_method_label)
blueprint.add_app_template_global(referrer_kind_label)

TEMPLATE = "inbox/new_referral.html"


@blueprint.route("/new", methods=["GET", "POST"])
def new_referral():
    form = StaffReferralForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        return render_template(TEMPLATE, form=form)
    if not form.submission_token.data:
        abort(400)
    if not form.validate():
        return render_template(TEMPLATE, form=form)
    actor = current_user._get_current_object()
    consent = {
        "source": form.source.data,
        "consent_method": form.consent_method.data,
        "consent_given_by": (form.consent_given_by.data or "").strip(),
        "consent_given_at": intake.consent_given_at(form.consent_moment(), datetime.now(UTC)),
    }
    referral, _created = intake.enter_referral(
        form.person_fields(),
        consent,
        form.submission_token.data,
        actor,
        local_now().date(),
        assign_to_me=bool(form.assign_to_me.data),
    )
    # A second click of the same form finds the case the first one stored, and opens it.
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))
