"""Filling in the public forms as a resident would, through the test client."""

import re
import secrets
from html.parser import HTMLParser

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity

SELF_REFERRAL = "/get-help/talk-to-a-link-worker"
BUDDY = "/get-help/buddy"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
        rf'type="hidden" name="{name}" value="([^"]*)"', html
    )
    return match.group(1) if match else ""


def errors(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).replace("Error:", "").strip()
        for m in re.findall(r'class="error-message"[^>]*>(.*?)</p>', html, re.S)
    ]


def published_activity_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Activity.id)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
            .limit(1)
        )


def start(client, path: str, activity_id: int | None = None) -> dict:
    """Open the form; what a post of every answer at once needs with them. A resident's
    form keeps its submission token in the draft, so a script's post brings its own."""
    html = client.get(path + (f"?activity={activity_id}" if activity_id else "")).get_data(
        as_text=True
    )
    return {
        "csrf_token": hidden(html, "csrf_token"),
        "submission_token": hidden(html, "submission_token") or secrets.token_urlsafe(24),
        "activity_id": hidden(html, "activity_id") or (str(activity_id) if activity_id else ""),
    }


def valid_self_referral(**overrides) -> dict:
    data = {
        "full_name": "Ann Example",
        "preferred_name": "Annie",
        "dob_day": "14",
        "dob_month": "2",
        "dob_year": "1958",
        "postcode": "e8 1ag",
        "phone": "07700 900982",
        "email": "ann@example.com",
        "preferred_contact": "phone",
        "good_times": "Mornings",
        "may_leave_message": "y",
        "interpreter": "none",
        "language": "pl",
        "reasons": ["loneliness", "anxiety"],
        "help_wanted": "I would like to meet people.",
        "consent_referral": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def valid_buddy(**overrides) -> dict:
    data = {
        "activity_name": "Walking football",
        "buddy_help": ["meet-at-door"],
        "full_name": "Bob Example",
        "phone": "07700 900123",
        "preferred_contact": "text",
        "interpreter": "none",
        "consent_referral": "y",
        "consent_share_with_volunteer": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, path: str, answers: dict, activity_id: int | None = None, step_through=True):
    """Fill the form, check answers, send. Returns the final response."""
    data = start(client, path, activity_id) | answers
    if step_through:
        check = client.post(path, data=data | {"step": "check"})
        assert "Check your answers before sending" in check.get_data(as_text=True), errors(
            check.get_data(as_text=True)
        )
    return client.post(path, data=data | {"step": "send"})


class PageForm(HTMLParser):
    """What a page's form would post, as a browser would send it, and the questions it shows.

    ``values`` holds every field's values (hidden fields, typed text, ticked boxes, the
    chosen option); ``shown`` the names of the fields a person can see and answer;
    ``action`` where the form posts; ``buttons`` its submit buttons' ``step`` values
    ("" for a button without one).
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self.shown: set[str] = set()
        self.buttons: list[str] = []
        self.action = ""
        self._in_form = False
        self._select = None
        self._textarea = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "novalidate" in attrs:
            self._in_form = True
            self.action = attrs.get("action") or ""
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "button" and attrs.get("type", "submit") == "submit":
            self.buttons.append(attrs.get("value", "") if name == "step" else "")
        elif tag == "input" and name and attrs.get("type") != "submit":
            kind = attrs.get("type", "text")
            if kind != "hidden":
                self.shown.add(name)
            if kind not in ("radio", "checkbox") or "checked" in attrs:
                self.values.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.shown.add(name)
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = [attrs.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = name
            self.shown.add(name)
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def press(client, html: str, answers: dict | None = None, step: str = ""):
    """Answer the questions the page shows from ``answers`` (those it names) and press its
    button (``step`` names one with a value, as Send), posting where the form posts."""
    page = PageForm(html)
    assert step in page.buttons, (step, page.buttons)
    data = dict(page.values)
    for name, value in (answers or {}).items():
        if name in page.shown:
            data[name] = value if isinstance(value, list) else [value]
    if step:
        data["step"] = [step]
    return client.post(page.action, data=data)


def follow(client, response) -> str:
    """The page a 303 after a POST leads to, fetched as a browser would (GET)."""
    assert response.status_code == 303, (response.status_code, errors(response.get_data(True)))
    return client.get(response.headers["Location"]).get_data(as_text=True)


def walk_pages(client, path: str, answers: dict, activity_id: int | None = None) -> str:
    """Open the form and answer it a page at a time, each page only its own questions (a
    POST, then the next page's GET), up to check answers. Returns the check-answers page."""
    html = client.get(path + (f"?activity={activity_id}" if activity_id else "")).get_data(
        as_text=True
    )
    for _ in range(12):
        if "Check your answers before sending" in html:
            break
        html = follow(client, press(client, html, answers))
    assert "Check your answers before sending" in html
    return html
