"""Telling a consumer that syncs the feed that a listing has been withdrawn.

Listings are never deleted: they leave the public directory by being paused or archived by
their group, or by going unconfirmed for 15 months (``domain.freshness``). A plain list of
services shows only what is public, so a consumer that copies the feed would keep showing a
withdrawn listing for ever. So ``/services?modified_after=T`` also returns every listing
withdrawn since T, carrying only ``id``, ``name``, ``status`` and ``last_modified``:

- archived ("stopped for good") is ``defunct``;
- paused ("paused for now") is ``temporarily closed``;
- hidden for being unconfirmed is ``inactive`` (nobody knows whether it still runs), with
  ``last_modified`` the moment it was hidden (the start of that day, local time) if that is
  later than its last edit: hiding is a change even though no row was written.

A consumer deletes or marks such ids, and adds or updates the ``active`` ones. Drafts were
never public, so they are never mentioned. A listing made public again comes back as
``active`` with the ``last_modified`` of that change.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, or_

from directory_app.domain.dates import add_months, aware
from directory_app.domain.freshness import HIDDEN_MONTHS, confirmed_on, hidden_on_or_before
from directory_app.models import Activity

STATUS_FOR = {"archived": "defunct", "paused": "temporarily closed"}
UNCONFIRMED = "inactive"


def _local_date(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def withdrawn_since(moment: datetime, today: date):
    """SQL: listings withdrawn at or after ``moment`` (UTC) and still withdrawn today."""
    return or_(
        and_(Activity.status.in_(tuple(STATUS_FOR)), Activity.updated_at >= moment),
        and_(
            Activity.status == "published",
            Activity.hidden_from_public_on(today),
            or_(
                Activity.updated_at >= moment,
                # Public on the day of ``moment``, hidden now: it was hidden since.
                ~Activity.hidden_from_public_on(_local_date(moment)),
            ),
        ),
    )


def withdrawn_status(activity: Activity, today: date) -> str | None:
    """The feed status of a withdrawn listing, or None while it is public (or a draft)."""
    if activity.status in STATUS_FOR:
        return STATUS_FOR[activity.status]
    if activity.status == "published" and activity.hidden_from_public_on(today):
        return UNCONFIRMED
    return None


def hidden_on(activity: Activity) -> date:
    """The first day a listing is (or will be) hidden for being unconfirmed."""
    confirmed = confirmed_on(activity)
    day = add_months(confirmed, HIDDEN_MONTHS)
    # Months are clamped at their ends (30 November + 15 months is 28 February, when it is
    # not yet hidden), so the first hidden day can be a few days later.
    while confirmed > hidden_on_or_before(day):
        day += timedelta(days=1)
    return day


def last_modified(activity: Activity, today: date) -> datetime:
    """When the listing, as the feed shows it, last changed (UTC, timezone-aware)."""
    edited = aware(activity.updated_at).astimezone(UTC)
    if withdrawn_status(activity, today) != UNCONFIRMED:
        return edited
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    hidden = datetime.combine(hidden_on(activity), time.min, tzinfo=zone).astimezone(UTC)
    return max(edited, hidden)
