"""Volunteer buddies and buddy requests for the buddy tests, made as the app makes them."""

from datetime import date, timedelta

from sqlalchemy import select

from directory_app.buddies import records
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Referral, StaffUser
from tests.referrals.helpers import BUDDY, submit, valid_buddy

RECENT = date.today() - timedelta(days=200)


def add_link_worker(app) -> int:
    """A link worker on an app built without the ``staff`` fixture (``db_app``); their id."""
    from directory_app.accounts.service import create_user
    from tests.staff import PASSWORD

    with app.app_context():
        user = create_user("link_worker@example.org", "Link Worker", "link_worker", PASSWORD)
        commit()
        return user.id


def add_buddy(app, name: str, **values) -> int:
    """A volunteer's record, checked and trained unless told otherwise; its id."""
    fields = {
        "name": name,
        "email": f"{name.split()[0].lower()}@example.net",
        "phone": "07700 900444",
        "languages": ["en"],
        "areas": [],
        "dbs_checked_on": RECENT,
        "trained_on": RECENT,
        "active": True,
    } | values
    with app.app_context():
        actor = db.session.scalar(select(StaffUser).order_by(StaffUser.id))
        buddy = records.create_buddy(fields, actor)
        commit()
        return buddy.id


def buddy_request(app, client, **changes) -> int:
    """A buddy request sent through the public form, then changed as a test needs; its id."""
    submit(client, BUDDY, valid_buddy(full_name="Bob Example"))
    with app.app_context():
        referral = db.session.scalar(select(Referral).order_by(Referral.id.desc()))
        for name, value in changes.items():
            setattr(referral, name, value)
        commit()
        return referral.id
