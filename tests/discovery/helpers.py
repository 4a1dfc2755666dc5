"""Finding records of the demo data, and reading what discovery's pages say."""

import json
import re

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity

PUBLIC = "https://directory.example.org/find"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(html: str) -> list[dict]:
    """Every JSON-LD block of a page, parsed."""
    return [json.loads(text) for text in SCRIPT.findall(html)]


def the_structured_data(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, path
    [data] = structured_data(response.get_data(as_text=True))
    return data


def first_id(app, *conditions) -> int:
    """The first published activity meeting the conditions."""
    with app.app_context():
        return db.session.scalar(
            select(Activity.id)
            .where(Activity.status == "published", *conditions)
            .order_by(Activity.id)
            .limit(1)
        )


def change_activity(app, activity_id: int, **values) -> None:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        for name, value in values.items():
            setattr(activity, name, value)
        commit()


def walk(value, path="$"):
    """(path, value) of every value in a JSON document, at any depth."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
