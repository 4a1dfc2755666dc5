"""What the demo casework happens in: the link workers, the volunteers, the listings and
postcodes of the demo boroughs, the shipped languages and the clock.

Staff and volunteers are made through their own operations (``accounts.service.create_user``,
``buddies.records.create_buddy``), and only when there are none to use, so the demo never
adds accounts beside a service's real ones.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.buddies.records import can_be_matched, create_buddy
from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow
from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.i18n.locale import shipped_locales
from directory_app.models import Activity, Buddy, StaffUser, Venue
from directory_app.models.staff import REFERRAL_ROLES

# Made only when the database has no staff account at all (a fresh demo).
DEMO_LINK_WORKERS = (
    ("link.worker@example.org", "Alex Morrow"),
    ("jo.link.worker@example.org", "Jo Pellow"),
    ("kim.link.worker@example.org", "Kim Redfern"),
    ("lee.link.worker@example.org", "Lee Thorley"),
)
DEMO_VOLUNTEERS = (
    ("Bernie Ashdown", ["en"], "Walsall"),
    ("Danuta Garrow", ["en", "pl"], "Walsall"),
    ("Harjit Inchley", ["en", "pa"], "Walsall"),
    ("Ioana Larkham", ["en", "ro"], "Barking and Dagenham"),
    ("Shamima Norbury", ["en", "bn"], "Barking and Dagenham"),
    ("Terry Oakridge", ["en"], "Barking and Dagenham"),
    ("Ayse Stallard", ["en", "tr"], "Hackney"),
    ("Marcus Wexley", ["en"], "Hackney"),
    ("Halima Yardley", ["en", "so"], "Hackney"),
)
AREA_WEIGHTS = {"Walsall": 40, "Barking and Dagenham": 30, "Hackney": 30}


class NoCaseworkers(ValueError):
    """Staff accounts exist, but none may work on requests (only groups' accounts)."""


class NoListings(ValueError):
    """No published listings to refer people on to: the demo data is not loaded."""


@dataclass
class DemoWorld:
    now: datetime
    today: date
    zone: ZoneInfo
    workers: list[StaffUser]
    buddies: list[Buddy]
    activities: list[Activity]
    activities_by_area: dict[str, list[Activity]]
    postcodes_by_area: dict[str, list[str]]
    languages: list[str]
    password: str | None = None  # set when the demo's link workers were made here
    created_staff: list[str] = field(default_factory=list)

    def local_day(self, moment: datetime) -> date:
        """The service's calendar day of a moment (what a link worker would call "today")."""
        return moment.astimezone(self.zone).date()


def shipped_languages() -> list[str]:
    """The languages the site ships in, as a request stores them ("en", "pl", …)."""
    found = [code.split("_")[0] for code in shipped_locales(current_app)]
    return [code for code in dict.fromkeys(found) if code in ACTIVITY_LANGUAGES]


def _caseworkers() -> list[StaffUser]:
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(StaffUser.role.in_(REFERRAL_ROLES), StaffUser.active.is_(True))
            .order_by(StaffUser.id)
        )
    )


def demo_staff(world: DemoWorld) -> None:
    """Use the service's link workers; make the demo's (one new password, printed once by
    the command) only when there is no staff account at all."""
    if db.session.scalar(select(StaffUser.id).limit(1)) is None:
        world.password = secrets.token_urlsafe(12)
        for email, name in DEMO_LINK_WORKERS:
            create_user(email, name, "link_worker", world.password)
            world.created_staff.append(email)
    world.workers = _caseworkers()
    if not world.workers:
        raise NoCaseworkers()


def demo_volunteers(world: DemoWorld) -> None:
    """Volunteers who can be matched today; the demo's own, checked, when there are none."""
    ready = [b for b in db.session.scalars(select(Buddy)) if can_be_matched(b, world.today)]
    if not ready:
        for number, (name, languages, area) in enumerate(DEMO_VOLUNTEERS):
            values = {
                "name": name,
                "email": f"{name.replace(' ', '.').lower()}@example.org",
                "phone": f"07700 900{900 + number:03d}",
                "languages": languages,
                "areas": [area],
                "availability": "Weekdays",
                "dbs_checked_on": world.today - timedelta(days=400 + 30 * number),
                "trained_on": world.today - timedelta(days=380 + 30 * number),
                "references_checked_on": world.today - timedelta(days=390 + 30 * number),
                "active": True,
            }
            ready.append(create_buddy(values, world.workers[0]))
    world.buddies = sorted(ready, key=lambda buddy: buddy.id)


def _listings(world: DemoWorld) -> None:
    world.activities = list(
        db.session.scalars(
            select(Activity).where(Activity.listed_on(world.today)).order_by(Activity.id)
        )
    )
    if not world.activities:
        raise NoListings()
    by_area = defaultdict(list)
    for activity in world.activities:
        by_area[activity.venue.borough if activity.venue else ""].append(activity)
    world.activities_by_area = dict(by_area)
    postcodes = defaultdict(list)
    for borough, postcode in db.session.execute(
        select(Venue.borough, Venue.postcode).order_by(Venue.id)
    ):
        if borough in AREA_WEIGHTS and postcode:
            postcodes[borough].append(postcode)
    world.postcodes_by_area = dict(postcodes)


def build_world() -> DemoWorld:
    """Everything the stories need, staff and volunteers made where there are none."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    now = utcnow()
    world = DemoWorld(
        now=now,
        today=now.astimezone(zone).date(),
        zone=zone,
        workers=[],
        buddies=[],
        activities=[],
        activities_by_area={},
        postcodes_by_area={},
        languages=shipped_languages(),
    )
    _listings(world)
    demo_staff(world)
    demo_volunteers(world)
    return world


def pick_area(rng) -> str:
    """A demo borough, the bigger services more often."""
    return rng.choices(list(AREA_WEIGHTS), list(AREA_WEIGHTS.values()))[0]


def listing_for(world: DemoWorld, rng, area: str) -> Activity:
    """A listing near the person (or online), else any."""
    nearby = world.activities_by_area.get(area, []) + world.activities_by_area.get("", [])
    return rng.choice(nearby or world.activities)
