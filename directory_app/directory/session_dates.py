"""The dates an activity page lists: its next sessions, with those cancelled among them.

``schedules.upcoming_sessions`` leaves cancelled dates out, as "next session" must. A
resident who knows the group meets on Tuesdays needs to see that this Tuesday's is off, and
why, so the page lists the cancelled ones too, in their places, each saying so in words.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from directory_app.domain import schedules


@dataclass(frozen=True)
class ListedSession:
    session: schedules.Session
    cancelled: bool = False
    reason: str = ""


def listed_sessions(activity, upcoming: list, now: datetime, asked_for: int = 5):
    """``upcoming`` (the next ``asked_for`` sessions, cancelled ones left out), with the
    activity's cancelled sessions that fall before the last of them put in their places.

    When ``upcoming`` is short of ``asked_for``, it holds every session still to come, and
    then every cancelled one still to come is listed too.
    """
    timetable = schedules.timetable_for(activity)
    to_come = [day for day in timetable.cancelled if day >= now.date()]
    if not to_come:
        return [ListedSession(session) for session in upcoming]
    reasons = {row.on_date: row.reason for row in activity.cancellations}
    # Each cancelled date takes away at most one session of each slot.
    enough = len(upcoming) + len(to_come) * max(1, len(timetable.slots))
    everything = schedules.upcoming_sessions(
        replace(timetable, cancelled=frozenset()), now, count=enough
    )
    complete = len(upcoming) < asked_for
    listed = [ListedSession(session) for session in upcoming]
    for session in everything:
        day = session.starts_at.date()
        if day in timetable.cancelled and (complete or session.starts_at < upcoming[-1].starts_at):
            listed.append(ListedSession(session, cancelled=True, reason=reasons.get(day, "")))
    return sorted(listed, key=lambda item: item.session.starts_at)
