"""Reports from the public that a listing is wrong: stored, then sent to the group."""

from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import group_email_locale
from directory_app.models import ProblemReport
from directory_app.web.forms import HoneypotForm, email_format
from directory_app.web.links import absolute_url

KIND_LABELS = {
    "stopped": _l("It has stopped running"),
    "wrong_time_or_place": _l("The time or place is wrong"),
    "something_else": _l("Something else is wrong"),
}


class ProblemReportForm(HoneypotForm):
    kind = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(code, label) for code, label in KIND_LABELS.items()],
        validators=[DataRequired(_l("Select what is wrong"))],
    )
    details = TextAreaField(
        _l("Tell us more (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("What you tell us must be 1000 characters or fewer")),
        ],
    )
    reply_email = StringField(
        _l("Your email address, if you would like a reply (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            email_format,
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        # Checked here: Optional() stops per-field checks when the box is empty.
        valid = super().validate(extra_validators)
        if self.kind.data == "something_else" and not (self.details.data or "").strip():
            self.details.errors = [*self.details.errors, _l("Tell us what is wrong")]
            return False
        return valid


def record_report(activity, form: ProblemReportForm) -> ProblemReport:
    """Store the report and queue an email to the group (the request commits)."""
    report = ProblemReport(
        activity=activity,
        kind=form.kind.data,
        details=(form.details.data or "").strip(),
        reply_email=(form.reply_email.data or "").strip().lower(),
    )
    db.session.add(report)
    db.session.flush()
    audit.record(
        "listing.problem_reported", activity, actor=None, report_id=report.id, kind=report.kind
    )
    to_address = activity.organisation.email or activity.contact_email
    if to_address:
        language = group_email_locale(activity.organisation)
        with force_locale(language):
            mail.queue(
                to_address,
                _("Someone reported a problem with your listing: {title}").format(
                    title=activity.title
                ),
                _(
                    "Someone using the directory told us: {kind}.\n\n{details}\n\n"
                    "Your listing: {link}\nPlease reply to this email with any changes, or "
                    "confirm it is still right.\n"
                ).format(
                    kind=KIND_LABELS[report.kind],
                    details=report.details or _("(No details given.)"),
                    link=absolute_url(
                        "directory.activity", language=language, activity_id=activity.id
                    ),
                ),
            )
    return report


def resolve_report(report: ProblemReport, actor) -> None:
    report.resolved_at = datetime.now(UTC)
    report.resolved_by_id = actor.id
    report.reply_email = ""  # only needed until someone has dealt with it
    audit.record("listing.problem_resolved", report.activity, actor=actor, report_id=report.id)
