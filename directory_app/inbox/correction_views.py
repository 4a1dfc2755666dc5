"""Correcting a person's details on their case."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.inbox import corrections
from directory_app.inbox.intake_forms import CorrectionForm
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("corrections", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


@blueprint.route("/<int:referral_id>/correct", methods=["GET", "POST"])
def correct(referral_id: int):
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.anonymised_at is not None:
        abort(404)
    form = CorrectionForm(data=CorrectionForm.data_from(referral))
    if not form.is_submitted():
        audit.record("referral.viewed", referral, page="correct")
        return render_template("inbox/correct.html", form=form, referral=referral)
    if not form.validate():
        return render_template("inbox/correct.html", form=form, referral=referral)
    changed = corrections.correct(
        referral,
        form.corrected_values(),
        current_user._get_current_object(),
        confirmed_adult=bool(form.confirmed_adult.data),
    )
    flash(_("Details corrected") if changed else _("Nothing was changed"))
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))
