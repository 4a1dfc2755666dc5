"""Filling in the public forms as a resident would, through the test client."""

import re

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
    html = client.get(path + (f"?activity={activity_id}" if activity_id else "")).get_data(
        as_text=True
    )
    return {
        "csrf_token": hidden(html, "csrf_token"),
        "submission_token": hidden(html, "submission_token"),
        "activity_id": hidden(html, "activity_id"),
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
