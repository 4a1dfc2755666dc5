"""A hand-counted set of requests for the second quarter of 2026 (1 April – 30 June),
stored straight into the database, with what a report over that quarter must say.

In the quarter (16 requests, one of them at 00:30 on 1 April British Summer Time, which is
still 31 March in UTC):
  source   professional 7, self 6, phone 3
  kind     self-referral 12, buddy 4
  area     Hackney 9, Islington 5, none 2
  age      25–34: 7 (one the day before turning 35), 65+: 5 (one on their 65th birthday),
           no date of birth 4
  language en 10, pl 6
  reasons  loneliness 7, anxiety 3 (of the 16), nothing else
  contact  11 contacted (6 by the reply date, 5 after), 5 not yet; waits in days
           0 1 1 2 2 3 | 8 9 10 12 15: median 3
  declined 1 by the person, 1 as invalid (the same status, not the same thing)
  onward   9 sent: accepted 2, attending 2, stopped 1, declined 3 (full 2, other 1),
           waiting 1; attended a first session 3; still going at six weeks 0
  wellbeing WEMWBS for 6 people, changes +4 +3 +5 +1 0 −2 (3 improved by 3 or more;
           average 11/6 = 1.8); ONS happiness for 2 people
  buddies  4 requests, 2 matched, 1 went to a first session
Outside it: one at 00:30 BST on 1 July, one merged into another, and a person whose first
WEMWBS measure was in March.
"""

import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import (
    Activity,
    OnwardReferral,
    Referral,
    WellbeingMeasure,
)

QUARTER_START, QUARTER_END = date(2026, 4, 1), date(2026, 6, 30)
QUERY = "from=2026-04-01&to=2026-06-30"

SOURCES = ["professional"] * 7 + ["self"] * 6 + ["phone"] * 3
AREAS = ["Hackney"] * 9 + ["Islington"] * 5 + [""] * 2
LANGUAGES = ["en"] * 10 + ["pl"] * 6
KINDS = ["self_referral"] * 12 + ["buddy"] * 4
WAITS = [0, 1, 1, 2, 2, 3, 8, 9, 10, 12, 15] + [None] * 5
WEMWBS_CHANGES = [4, 3, 5, 1, 0, -2]


def _reasons(index: int) -> list[str]:
    reasons = []
    if index < 7:
        reasons.append("loneliness")
    if 7 <= index < 10:
        reasons.append("anxiety")
    return reasons


def _created(index: int) -> datetime:
    if index == 0:  # 00:30 on 1 April in London (BST), 23:30 on 31 March in UTC
        return datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    return datetime(2026, 4, 2, 9, 0, tzinfo=UTC) + timedelta(days=5 * index)


def _date_of_birth(index: int, created: date) -> date | None:
    if index == 0:  # 35 tomorrow: still 34
        return date(created.year - 35, created.month, created.day) + timedelta(days=1)
    if index < 7:
        return date(1995, 1, 15)
    if index == 7:  # 65 today
        return date(created.year - 65, created.month, created.day)
    if index < 12:
        return date(1950, 6, 1)
    return None


def _request(index: int, created: datetime, **fields) -> Referral:
    return Referral(
        reference=f"SR-TEST-{index:04d}-{secrets.token_hex(2)}",
        submission_token=secrets.token_hex(16),
        created_at=created,
        respond_by=created.date() + timedelta(days=5),
        **fields,
    )


def plant(app) -> dict:
    """Store the quarter's requests; the ids a test may need."""
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Referral.id))) == 0
        activity = db.session.scalar(select(Activity).where(Activity.status == "published"))
        requests = []
        for index in range(16):
            created = _created(index)
            wait = WAITS[index]
            referral = _request(
                index,
                created,
                kind=KINDS[index],
                source=SOURCES[index],
                area=AREAS[index],
                language=LANGUAGES[index],
                reasons=_reasons(index),
                date_of_birth=_date_of_birth(index, created.date()),
                first_contacted_at=None if wait is None else created + timedelta(days=wait),
                status="new" if wait is None else "contacted",
            )
            requests.append(referral)
        requests[3].status, requests[3].declined_as_invalid = "declined", False
        requests[4].status, requests[4].declined_as_invalid = "declined", True
        requests[12].volunteer_name = "A volunteer"
        requests[13].volunteer_name = "Another volunteer"
        requests[12].attended_first_session = True
        db.session.add_all(requests)
        db.session.flush()
        # Outside the quarter, and a merged duplicate inside it.
        late = _request(90, datetime(2026, 6, 30, 23, 30, tzinfo=UTC), kind="self_referral")
        merged = _request(
            91, datetime(2026, 5, 1, 12, tzinfo=UTC), kind="self_referral", source="phone"
        )
        merged.merged_into_id = requests[1].id
        db.session.add_all([late, merged])
        db.session.flush()
        _onward(requests, activity)
        _measures(requests, merged)
        commit()
        return {"requests": [r.id for r in requests], "merged": merged.id}


def _onward(requests, activity) -> None:
    statuses = ["accepted", "accepted", "attending", "attending", "stopped"]
    statuses += ["declined"] * 3 + ["sent"]
    reasons = [""] * 5 + ["full", "full", "other", ""]
    sent = datetime(2026, 5, 10, 10, tzinfo=UTC)
    for index, (status, reason) in enumerate(zip(statuses, reasons, strict=True)):
        db.session.add(
            OnwardReferral(
                referral_id=requests[index].id,
                activity_id=activity.id,
                organisation_id=activity.organisation_id,
                status=status,
                decline_reason=reason,
                sent_at=sent,
                attended_first_session=True if index in (2, 3, 4) else None,
            )
        )
    # Sent before the quarter: not counted.
    db.session.add(
        OnwardReferral(
            referral_id=requests[9].id,
            activity_id=activity.id,
            organisation_id=activity.organisation_id,
            status="accepted",
            sent_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
    )


def _measure(referral, instrument, stage, taken_on, **scores) -> WellbeingMeasure:
    return WellbeingMeasure(
        referral_id=referral.id, instrument=instrument, stage=stage, taken_on=taken_on, **scores
    )


def _measures(requests, merged) -> None:
    for index, change in enumerate(WEMWBS_CHANGES):
        person = requests[index]
        db.session.add(_measure(person, "wemwbs", "start", date(2026, 4, 20), raw_total=40))
        db.session.add(_measure(person, "wemwbs", "end", date(2026, 6, 20), raw_total=40 + change))
    for person in requests[6:8]:
        for stage, happy, day in (("start", 4, date(2026, 4, 21)), ("end", 9, date(2026, 6, 1))):
            db.session.add(
                _measure(
                    person,
                    "ons4",
                    stage,
                    day,
                    ons_satisfied=5,
                    ons_worthwhile=5,
                    ons_happy=happy,
                    ons_anxious=None,
                )
            )
    # March start, May end: only one measure in the quarter, so no change in it.
    db.session.add(_measure(requests[10], "wemwbs", "start", date(2026, 3, 1), raw_total=30))
    db.session.add(_measure(requests[10], "wemwbs", "end", date(2026, 5, 1), raw_total=50))
    # The merged duplicate's measures are not counted either.
    db.session.add(_measure(merged, "wemwbs", "start", date(2026, 4, 2), raw_total=20))
    db.session.add(_measure(merged, "wemwbs", "end", date(2026, 6, 2), raw_total=60))


def plant_varied(rng, how_many: int, start: date, days: int) -> list[int]:
    """``how_many`` requests spread over ``days`` days from ``start`` (some at 23:30 UTC,
    the next day in British Summer Time), every breakdown varied by ``rng``, with onward
    referrals and wellbeing measures; the caller commits. Returns the requests' ids."""
    activity = db.session.scalar(select(Activity).where(Activity.status == "published"))
    made = []
    for index in range(how_many):
        hour = rng.choice((0, 9, 14, 23))
        created = datetime.combine(
            start + timedelta(days=rng.randrange(days)), datetime.min.time(), UTC
        ) + timedelta(hours=hour, minutes=30)
        wait = rng.choice((None, 0, 1, 2, 3, 6, 9, 14))
        referral = _request(
            1000 + index,
            created,
            kind=rng.choice(KINDS),
            source=rng.choice(SOURCES),
            area=rng.choice(AREAS + ["Camden"]),
            language=rng.choice(LANGUAGES + ["", "so"]),
            reasons=rng.sample(["loneliness", "anxiety", "housing", "caring"], rng.randrange(3)),
            date_of_birth=rng.choice((None, date(1950, 6, 1), date(1990, 3, 3), date(2001, 1, 1))),
            first_contacted_at=None if wait is None else created + timedelta(days=wait),
            status=rng.choice(("new", "contacted", "in_progress", "closed", "declined")),
            declined_as_invalid=rng.random() < 0.2,
            activity_id=activity.id if rng.random() < 0.5 else None,
            volunteer_name=rng.choice(("", "", "A volunteer")),
            attended_first_session=rng.choice((None, True, False)),
        )
        db.session.add(referral)
        made.append(referral)
    db.session.flush()
    for referral in made:
        if rng.random() < 0.4:
            db.session.add(
                OnwardReferral(
                    referral_id=referral.id,
                    activity_id=activity.id,
                    organisation_id=activity.organisation_id,
                    status=rng.choice(("sent", "accepted", "declined", "attending", "withdrawn")),
                    decline_reason=rng.choice(("", "full", "other", "no_response")),
                    sent_at=referral.created_at + timedelta(days=rng.randrange(20)),
                    attended_first_session=rng.choice((None, True)),
                    still_attending_at_six_weeks=rng.choice((None, True, False)),
                )
            )
        if rng.random() < 0.5:
            first = referral.created_at.date() + timedelta(days=rng.randrange(5))
            db.session.add(
                _measure(referral, "wemwbs", "start", first, raw_total=rng.randint(20, 50))
            )
            db.session.add(
                _measure(
                    referral,
                    "wemwbs",
                    rng.choice(("review", "end")),
                    first + timedelta(days=rng.randrange(1, 60)),
                    raw_total=rng.randint(20, 60),
                )
            )
    db.session.flush()
    return [referral.id for referral in made]
