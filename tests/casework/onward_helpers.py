"""Setting up onward referrals: a case, a group with a keeper, and the link worker's form."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today
from directory_app.models import (
    Activity,
    ActivityTranslation,
    OnwardReferral,
    Organisation,
    Referral,
)
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, csrf_token, sign_in

ALL_SHARED = ["name", "phone", "email", "language", "access_needs", "help_wanted", "reasons"]


@dataclass
class Setting:
    referral_id: int
    activity_id: int
    organisation_id: int
    organisation_name: str
    activity_title: str
    link_worker: object  # a signed-in test client
    group: object  # a signed-in test client of the group's keeper


def listed_activity(app, other_than: int | None = None) -> Activity:
    with app.app_context():
        query = select(Activity).where(
            Activity.listed_on(local_today()), Activity.venue_id.is_not(None)
        )
        if other_than is not None:
            query = query.where(Activity.organisation_id != other_than)
        activity = db.session.scalars(query.order_by(Activity.id)).first()
        db.session.expunge(activity)
        return activity


def translated_activity(app, language: str) -> tuple[Activity, str]:
    """A listed activity with a title in ``language``, and that title."""
    with app.app_context():
        activity, title = db.session.execute(
            select(Activity, ActivityTranslation.title)
            .join(ActivityTranslation, ActivityTranslation.activity_id == Activity.id)
            .where(
                Activity.listed_on(local_today()),
                Activity.venue_id.is_not(None),
                ActivityTranslation.language == language,
                ActivityTranslation.title != "",
            )
            .order_by(Activity.id)
            .limit(1)
        ).one()
        db.session.expunge(activity)
        return activity, title


def keeper(app, email: str, organisation_id: int, language: str | None = None):
    """A provider account keeping the organisation, signed in on a new client."""
    with app.app_context():
        user = create_user(email, "Kim Keeper", "provider", PASSWORD)
        user.organisations.append(db.session.get(Organisation, organisation_id))
        user.language = language
        commit()
    client = app.test_client()
    sign_in(client, email)
    return client


def new_case(app, client, **answers) -> int:
    submit(client, SELF_REFERRAL, valid_self_referral(**answers))
    with app.app_context():
        return db.session.scalar(select(Referral.id).order_by(Referral.id.desc()))


def link_worker_account(app, language: str | None = None) -> None:
    """The link worker the ``staff`` fixture makes, for apps it does not know (``db_app``)."""
    with app.app_context():
        user = create_user("link_worker@example.org", "Lee Worker", "link_worker", PASSWORD)
        user.language = language
        commit()


def setting(app, keeper_language=None, activity=None, **answers) -> Setting:
    """A self-referral, a link worker signed in, and the keeper of a listed activity's group
    (the link worker's account must exist: the ``staff`` fixture or ``link_worker_account``)."""
    referral_id = new_case(app, app.test_client(), **answers)
    activity = activity or listed_activity(app)
    link_worker = app.test_client()
    sign_in(link_worker, "link_worker@example.org")
    group = keeper(app, "keeper@example.org", activity.organisation_id, keeper_language)
    with app.app_context():
        name = db.session.get(Organisation, activity.organisation_id).name
    return Setting(
        referral_id, activity.id, activity.organisation_id, name, activity.title, link_worker, group
    )


def refer(s: Setting, share=None, consent=True, message="Best on weekday mornings"):
    """Send the onward referral through the case's form; returns the response."""
    path = f"/staff/referrals/{s.referral_id}/onward/new?activity={s.activity_id}"
    data = {
        "csrf_token": csrf_token(s.link_worker, path),
        "activity": str(s.activity_id),
        "share": ALL_SHARED if share is None else share,
        "message": message,
    }
    if consent:
        data["consent"] = "y"
    return s.link_worker.post(f"/staff/referrals/{s.referral_id}/onward/new", data=data)


def onward_id(app, referral_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(OnwardReferral.id).where(OnwardReferral.referral_id == referral_id)
        )


def group_post(s: Setting, oid: int, action: str, **data):
    token = csrf_token(s.group, f"/staff/my-groups/referrals/{oid}")
    return s.group.post(
        f"/staff/my-groups/referrals/{oid}/{action}", data={"csrf_token": token, **data}
    )


def case_post(s: Setting, oid: int, action: str, **data):
    token = csrf_token(s.link_worker, f"/staff/referrals/{s.referral_id}")
    return s.link_worker.post(
        f"/staff/referrals/{s.referral_id}/onward/{oid}/{action}",
        data={"csrf_token": token, **data},
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def today(app):
    """Today where the service is, as the app counts it."""
    with app.app_context():
        return local_today()
