"""Reminding groups to confirm their listings, and the signed one-click links in the emails.

``send_reminders`` is idempotent: a reminder row per listing, stage and confirmation date
means running it again (from cron, daily) sends nothing new. Confirming a listing starts a
new cycle, so the next reminder comes six months after that.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.domain.dates import months_old
from directory_app.domain.freshness import (
    FIRST_REMINDER_MONTHS,
    HIDDEN_MONTHS,
    MAY_BE_OUT_OF_DATE_MONTHS,
    SECOND_REMINDER_MONTHS,
    confirmed_on,
)
from directory_app.i18n.email_languages import group_email_locale
from directory_app.models import Activity, ListingReminder
from directory_app.models.public_ids import IMPORTED_KEY_PREFIX
from directory_app.web import signed_links
from directory_app.web.links import absolute_url

PURPOSE = "still_correct"


@dataclass
class ReminderReport:
    first_reminders: int = 0
    second_reminders: int = 0
    no_email_address: int = 0
    may_be_out_of_date: int = 0
    hidden: int = 0


def link_token(reminder: ListingReminder) -> str:
    return signed_links.sign(PURPOSE, reminder.token_id)


def reminder_for_link(token: str) -> ListingReminder:
    """The reminder a signed link belongs to; raise ``LinkNotUsable`` if it is not usable."""
    max_age = current_app.config["CONFIRM_LINK_DAYS"] * 86400
    return signed_links.find_usable(ListingReminder, token, PURPOSE, max_age_seconds=max_age)


def confirm_listing(reminder: ListingReminder, today: date) -> None:
    """Record that the group says the listing is still correct (the request commits)."""
    signed_links.use(reminder)
    reminder.activity.last_confirmed_on = today
    audit.record("listing.confirmed", reminder.activity, actor=None, via="reminder link")


def _recipient(activity: Activity) -> str:
    return activity.organisation.email or activity.contact_email or ""


def _queue_email(reminder: ListingReminder, to_address: str) -> None:
    activity = reminder.activity
    token = link_token(reminder)
    language = group_email_locale(activity.organisation)
    with force_locale(language):
        subject = _("Is your listing still correct? {title}").format(title=activity.title)
        body = _(
            "Hello {organisation},\n\n"
            'Your listing "{title}" was last checked on {checked}. People use it to decide '
            "whether to come along, so please tell us if it is still right.\n\n"
            "It is still correct: {confirm_link}\n"
            "Something has changed: {update_link}\n\n"
            "The links work for {days} days. Listings not confirmed for a year are marked "
            '"may be out of date", and after 15 months they are hidden from search.\n'
        ).format(
            organisation=activity.organisation.name,
            title=activity.title,
            checked=format_date(confirmed_on(activity), "long"),
            confirm_link=absolute_url("listings.confirm", language=language, token=token),
            update_link=absolute_url("listings.update", language=language, token=token),
            days=current_app.config["CONFIRM_LINK_DAYS"],
        )
    mail.queue(to_address, subject, body)


def send_reminders(today: date) -> ReminderReport:
    """Queue due reminders (flushes; the caller commits) and count stale listings."""
    report = ReminderReport()
    activities = db.session.scalars(
        select(Activity).where(
            Activity.status == "published",
            # Kept right by the directory they came from (re-importing its feed), whose
            # providers never asked us for email.
            ~Activity.key.startswith(IMPORTED_KEY_PREFIX),
        )
    ).all()
    sent = {
        (r.activity_id, r.stage_months, r.cycle_confirmed_on)
        for r in db.session.scalars(select(ListingReminder))
    }
    for activity in activities:
        since = confirmed_on(activity)
        age = months_old(since, today)
        if age >= HIDDEN_MONTHS:
            report.hidden += 1
        elif age >= MAY_BE_OUT_OF_DATE_MONTHS:
            report.may_be_out_of_date += 1
        stage = SECOND_REMINDER_MONTHS if age >= SECOND_REMINDER_MONTHS else FIRST_REMINDER_MONTHS
        if age < FIRST_REMINDER_MONTHS or (activity.id, stage, since) in sent:
            continue
        to_address = _recipient(activity)
        if not to_address:
            report.no_email_address += 1
            continue
        reminder = ListingReminder(
            activity=activity,
            stage_months=stage,
            cycle_confirmed_on=since,
            token_id=signed_links.new_token_id(),
        )
        db.session.add(reminder)
        _queue_email(reminder, to_address)
        if stage == FIRST_REMINDER_MONTHS:
            report.first_reminders += 1
        else:
            report.second_reminders += 1
    db.session.flush()
    return report
