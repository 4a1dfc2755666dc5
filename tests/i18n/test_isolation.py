"""Numbers and other languages' text kept apart from the page's words.

In a right-to-left page the Unicode bidi algorithm reorders runs of digits and Latin
letters around the page's own words: "07700 900123" reads "900123 07700" and "9:30 AM–11:00
AM" reads "AM–11:00 AM 9:30" unless each is isolated (``<bdi>`` or an element with ``dir``).
Text a group wrote in its own language carries that language, so screen readers use the
right voice and full stops land on the right side.
"""

import html as html_text
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from babel import Locale
from babel.dates import format_time
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain import schedules
from directory_app.models import Activity, ActivityTranslation, Referral, Venue
from tests.referrals.helpers import (
    BUDDY,
    SELF_REFERRAL,
    errors,
    start,
    valid_buddy,
    valid_self_referral,
)

# Right to left (Arabic script, with Arabic and with Latin AM/PM), and left to right.
LANGUAGES = ["ar", "ur", "pl"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Text in these is not laid out in the page's flow.
NOT_PAGE_TEXT = {"title", "script", "style", "option", "textarea"}


class Node:
    def __init__(self, tag: str, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def lineage(self):
        node = self
        while node is not None:
            yield node
            node = node.parent


class Tree(HTMLParser):
    """The page as elements, and each piece of text with the element it is in."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)
        self.texts: list[tuple[str, Node]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)
        if not any(node.tag in NOT_PAGE_TEXT for node in self.current.lineage()):
            self.texts.append((data, self.current))

    def elements(self, node=None):
        for child in (node or self.root).children:
            if isinstance(child, Node):
                yield child
                yield from self.elements(child)


def _squashed(text: str) -> str:
    return " ".join(text.split())


def _isolating(node: Node) -> bool:
    # <html dir="rtl"> sets the page's direction; it isolates nothing from the page's words.
    return node.tag == "bdi" or ("dir" in node.attrs and node.tag != "html")


def _direction(node: Node) -> str:
    return node.attrs.get("dir") or "auto"


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def assert_isolated(html: str, value: str, directions: set[str] | None = None) -> None:
    """Wherever ``value`` is in the page's text, it is the whole of an isolating element's
    text, laid out in one of ``directions`` (left to right for phones, postcodes and
    references; for times, their own direction: Arabic's "9:30 ص" reads from the right)."""
    if directions is None:
        directions = {"rtl", "auto"} if _right_to_left(value) else {"ltr"}
    found, wrong = 0, []
    for data, parent in Tree(html).texts:
        for _ in range(data.count(value)):
            found += 1
            isolator = next((node for node in parent.lineage() if _isolating(node)), None)
            if isolator is None:
                wrong.append(f"not isolated: {_squashed(parent.text())!r}")
            elif _squashed(isolator.text()) != value:
                wrong.append(f"isolated with other text: {_squashed(isolator.text())!r}")
            elif _direction(isolator) not in directions:
                wrong.append(f"dir={_direction(isolator)!r} around {value!r}")
    assert found, f"{value!r} is not on the page"
    assert wrong == []


def assert_marked(html: str, text: str, language: str) -> None:
    """``text`` is the whole of an element marked with its language and a direction."""
    found, wrong = 0, []
    for data, parent in Tree(html).texts:
        if text not in data:
            continue
        found += 1
        marked = next((node for node in parent.lineage() if "lang" in node.attrs), None)
        if marked is None or marked.attrs["lang"] != language:
            wrong.append(f"{text!r} is in lang={marked.attrs.get('lang') if marked else None!r}")
        elif _squashed(marked.text()) != _squashed(text):
            wrong.append(f"lang={language!r} also covers {_squashed(marked.text())!r}")
        elif marked.attrs.get("dir") not in ("ltr", "auto"):
            wrong.append(f"{text!r} has dir={marked.attrs.get('dir')!r}")
    assert found, f"{text!r} is not on the page"
    assert wrong == []


def time_ranges(activity, language: str) -> list[str]:
    """An activity's session times as a page in ``language`` writes them."""
    locale = Locale.parse(language)
    return sorted(
        {
            f"{format_time(slot.start, 'short', locale=locale)}–"
            f"{format_time(slot.end, 'short', locale=locale)}"
            for slot in schedules.timetable_for(activity).slots
        }
    )


@pytest.fixture
def listing(app):
    """A published listing at a venue with a phone, sessions, and notes of every kind, in
    English (the seed data's language), and its times as each language writes them."""
    with app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .join(Venue, Activity.venue_id == Venue.id)
            .where(
                Activity.status == "published",
                Activity.contact_phone != "",
                Activity.schedule_notes != "",
                Activity.cost_notes != "",
                Venue.getting_there != "",
                Venue.accessibility_detail != "",
            )
            .order_by(Activity.id)
        )
        assert activity.text_language == "en" and activity.schedules
        venue = activity.venue
        return {
            "id": activity.id,
            "venue_id": venue.id,
            "phone": activity.contact_phone,
            "postcode": venue.postcode,
            "notes": [activity.schedule_notes, activity.cost_notes],
            "venue_notes": [venue.getting_there, venue.accessibility_detail],
            "times": {language: time_ranges(activity, language) for language in LANGUAGES},
        }


def _translated(app, key_start: str, language: str) -> dict:
    """A listing with a translated title in ``language``, its English and translated titles
    and its times in that language."""
    with app.app_context():
        activity, translation = db.session.execute(
            select(Activity, ActivityTranslation)
            .join(ActivityTranslation, ActivityTranslation.activity_id == Activity.id)
            .where(
                Activity.key.like(f"{key_start}%"),
                Activity.status == "published",
                ActivityTranslation.language == language,
            )
            .order_by(Activity.id)
        ).first()
        return {
            "id": activity.id,
            "title": activity.title,
            "translated": translation.title,
            "times": time_ranges(activity, language),
        }


# --- Results, activity and venue pages -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_on_result_cards_are_isolated(app, client, language):
    coffee = _translated(app, "coffee-morning-", language)
    html = client.get(f"/{language}/search?q=coffee").get_data(as_text=True)
    assert coffee["translated"] in html
    for times in coffee["times"]:
        # In the card's "When" and in its "Next:" line.
        assert_isolated(html, times)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cached_cards_keep_their_isolation(app, client, language):
    """The second page is served from the card cache, with the next session put in."""
    coffee = _translated(app, "coffee-morning-", language)
    client.get(f"/{language}/search?q=coffee")
    html = client.get(f"/{language}/search?q=coffee").get_data(as_text=True)
    for times in coffee["times"]:
        assert_isolated(html, times)
    assert "\x00" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_postcode_and_times_on_an_activity_page_are_isolated(client, listing, language):
    html = client.get(f"/{language}/activities/{listing['id']}").get_data(as_text=True)
    assert_isolated(html, listing["phone"], {"ltr"})
    assert_isolated(html, listing["postcode"], {"ltr"})
    for times in listing["times"][language]:
        # In "When" and in each of the next dates.
        assert_isolated(html, times)


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_on_venue_and_organisation_pages_are_isolated(app, client, listing, language):
    with app.app_context():
        organisation_id = db.session.get(Activity, listing["id"]).organisation_id
    for path in (f"/venues/{listing['venue_id']}", f"/organisations/{organisation_id}"):
        html = client.get(f"/{language}{path}").get_data(as_text=True)
        assert_isolated(html, listing["times"][language][0])
    venue = client.get(f"/{language}/venues/{listing['venue_id']}").get_data(as_text=True)
    assert_isolated(venue, listing["postcode"], {"ltr"})


# --- Notes the group wrote ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_english_notes_on_a_right_to_left_page_are_marked_english(client, listing, language):
    html = client.get(f"/{language}/activities/{listing['id']}").get_data(as_text=True)
    for note in listing["notes"] + listing["venue_notes"]:
        assert_marked(html, note, "en")
    venue = client.get(f"/{language}/venues/{listing['venue_id']}").get_data(as_text=True)
    for note in listing["venue_notes"]:
        assert_marked(venue, note, "en")


def test_notes_in_the_page_language_are_not_marked(client, listing):
    html = client.get(f"/activities/{listing['id']}").get_data(as_text=True)
    tree = Tree(html)
    marked = [_squashed(node.text()) for node in tree.elements() if node.attrs.get("lang") == "en"]
    for note in listing["notes"] + listing["venue_notes"]:
        assert note in html and _squashed(note) not in marked


def test_schedule_notes_standing_in_for_times_are_marked(app, client, listing):
    """A listing by appointment has no sessions: its notes say when, in the group's words,
    on its result card and on its group's and venue's lists."""
    with app.app_context():
        activity = db.session.get(Activity, listing["id"])
        activity.schedules.clear()
        activity.schedule_notes = "By appointment: call 01922 650 000"
        activity.content_version += 1
        organisation_id = activity.organisation_id
        title = activity.title
        commit()
    for path in (
        f"/organisations/{organisation_id}",
        f"/venues/{listing['venue_id']}",
        f"/search?{urlencode({'q': title})}",
    ):
        html = client.get(f"/ur{path}").get_data(as_text=True)
        assert_marked(html, "By appointment: call 01922 650 000", "en")


# --- The forms, check your answers, and the confirmation -------------------------------


def _buddy_session_choice(client, language: str, activity_id: int) -> str:
    html = client.get(f"/{language}{BUDDY}?activity={activity_id}").get_data(as_text=True)
    values = re.findall(r'<option value="([^"]+)"', html)
    assert values, "the buddy form offers no sessions"
    return html_text.unescape(values[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_answers_isolates_phone_and_postcode(client, language):
    path = f"/{language}{SELF_REFERRAL}"
    answers = valid_self_referral(phone="07700 900123")
    data = start(client, path) | answers | {"step": "check"}
    html = client.post(path, data=data).get_data(as_text=True)
    assert 'value="send"' in html, errors(html)
    assert_isolated(html, "07700 900123", {"ltr"})
    assert_isolated(html, "E8 1AG", {"ltr"})
    assert_isolated(html, "ann@example.com", {"ltr"})
    # What the person typed reads in its own direction.
    assert_isolated(html, "Ann Example", {"auto"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_answers_isolates_the_times_of_the_hoped_for_session(app, client, language):
    coffee = _translated(app, "coffee-morning-", language)
    path = f"/{language}{BUDDY}"
    choice = _buddy_session_choice(client, language, coffee["id"])
    data = start(client, path, coffee["id"]) | valid_buddy(hoped_session=choice)
    html = client.post(path, data=data | {"step": "check"}).get_data(as_text=True)
    assert 'value="send"' in html, errors(html)
    assert_isolated(html, "07700 900123", {"ltr"})
    [times] = [each for each in coffee["times"] if each in choice]
    assert_isolated(html, times)


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_the_buddy_forms_session_menu_isolates_dates_and_times(app, client, language):
    """An <option> cannot hold a <bdi>: its date and times sit between Unicode isolates,
    while the answer kept (the option's value) is the plain words."""
    coffee = _translated(app, "coffee-morning-", language)
    html = client.get(f"/{language}{BUDDY}?activity={coffee['id']}").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', html)
    sessions = [(value, label) for value, label in options if value and "\u2068" in label]
    assert sessions, "no session in the menu is isolated"
    value, label = (html_text.unescape(part) for part in sessions[0])
    assert "\u2068" not in value
    [times] = [each for each in coffee["times"] if each in value]
    assert f"\u2068{times}\u2069" in label


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirmation_isolates_the_reference_and_phone(app, client, language):
    path = f"/{language}{SELF_REFERRAL}"
    data = start(client, path) | valid_self_referral() | {"step": "send"}
    assert client.post(path, data=data).status_code == 302
    html = client.get(f"/{language}/get-help/sent").get_data(as_text=True)
    with app.app_context():
        reference = db.session.scalar(select(Referral.reference))
    assert_isolated(html, reference, {"ltr"})
    assert_isolated(html, app.config["SERVICE_PHONE"], {"ltr"})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form", [SELF_REFERRAL, BUDDY])
def test_forms_name_the_activity_by_its_translated_title(app, client, language, form):
    coffee = _translated(app, "coffee-morning-", language)
    html = client.get(f"/{language}{form}?activity={coffee['id']}").get_data(as_text=True)
    tree = Tree(html)
    [notice] = [node for node in tree.elements() if "notice" in node.attrs.get("class", "")]
    assert coffee["translated"] in notice.text()
    assert coffee["title"] not in html
    title = next(
        node
        for node in tree.elements()
        if node.parent is notice and _squashed(node.text()) == _squashed(coffee["translated"])
    )
    # In the page's language: it needs no lang of its own, and keeps to its direction.
    assert "lang" not in title.attrs and _isolating(title)


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_forms_mark_an_untranslated_title_with_its_language(app, client, language):
    with app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.key.like("men-in-sheds-%"), Activity.status == "published")
            .order_by(Activity.id)
        )
        assert not any(row.language == language for row in activity.translations)
        activity_id, title = activity.id, activity.title
    for form in (SELF_REFERRAL, BUDDY):
        html = client.get(f"/{language}{form}?activity={activity_id}").get_data(as_text=True)
        assert_marked(html, title, "en")


def test_buddy_form_fills_in_the_translated_title(app, client):
    coffee = _translated(app, "coffee-morning-", "ur")
    html = client.get(f"/ur{BUDDY}?activity={coffee['id']}").get_data(as_text=True)
    field = next(node for node in Tree(html).elements() if node.attrs.get("id") == "activity_name")
    assert field.attrs["value"] == coffee["translated"]
