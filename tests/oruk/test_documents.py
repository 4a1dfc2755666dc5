"""How listings become feed documents, without HTTP: schedules, money, ids, query counts."""

import uuid
from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from directory_app.core.extensions import db
from directory_app.oruk import feed
from directory_app.oruk.fields import pounds, present, timestamp
from directory_app.oruk.identifiers import parse_uuid, part_id, term_id
from directory_app.oruk.parameters import BadParameter, Paging, service_filters
from directory_app.oruk.schedule_documents import fortnight_start, schedule_document

PUBLIC_ID = uuid.UUID("7cadc800-ebef-4dd1-a13d-a6f81bd25429")


def _slot(frequency, weekday=None, on_date=None, start=time(10), end=time(11, 30)):
    return SimpleNamespace(
        frequency=frequency, weekday=weekday, on_date=on_date, start_time=start, end_time=end
    )


def _activity(**values):
    defaults = dict(
        public_id=PUBLIC_ID, starts_on=None, ends_on=None, schedule_notes="",
        attendance_mode="in-person",
    )  # fmt: skip
    return SimpleNamespace(**{**defaults, **values})


def test_a_weekly_session_is_an_rrule():
    document = schedule_document(_activity(), 0, _slot("weekly", weekday=1), "https://x.example/a")
    assert document == {
        "id": str(part_id(PUBLIC_ID, "schedule", 0)),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "TU",
        "opens_at": "10:00",
        "closes_at": "11:30",
        "description": "Every Tuesday, 10:00 to 11:30",
        "attending_type": "In person",
        "schedule_link": "https://x.example/a",
    }


def test_a_fortnightly_session_starts_on_a_date_it_runs():
    # The reference date is a Wednesday; the slot is on Fridays of that fortnight.
    slot = _slot("fortnightly", weekday=4, on_date=date(2026, 3, 4))
    activity = _activity(
        starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30), schedule_notes="Not in August."
    )
    document = schedule_document(activity, 2, slot, "https://x.example/a")
    assert document["interval"] == 2 and document["byday"] == "FR"
    # 6 March is in the series; so are 20 February, 6 February, 23 January and 9 January.
    assert document["dtstart"] == "2026-01-09"
    assert (document["valid_from"], document["valid_to"]) == ("2026-01-01", "2026-06-30")
    assert document["notes"] == "Not in August."
    assert document["description"] == "Every other Friday, 10:00 to 11:30"
    assert fortnight_start(slot, None) == date(2026, 3, 6)
    assert fortnight_start(slot, date(2026, 3, 7)) == date(2026, 3, 20)


def test_a_one_off_session_is_its_date():
    document = schedule_document(
        _activity(attendance_mode="online"), 1, _slot("once", on_date=date(2026, 12, 5)), ""
    )
    assert "freq" not in document and "byday" not in document and "schedule_link" not in document
    assert document["dtstart"] == document["valid_from"] == document["valid_to"] == "2026-12-05"
    assert document["description"] == "Saturday 5 December 2026, 10:00 to 11:30"
    assert document["attending_type"] == "Online"


def test_values_as_the_feed_writes_them():
    assert (pounds(300), pounds(250), pounds(5), pounds(None)) == (3, 2.5, 0.05, None)
    assert timestamp(datetime(2026, 3, 15, 10, 30, 45, 123456, tzinfo=UTC)) == (
        "2026-03-15T10:30:45.123Z"
    )
    assert timestamp(datetime(2026, 3, 15, 10, 30, 45)) == "2026-03-15T10:30:45.000Z"
    assert present(a=None, b="", c=[], d={}, e=0, f=False, g="x") == {"e": 0, "f": False, "g": "x"}


def test_ids_are_stable_and_distinct():
    assert part_id(PUBLIC_ID, "phone", 0) == part_id(PUBLIC_ID, "phone", 0)
    assert part_id(PUBLIC_ID, "phone", 0) != part_id(PUBLIC_ID, "contact", 0)
    assert term_id("categories", "food") != term_id("audiences", "food")
    assert parse_uuid(str(PUBLIC_ID).upper()) == PUBLIC_ID
    for not_canonical in ("7cadc800ebef4dd1a13da6f81bd25429", f"{{{PUBLIC_ID}}}", "x", ""):
        assert parse_uuid(not_canonical) is None


def test_term_ids_never_change():
    """Consumers store these: a change to the namespace or the scheme would break them."""
    assert str(term_id("categories", "food")) == str(
        uuid.uuid5(uuid.UUID("5f0b7a3e-2c4d-4e8a-9b61-3d2f0c8e7a15"), "term:categories:food")
    )


@pytest.mark.parametrize(
    "args, name",
    [
        ({"proximity": "100"}, "proximity"),
        ({"start_time": "7:30"}, "start_time"),
        ({"modified_after": "yesterday"}, "modified_after"),
    ],
)
def test_filters_refuse_what_they_cannot_use(app, args, name):
    with app.test_request_context(), pytest.raises(BadParameter) as refused:
        service_filters(MultiDict(args))
    assert refused.value.name == name


def test_a_page_costs_the_same_queries_whatever_its_size(app):
    """Eager loading: no query per service, so 3 services cost what 100 do."""
    statements = []

    def count(*_args):
        statements.append(1)

    with app.test_request_context():
        today, now = date.today(), datetime.now()
        filters = service_filters(MultiDict())
        feed.services_page(filters, Paging(1, 1), "full", today, now)  # the connection's set-up
        event.listen(db.engine, "before_cursor_execute", count)
        counts = {}
        try:
            for view in ("list", "full"):
                for size in (3, 100):
                    statements.clear()
                    body = feed.services_page(filters, Paging(1, size), view, today, now)
                    assert body["size"] == size
                    counts[view, size] = len(statements)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert counts["list", 3] == counts["list", 100] <= 4
    assert counts["full", 3] == counts["full", 100] <= 9
