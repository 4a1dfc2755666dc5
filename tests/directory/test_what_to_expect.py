""" "What to expect" on the public activity page: a short list, in every language, with the
group's own words marked with the language they are written in."""

import re

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity


def _lines(html: str) -> list[tuple[str, str, str]]:
    """(question, the answer's lang/dir attributes, answer) for each line of the list."""
    block = re.search(r'<dl[^>]*aria-labelledby="what-to-expect">(.*?)</dl>', html, re.S).group(1)
    return re.findall(r"<dt>([^<]*)</dt><dd([^>]*)>([^<]*)</dd>", block)


def _set_up(app, **values) -> int:
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.status == "published").order_by(Activity.id)
        )
        for name, value in values.items():
            setattr(activity, name, value)
        commit()
        return activity.id


def test_the_list_shows_only_what_the_group_said(app, client):
    activity_id = _set_up(
        app,
        run_by="",
        usual_group_size="16-30",
        bring="",
        carer_free="no",
        booking_required=True,
    )
    lines = _lines(client.get(f"/activities/{activity_id}").get_data(as_text=True))
    assert [(question, answer) for question, _attributes, answer in lines] == [
        ("How many usually come", "16 to 30 people"),
        ("Can a carer come free?", "No: a carer pays like anyone else"),
        ("Can you just turn up?", "No: book first, by contacting the group"),
    ]


def test_the_groups_own_words_keep_their_language_on_other_language_pages(app, client):
    activity_id = _set_up(
        app,
        text_language="en",
        run_by="Volunteers from the tenants' association",
        bring="Comfortable shoes",
        usual_group_size="up-to-5",
        carer_free="yes",
        booking_required=False,
    )
    english = _lines(client.get(f"/activities/{activity_id}").get_data(as_text=True))
    assert all(attributes == "" for _question, attributes, _answer in english)
    for language in ("pl", "ar"):
        lines = _lines(client.get(f"/{language}/activities/{activity_id}").get_data(as_text=True))
        marked = {answer: attributes for _question, attributes, answer in lines}
        assert marked["Comfortable shoes"] == ' lang="en" dir="ltr"'
        assert marked["Volunteers from the tenants&#39; association"] == ' lang="en" dir="ltr"'
        # The answers from a code list are in the page's own language: not marked.
        assert len(lines) == 5 and sum(1 for a in marked.values() if a) == 2
