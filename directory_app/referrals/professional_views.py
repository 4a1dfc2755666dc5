"""The public form for professionals referring someone (GP practices, pharmacies, housing…).

The same steps, limits and protections as the self-referral form (``form_steps``): the
form, check answers, send; a honeypot, CSRF, a rate limit and one submission token per
form, so a double click stores one referral.
"""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    redirect,
    render_template,
    session,
    url_for,
)

from directory_app.core.extensions import limiter
from directory_app.referrals.form_steps import RequestForm, take_steps
from directory_app.referrals.professional_forms import ProfessionalReferralForm
from directory_app.referrals.public_views import FORM_POST_LIMIT

blueprint = Blueprint("professional_referrals", __name__)

SENT_REFERENCE = "professional_sent_reference"
TEMPLATE = "referrals/professional_referral.html"


@blueprint.route("/get-help/refer-someone", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def refer():
    form = ProfessionalReferralForm()
    return take_steps(
        RequestForm(
            form=form,
            template=TEMPLATE,
            kind="self_referral",
            sent_endpoint="professional_referrals.sent",
            sent_key=SENT_REFERENCE,
            fields=lambda: form.referral_fields(datetime.now(UTC)),
            context={"activity": None, "kind": "professional"},
        )
    )


@blueprint.get("/get-help/refer-someone/sent")
def sent():
    reference = session.get(SENT_REFERENCE)
    if reference is None:
        return redirect(url_for("professional_referrals.refer"))
    return render_template("referrals/professional_sent.html", reference=reference or None)
