"""The feeds' rules that need no database: when a listing is hidden, which activity list
concepts a title names, durations, and session ids that sort as their keys do."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from directory_app.domain.freshness import hidden_on_or_before
from directory_app.openactive.activity_concepts import activity_concepts
from directory_app.openactive.eligibility import hidden_from
from directory_app.openactive.rpde import FeedRequest, FeedRequestError, Position, moment_of
from directory_app.openactive.schedule_data import iso_duration
from directory_app.openactive.session_feed import _sort_key, session_id

LONDON = ZoneInfo("Europe/London")


def test_hidden_from_is_the_first_day_freshness_hides_a_listing():
    # Every day of two years, month ends and leap days included.
    for offset in range(800):
        confirmed = date(2026, 1, 1) + timedelta(days=offset)
        moment = hidden_from(confirmed, LONDON)
        assert moment.time() == time.min and moment.tzinfo is LONDON
        day = moment.date()
        assert confirmed <= hidden_on_or_before(day)
        assert confirmed > hidden_on_or_before(day - timedelta(days=1))


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        ("Walking football in Short Heath", ["Walking Football"]),
        ("Chair yoga in Homerton", ["Chair Yoga"]),
        ("Led health walk in Park Hall", ["Walking"]),
        ("Dance for health", ["Dance"]),
        ("Community gardening group", ["Gardening"]),
        ("Yoga and a walk", ["Yoga", "Walking"]),
        ("Strength and balance class", []),
        ("Youth club", []),
        ("Sidewalk café", []),  # a word inside another is not a match
    ],
)
def test_activity_list_concepts_from_english_titles(title, labels):
    concepts = activity_concepts(title, "en")
    assert [concept["prefLabel"] for concept in concepts] == labels
    for concept in concepts:
        assert concept["inScheme"] == "https://openactive.io/activity-list"
        assert concept["@id"].startswith("https://openactive.io/activity-list#")


def test_titles_in_other_languages_name_no_concept():
    assert activity_concepts("Yoga na krześle", "pl") == []


@pytest.mark.parametrize(
    ("minutes", "duration"), [(90, "PT1H30M"), (60, "PT1H"), (45, "PT45M"), (0, "PT0M")]
)
def test_iso_durations(minutes, duration):
    assert iso_duration(minutes) == duration


def test_session_ids_sort_as_their_keys_do():
    rng = random.Random(7)
    series = [f"{rng.getrandbits(128):032x}" for _ in range(5)]
    series = [f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:]}" for s in series]
    minutes = [int(datetime(2026, 12, 1, tzinfo=UTC).timestamp()) // 60 + rng.randrange(10**5)]
    minutes += [minute + rng.randrange(10**4) for minute in minutes * 20]
    keys = [(1, s, minute) for s in series for minute in minutes]
    positions = [Position(modified, session_id(s, minute)) for modified, s, minute in keys]
    assert sorted(keys) == [_sort_key(position) for position in sorted(positions)]


def test_feed_requests_read_their_parameters():
    assert FeedRequest.from_args({}) == FeedRequest()
    request = FeedRequest.from_args({"afterTimestamp": "17", "afterId": "a", "limit": "20"})
    assert request == FeedRequest(Position(17, "a"), 20)
    assert request.parameters() == {"afterTimestamp": 17, "afterId": "a", "limit": 20}
    # The validator's "after the end" check asks for the largest safe integer.
    far = FeedRequest.from_args({"afterTimestamp": "9007199254740991", "afterId": "a"})
    assert moment_of(far.after.modified).year == 2255
    with pytest.raises(FeedRequestError):
        FeedRequest.from_args({"afterId": "a"})
