"""How a group answers onward referrals, for its listings: "Usually replies within 3 days".

Said only once there are enough answers to mean something (``ENOUGH``, in the last year),
so one slow week never labels a small group. One query per group, kept for the request.
"""

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import OnwardReferral

ENOUGH = 5
PERIOD = timedelta(days=365)
ACCEPTED = ("accepted", "contacted", "attending", "stopped")


@dataclass(frozen=True)
class ReplyTime:
    """The median days from sent to answered (rounded up), and how many were accepted."""

    days: int
    answered: int
    accepted: int

    @property
    def reply_sentence(self) -> str:
        if self.days == 0:
            return _("Usually replies the same day")
        return ngettext(
            "Usually replies within %(num)d day", "Usually replies within %(num)d days", self.days
        )

    @property
    def acceptance_sentence(self) -> str:
        in_five = round(5 * self.accepted / self.answered)
        if in_five >= 5:
            return _("Accepts most referrals")
        if in_five == 0:
            return _("Accepts few referrals")
        return ngettext("Accepts %(num)d in 5 referrals", "Accepts %(num)d in 5 referrals", in_five)


def reply_time(organisation_id: int, now: datetime | None = None) -> ReplyTime | None:
    """The group's reply time and acceptance over the last 12 months; None below ``ENOUGH``."""
    now = now or datetime.now(UTC)
    rows = db.session.execute(
        select(OnwardReferral.sent_at, OnwardReferral.answered_at, OnwardReferral.status).where(
            OnwardReferral.organisation_id == organisation_id,
            OnwardReferral.answered_at.is_not(None),
            OnwardReferral.answered_at >= now - PERIOD,
            OnwardReferral.status.in_((*ACCEPTED, "declined")),
        )
    ).all()
    if len(rows) < ENOUGH:
        return None
    # Calendar days where the service is: answered the day it was sent is 0, "the same day".
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    waits = [
        (aware(answered).astimezone(zone).date() - aware(sent).astimezone(zone).date()).days
        for sent, answered, _status in rows
    ]
    return ReplyTime(
        days=max(0, math.ceil(statistics.median(waits))),
        answered=len(rows),
        accepted=sum(1 for _sent, _answered, status in rows if status in ACCEPTED),
    )


def reply_time_for(organisation) -> ReplyTime | None:
    """For templates: the organisation's reply time, worked out once per request."""
    if organisation is None:
        return None
    cache = g.setdefault("onward_reply_times", {})
    if organisation.id not in cache:
        cache[organisation.id] = reply_time(organisation.id)
    return cache[organisation.id]
