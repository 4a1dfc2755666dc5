"""The public form for professionals referring someone (GP practices, pharmacies, housing…).

The same steps, limits and protections as the self-referral form (``public_views``): the
form, check answers, send; a honeypot, CSRF, a rate limit and one submission token per
form, so a double click stores one referral.
"""

import secrets
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from directory_app.core.extensions import limiter
from directory_app.domain.dates import local_now
from directory_app.referrals import notifications
from directory_app.referrals.professional_forms import ProfessionalReferralForm
from directory_app.referrals.public_views import FORM_POST_LIMIT
from directory_app.referrals.service import store_request

blueprint = Blueprint("professional_referrals", __name__)

SENT_REFERENCE = "professional_sent_reference"
TEMPLATE = "referrals/professional_referral.html"


@blueprint.route("/get-help/refer-someone", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def refer():
    form = ProfessionalReferralForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        return render_template(TEMPLATE, form=form)
    if form.is_spam:
        # Bots are told it worked, so they learn nothing; nothing is stored or sent.
        session[SENT_REFERENCE] = ""
        return redirect(url_for("professional_referrals.sent"))
    if not form.submission_token.data:
        abort(400)
    step = request.form.get("step", "check")
    if step.startswith("change:"):
        return render_template(TEMPLATE, form=form, focus=step[7:])
    if not form.validate():
        return render_template(TEMPLATE, form=form)
    if step != "send":
        return render_template(
            "referrals/check.html", form=form, activity=None, kind="professional"
        )
    referral, created = store_request(
        "self_referral",
        form.submission_token.data,
        form.referral_fields(datetime.now(UTC)),
        local_now().date(),
        current_app.config["RESPONSE_WORKING_DAYS"],
    )
    if created:
        notifications.announce(referral)
    session[SENT_REFERENCE] = referral.reference
    return redirect(url_for("professional_referrals.sent"))


@blueprint.get("/get-help/refer-someone/sent")
def sent():
    reference = session.get(SENT_REFERENCE)
    if reference is None:
        return redirect(url_for("professional_referrals.refer"))
    return render_template("referrals/professional_sent.html", reference=reference or None)
