"""How a demo request arrives: when, and through which way in.

Stored as each way in stores it: the public forms (and the professionals' form) through
``referrals.service.store_request``, a request a link worker took by phone or in person
through ``inbox.intake.enter_referral``; then given the moment it arrived in the story
(``demo_casework`` says why it back-dates).
"""

import random
from datetime import UTC, datetime, time, timedelta

from flask import current_app

from directory_app.inbox.intake import enter_referral
from directory_app.models import Referral, StaffUser
from directory_app.referrals.service import store_request
from directory_app.seeding import demo_people
from directory_app.seeding.demo_world import DemoWorld, listing_for, pick_area

# Every demo request's submission token starts so: how the demo knows its own requests.
TOKEN_PREFIX = "demo-casework-"  # noqa: S105  (a marker, not a secret)
BUDDY_SHARE = 0.15
SOURCE_WEIGHTS = {"self": 40, "professional": 30, "phone": 20, "in_person": 10}


def arrival(world: DemoWorld, rng: random.Random) -> datetime:
    """When the request came in: any day of the last year, more in recent months (a
    service that is growing), at a time of day people fill in forms."""
    days_ago = rng.uniform(0, 365) if rng.random() < 0.7 else rng.uniform(0, 120)
    day = world.today - timedelta(days=int(days_ago))
    local = datetime.combine(day, time(rng.randint(7, 21), rng.randrange(60)))
    moment = local.replace(tzinfo=world.zone).astimezone(UTC)
    return min(moment, world.now - timedelta(minutes=rng.randint(5, 600)))


def arrive(world: DemoWorld, rng: random.Random, index: int, worker: StaffUser) -> Referral:
    """Store the request as its way in stores it, then give it the moment it arrived."""
    created = arrival(world, rng)
    day = world.local_day(created)
    token = f"{TOKEN_PREFIX}{index:04d}"
    days = current_app.config["RESPONSE_WORKING_DAYS"]
    if rng.random() < BUDDY_SHARE:
        activity = listing_for(world, rng, pick_area(rng)) if rng.random() < 0.7 else None
        fields = demo_people.buddy_fields(rng, index, world.languages, activity)
        fields.update(demo_people.consent("self", created))
        referral, _created = store_request("buddy", token, fields, day, days)
    else:
        source = rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        postcodes = world.postcodes_by_area.get(pick_area(rng), [])
        fields = demo_people.self_referral_fields(rng, index, world.languages, postcodes, day)
        consent = demo_people.consent(source, created)
        if source in ("phone", "in_person"):
            mine = rng.random() < 0.5
            referral, _created = enter_referral(fields, consent, token, worker, day, mine)
        else:
            if source == "professional":
                fields.update(demo_people.professional_fields(rng))
            referral, _created = store_request(
                "self_referral", token, {**fields, **consent}, day, days
            )
    referral.created_at = created
    return referral
