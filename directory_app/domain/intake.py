""" "Taking new people?": what a resident is told about whether a group has room.

A group says its listing is open (the default), has a waiting list (with a typical wait),
is full, or takes people by referral only, and the date it said so is kept. Anything but
"open" is a claim that goes out of date quickly, so it is shown only while the group has
said it within ``INTAKE_STALE_DAYS``; after that residents are told to ask the group rather
than be told a group is full that may have had space for weeks. ``shown_intake`` is the one
place that decides it: cards, pages, the search filter and its order all follow it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

from directory_app.domain.dates import local_today

OPEN = "open"
WAITING_LIST = "waiting_list"
FULL = "full"
REFERRAL_ONLY = "referral_only"
# Not a state a group sets: what a stale claim is shown as.
ASK = "ask"
DEFAULT_STALE_DAYS = 60
# A typical wait, in weeks: only with a waiting list.
MIN_WAIT_WEEKS = 1
MAX_WAIT_WEEKS = 52

# What a group chooses between (the waiting list's label on a form has no number yet).
CHOICE_LABELS = {
    OPEN: _l("Taking new people"),
    WAITING_LIST: _l("Waiting list"),
    FULL: _l("Full at the moment"),
    REFERRAL_ONLY: _l("By referral only"),
}
_SHOWN_LABELS = {
    OPEN: CHOICE_LABELS[OPEN],
    FULL: CHOICE_LABELS[FULL],
    REFERRAL_ONLY: CHOICE_LABELS[REFERRAL_ONLY],
    ASK: _l("Ask the group whether there is space"),
}


def stale_days() -> int:
    """How many days a state other than "open" is shown after the group last said it."""
    if has_app_context():
        return int(current_app.config.get("INTAKE_STALE_DAYS", DEFAULT_STALE_DAYS))
    return DEFAULT_STALE_DAYS


def fresh_since(today: date) -> date:
    """A state confirmed on or after this day is still shown."""
    return today - timedelta(days=stale_days())


@dataclass(frozen=True)
class ShownIntake:
    """What a resident sees: one of the group's states, or ``ASK`` for a stale one."""

    state: str
    wait_weeks: int | None = None

    @property
    def taking_new_people(self) -> bool:
        return self.state == OPEN

    @property
    def text(self) -> str:
        """In words, in the page's language."""
        if self.state == WAITING_LIST:
            if not self.wait_weeks:
                return str(CHOICE_LABELS[WAITING_LIST])
            return ngettext(
                "Waiting list — usually about %(num)d week",
                "Waiting list — usually about %(num)d weeks",
                self.wait_weeks,
            )
        return str(_SHOWN_LABELS[self.state])

    @property
    def html(self) -> Markup:
        """As ``text``, with the number of weeks in its own ``<bdi>`` (right-to-left pages)."""
        escaped = str(escape(self.text))
        if self.state == WAITING_LIST and self.wait_weeks:
            number = str(self.wait_weeks)
            escaped = escaped.replace(number, f"<bdi>{number}</bdi>", 1)
        return Markup(escaped)  # noqa: S704 - escaped above; the number is an int


def shown_intake(activity, today: date) -> ShownIntake:
    """What the listing says about taking new people, as of ``today``: the group's own
    state while it is fresh (or "open", which never goes stale), else "ask the group"."""
    state = activity.intake or OPEN
    if state == OPEN:
        return ShownIntake(OPEN)
    confirmed = activity.intake_confirmed_on
    if confirmed is None or confirmed < fresh_since(today):
        return ShownIntake(ASK)
    wait = activity.intake_wait_weeks if state == WAITING_LIST else None
    return ShownIntake(state, wait)


def shown_today(activity) -> ShownIntake:
    """``shown_intake`` as of today where the deployment is (templates' ``|intake_shown``:
    result cards are cached per day, so a card never outlives the day it was made for)."""
    return shown_intake(activity, local_today())
