"""Which groups the feed shows: those with at least one public listing, in id order."""

import uuid
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import raiseload

from directory_app.core.extensions import db
from directory_app.models import Activity, Organisation
from directory_app.oruk.parameters import Paging
from directory_app.oruk.queries import load_activities


def _has_public_listing(today: date):
    return exists().where(Activity.organisation_id == Organisation.id, Activity.listed_on(today))


def organisations_page(paging: Paging, today: date) -> tuple[int, list[Organisation]]:
    """One page of the organisations with public listings, and how many there are."""
    shown = _has_public_listing(today)
    total = db.session.scalar(select(func.count(Organisation.id)).where(shown))
    if paging.offset >= total:
        return total, []
    page = db.session.scalars(
        select(Organisation)
        .where(shown)
        .order_by(Organisation.id)
        .limit(paging.per_page)
        .offset(paging.offset)
        .options(raiseload(Organisation.translations))
    )
    return total, list(page)


def public_organisation(public_id: uuid.UUID, today: date) -> Organisation | None:
    """The organisation with this public id, if it has a public listing."""
    return db.session.scalar(
        select(Organisation)
        .where(Organisation.public_id == public_id, _has_public_listing(today))
        .options(raiseload(Organisation.translations))
    )


def public_activities_of(organisation: Organisation, today: date, full: bool) -> list[Activity]:
    """The organisation's public listings, in id order, loaded for their documents."""
    ids = db.session.scalars(
        select(Activity.id)
        .where(Activity.organisation_id == organisation.id, Activity.listed_on(today))
        .order_by(Activity.id)
    )
    return load_activities(list(ids), full, venues=full)
