"""Reports from the public that a listing is wrong: stored, then sent to the people who keep
the group's listings (``keepers``), and answered by a moderator when the reporter asked."""

from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_language_choices, page_locale
from directory_app.i18n.locale import available_locales
from directory_app.listings.keepers import Recipient, listing_recipients
from directory_app.models import ProblemReport, ProblemReportNote
from directory_app.web.forms import DirectoryForm, HoneypotForm, email_format
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


def record_report(activity, form: ProblemReportForm, language: str) -> ProblemReport:
    """Store the report and queue an email to each keeper (the request commits).

    ``language`` is the locale of the page the report was made on: the reporter read the
    listing in it, so a moderator's reply is offered in it first."""
    report = ProblemReport(
        activity=activity,
        kind=form.kind.data,
        details=(form.details.data or "").strip(),
        reply_email=(form.reply_email.data or "").strip().lower(),
        language=language,
    )
    db.session.add(report)
    db.session.flush()
    audit.record(
        "listing.problem_reported", activity, actor=None, report_id=report.id, kind=report.kind
    )
    for recipient in listing_recipients(activity):
        _tell_the_group(report, recipient)
    return report


def _tell_the_group(report: ProblemReport, recipient: Recipient) -> None:
    activity = report.activity
    language = recipient.locale
    with force_locale(language):
        body = _(
            "Someone using the directory told us: {kind}.\n\n{details}\n\n"
            "Your listing: {link}\nPlease reply to this email with any changes, or "
            "confirm it is still right.\n"
        ).format(
            kind=KIND_LABELS[report.kind],
            details=report.details or _("(No details given.)"),
            link=absolute_url("directory.activity", language=language, activity_id=activity.id),
        )
        if recipient.has_account:
            body += "\n" + _("Change it or confirm it from your group's page: {link}\n").format(
                link=absolute_url(
                    "my_groups.edit_activity", language=language, activity_id=activity.id
                )
            )
        subject = _("Someone reported a problem with your listing: {title}").format(
            title=activity.title
        )
    mail.queue(recipient.address, subject, body)


def waiting_reports() -> list[ProblemReport]:
    """The reports nobody has dealt with yet, oldest first, with their notes loaded."""
    return list(
        db.session.scalars(
            select(ProblemReport)
            .where(ProblemReport.resolved_at.is_(None))
            .options(selectinload(ProblemReport.notes))
            .order_by(ProblemReport.id)
        )
    )


def replies_sent(reports) -> dict[int, datetime]:
    """When each of these reports was last answered, by report id (absent: never).

    Read from the audit log, which records every reply (against the listing, without the
    address), so no column has to say the same thing a second time."""
    wanted = {report.id for report in reports}
    if not wanted:
        return {}
    events = db.session.execute(
        select(audit.AuditEvent.at, audit.AuditEvent.detail)
        .where(
            audit.AuditEvent.action == "listing.problem_replied",
            audit.AuditEvent.subject_type == "Activity",
            audit.AuditEvent.subject_id.in_({report.activity_id for report in reports}),
        )
        .order_by(audit.AuditEvent.id)
    )
    sent = {}
    for at, detail in events:
        report_id = (detail or {}).get("report_id")
        if report_id in wanted:
            sent[report_id] = at  # in id order, so the last one wins
    return sent


NOTE_LENGTH = 1000


class ProblemNoteForm(DirectoryForm):
    """A moderator's note on a report: what they checked, whom they asked."""

    note = TextAreaField(
        _l("Add a note"),
        validators=[
            DataRequired(_l("Enter a note")),
            Length(max=NOTE_LENGTH, message=_l("Your note must be 1000 characters or fewer")),
        ],
    )


def add_note(report: ProblemReport, text: str, actor) -> ProblemReportNote:
    """Keep a moderator's note with the report, shown under it newest last; audited
    without its text, which may name people (the request commits)."""
    note = ProblemReportNote(author_id=actor.id, text=text.strip()[:NOTE_LENGTH])
    report.notes.append(note)
    db.session.flush()
    audit.record(
        "listing.problem_noted", report.activity, actor=actor, report_id=report.id, note_id=note.id
    )
    return note


def resolve_report(report: ProblemReport, actor) -> None:
    report.resolved_at = datetime.now(UTC)
    report.resolved_by_id = actor.id
    report.reply_email = ""  # only needed until someone has dealt with it
    audit.record("listing.problem_resolved", report.activity, actor=actor, report_id=report.id)


REPLY_LENGTH = 2000


class ProblemReplyForm(DirectoryForm):
    """A moderator's answer to the person who reported a problem."""

    language = SelectField(_l("Language of the email"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Your reply"),
        validators=[
            DataRequired(_l("Enter your reply")),
            Length(
                max=REPLY_LENGTH,
                message=_l("Your reply must be 2000 characters or fewer"),
            ),
        ],
    )

    def __init__(self, *args, report: ProblemReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # As SelectChoice: the form macros read each option's .value and .label.
        self.language.choices = [
            SelectChoice(locale, name) for locale, name in email_language_choices()
        ]
        if self.language.data is None:
            self.language.data = reply_language(report)


def reply_language(report: ProblemReport | None) -> str:
    """The language a reply is offered in first: the page the report was made on, when we
    ship that language, else the moderator's own page language."""
    if report is not None and report.language in available_locales():
        return report.language
    return page_locale()


class CannotReply(Exception):
    """The report has no address to reply to (none given, or blanked once dealt with)."""


def reply_to_reporter(report: ProblemReport, form: ProblemReplyForm, actor) -> None:
    """Queue the moderator's reply through the outbox, sent from the service's own address
    with its links under ``PUBLIC_URL``; audited without the address (the request commits)."""
    if not report.reply_email:
        raise CannotReply()
    activity = report.activity
    language = form.language.data
    with force_locale(language):
        subject = _("About the problem you reported with {title}").format(title=activity.title)
        body = _(
            'Thank you for telling us about a problem with the listing "{title}".\n\n'
            "{message}\n\nThe listing: {link}\n"
        ).format(
            title=activity.title,
            message=form.message.data.strip(),
            link=absolute_url("directory.activity", language=language, activity_id=activity.id),
        )
    if mail.queue(report.reply_email, subject, body) is None:
        raise CannotReply()
    audit.record(
        "listing.problem_replied", activity, actor=actor, report_id=report.id, language=language
    )
