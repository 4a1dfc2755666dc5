"""Result cards, rendered once per listing version and language, then reused.

A card shows what a listing says (title, group, summary, times, place, cost, access) and two
things that depend on the moment and the search: the next session and the distance. The
first part is rendered from the database once, for the listing's ``content_version`` (which
goes up with any change to the listing, its venue or its group), the page's language and
the day (after a year unconfirmed a card says it may be out of date); the moment's two lines
are put in for each page. Loading ten listings through the ORM and rendering their cards
was half of a results page; a card seen before now costs one query for the versions and a
dictionary lookup.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from directory_app.core.extensions import db
from directory_app.domain import schedules
from directory_app.i18n.formatting import distance_from_place_in_html, session_in_html
from directory_app.i18n.page_language import page_locale
from directory_app.models import Activity

# Stand-ins in a cached card, replaced by each page's next session and distance.
NEXT = "\x00next\x00"
DISTANCE = "\x00distance\x00"


@dataclass(frozen=True)
class Card:
    html: str
    timetable: schedules.Timetable


@dataclass
class ResultRow:
    """A listing on a results page: its card, and what the page needs to know about it."""

    activity_id: int
    distance_miles: float | None
    next_session: schedules.Session | None
    html: Markup


class CardCache:
    """The most recently used cards of this process (a bounded LRU, safe across threads)."""

    def __init__(self, size: int):
        self.size = size
        self._cards: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            card = self._cards.get(key)
            if card is not None:
                self._cards.move_to_end(key)
            return card

    def put(self, key, card: Card) -> None:
        with self._lock:
            self._cards[key] = card
            self._cards.move_to_end(key)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()


def _cards() -> CardCache:
    """This app's cards (one cache per app: tests build many apps in one process)."""
    return current_app.extensions.setdefault(
        "result_cards", CardCache(current_app.config.get("RESULT_CARDS_CACHED", 4000))
    )


def result_rows(hits, now: datetime, place: str = "") -> list[ResultRow]:
    """The cards for search hits, in the hits' order, leaving out any listing that is no
    longer published (the index can lag the database by a moment). ``place`` names where
    distances are measured from ("" for the visitor's own location)."""
    ids = [hit.activity_id for hit in hits]
    if not ids:
        return []
    versions = dict(
        db.session.execute(
            select(Activity.id, Activity.content_version).where(
                Activity.id.in_(ids), Activity.status == "published"
            )
        ).all()
    )
    locale, today, cards = str(page_locale()), now.date(), _cards()
    keys = {id_: (id_, version, locale, today) for id_, version in versions.items()}
    missing = [activity_id for activity_id, key in keys.items() if cards.get(key) is None]
    if missing:
        _render(cards, missing, keys, today)
    rows = []
    for hit in hits:
        key = keys.get(hit.activity_id)
        card = cards.get(key) if key else None
        if card is None:
            continue
        upcoming = schedules.upcoming_sessions(card.timetable, now, count=1)
        next_session = upcoming[0] if upcoming else None
        html = card.html.replace(NEXT, _next_line(next_session)).replace(
            DISTANCE, _distance_line(hit.distance_miles, place)
        )
        # The card was rendered by Jinja (escaped) and the two lines escape what they add
        # (the next session's <bdi> elements are made by session_in_html, which escapes).
        card_html = Markup(html)  # noqa: S704
        rows.append(ResultRow(hit.activity_id, hit.distance_miles, next_session, card_html))
    return rows


def _render(cards: CardCache, activity_ids: list[int], keys: dict, today) -> None:
    macro = current_app.jinja_env.get_template("directory/_macros.html").module.result_card
    activities = db.session.scalars(
        select(Activity)
        .where(Activity.id.in_(activity_ids))
        # The card shows neither; loading them was two of the eight statements. (It shows
        # the languages spoken, when one is not English.)
        .options(lazyload(Activity.categories), lazyload(Activity.audiences))
    )
    for activity in activities:
        html = macro(
            activity,
            may_be_out_of_date=activity.may_be_out_of_date_on(today),
            next_line=Markup(NEXT),  # noqa: S704 - a constant stand-in
            distance_line=Markup(DISTANCE),  # noqa: S704 - a constant stand-in
        )
        cards.put(keys[activity.id], Card(str(html), schedules.timetable_for(activity)))


def _next_line(session) -> str:
    if session is None:
        return ""
    # The date and the times each in a <bdi>, as in the card's "When" (session_in_html).
    text = escape(_("Next: {when}")).format(when=session_in_html(session))
    return f'<br><span class="muted">{text}</span>'


def _distance_line(miles: float | None, place: str) -> str:
    if miles is None:
        return ""
    return f"<br><strong>{distance_from_place_in_html(miles, place)}</strong>"
