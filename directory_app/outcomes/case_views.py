"""The case page's plan and wellbeing forms.

Both forms sit on the case page and post here; a mistake shows the form again on a page of
its own, with the error summary the GOV.UK pattern asks for, and a saved one goes back to
the case (post, redirect, get).
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.outcomes import measures, plans, scales
from directory_app.outcomes.forms import PlanForm, measure_form
from directory_app.outcomes.panel import panel
from directory_app.web.access import StaffArea

blueprint = StaffArea("case_outcomes", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _workable(referral: Referral) -> Referral:
    if referral.anonymised_at is not None or referral.merged_into_id is not None:
        flash(_("This request can no longer be worked on"))
        abort(redirect(_case(referral)))
    return referral


def _case(referral: Referral, anchor: str = "") -> str:
    return url_for("inbox.referral_detail", referral_id=referral.id) + anchor


def _page(template: str, referral: Referral, form):
    """A form page of the case's outcomes, with the case's plan and measures beside it."""
    today = local_today()
    return render_template(
        template, referral=referral, form=form, today=today, **panel(referral, today)
    )


@blueprint.route("/<int:referral_id>/plan", methods=["GET", "POST"])
def plan(referral_id: int):
    """The plan on a page of its own, with its whole history; saving adds a revision."""
    referral = _referral(referral_id)
    form = PlanForm.for_case(referral)
    if not form.is_submitted():
        audit.record("referral.viewed", referral, page="plan")
        return _page("outcomes/plan.html", referral, form)
    _workable(referral)
    if not form.validate():
        return _page("outcomes/plan.html", referral, form)
    try:
        revision = plans.revise_plan(
            referral,
            current_user._get_current_object(),
            form.wish.data,
            form.outcome.data,
            form.obstacle.data,
            form.plan.data,
            form.review_day,
        )
    except plans.ReviewDateInPast:
        form.review_on.errors = [_("Enter a review date that is today or later")]
        return _page("outcomes/plan.html", referral, form)
    flash(_("Plan saved") if revision is not None else _("Nothing was changed"))
    return redirect(_case(referral, "#plan"))


def _measure_problem(form, error: Exception) -> None:
    """Put a refusal from the service on the field it is about."""
    if isinstance(error, measures.DateInFuture):
        form.taken_on.errors = [_("Enter a date that has passed, or today")]
    elif isinstance(error, measures.DateBeforeRequest | measures.DateMissing):
        form.taken_on.errors = [_("Enter a date after the request arrived")]
    elif isinstance(error, scales.ScoreOutOfRange | measures.ScoreMissing):
        field = getattr(form, error.field)
        field.errors = [_("Enter a number in the range the form gives")]
    else:
        form.stage.errors = [_("Choose when this measure was taken")]


@blueprint.route("/<int:referral_id>/wellbeing/<instrument>", methods=["GET", "POST"])
def wellbeing(referral_id: int, instrument: str):
    """Record one measure with an instrument this service uses (others are 404s)."""
    referral = _referral(referral_id)
    if instrument not in measures.enabled_instruments():
        abort(404)
    form = measure_form(instrument)
    if not form.is_submitted():
        audit.record("referral.viewed", referral, page="wellbeing")
        return _page("outcomes/wellbeing.html", referral, form)
    _workable(referral)
    if not form.validate():
        return _page("outcomes/wellbeing.html", referral, form)
    try:
        measures.record_measure(
            referral,
            current_user._get_current_object(),
            instrument,
            form.stage.data,
            form.taken_day,
            **form.scores(),
        )
    except (measures.MeasureRefused, scales.ScoreOutOfRange) as error:
        _measure_problem(form, error)
        return _page("outcomes/wellbeing.html", referral, form)
    flash(_("Wellbeing measure recorded"))
    return redirect(_case(referral, "#wellbeing"))
