"""Keeping the daily counts right: whenever a flush adds, changes or deletes a request or
an onward referral, each day it was (and now is) counted on gets one more change
(``ReportChange``), in the same transaction, so the next report covering them counts them
again (``daily``). A rolled-back change rolls its number back with it. Likewise a measure
added, changed or deleted, or a request merged or deleted, adds a change to "wellbeing",
which makes every kept range's wellbeing figures out of date (``ReportWellbeing``).

A count is up to date while the number of changes it was made from is still the number
now. A reader reads the number before it counts, so a writer that commits while it counts
leaves its count out of date (counted again on the next read), never wrongly fresh.

An ORM listener rather than a call in each service: status changes, corrections, merges,
onward answers, anonymising and whatever comes next all flush through the session, and a
writer cannot forget to call it. Writes that go around the ORM (a bulk import's core
inserts) are not seen: run ``flask reports refresh --all`` after one.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import String, cast, event, func, inspect, literal, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from directory_app.core.extensions import db
from directory_app.models import OnwardReferral, Referral, WellbeingMeasure
from directory_app.models.report_summaries import ReportChange

_DAYS = "report_days_to_count_again"
_MEASURED = "report_wellbeing_days_to_count_again"
_EVERY_RANGE = "every range"  # a merge moves a person's measures out of every range


def local_day(moment: datetime) -> date:
    """The service's calendar day of a stored moment (naive ones are UTC, as SQLite returns
    them): the day ``Period.moments`` puts it in."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def _changed(instance) -> bool:
    state = inspect(instance)
    return any(
        state.attrs[column.key].history.has_changes() for column in state.mapper.column_attrs
    )


def _moments(instance, key: str) -> list[datetime]:
    """The moment's value now and, when the flush changes it, before."""
    history = inspect(instance).attrs[key].history
    moments = [getattr(instance, key)] + list(history.deleted or ())
    return [moment for moment in moments if moment is not None]


def _onward_moments(session: Session, referral: Referral) -> list[datetime]:
    """When this request's onward referrals were sent: counted only while it is not merged,
    so merging (or deleting) it changes those days too."""
    if referral.id is None:
        return []
    with session.no_autoflush:
        return list(
            session.scalars(
                select(OnwardReferral.sent_at).where(OnwardReferral.referral_id == referral.id)
            )
        )


@event.listens_for(Session, "before_flush")
def _note_changed_rows(session: Session, _context, _instances) -> None:
    """Before the flush: what changes or goes (old values are still to hand)."""
    moments = session.info.setdefault(_DAYS, [])
    measured = session.info.setdefault(_MEASURED, [])
    for instance in list(session.dirty) + list(session.deleted):
        deleted = instance in session.deleted
        if isinstance(instance, Referral) and (deleted or _changed(instance)):
            moments += _moments(instance, "created_at")
            merging = inspect(instance).attrs["merged_into_id"].history.has_changes()
            if deleted or merging:
                moments += _onward_moments(session, instance)
                measured.append(_EVERY_RANGE)
        elif isinstance(instance, OnwardReferral) and (deleted or _changed(instance)):
            moments += _moments(instance, "sent_at")
        elif isinstance(instance, WellbeingMeasure) and (deleted or _changed(instance)):
            measured += _moments(instance, "taken_on")


@event.listens_for(Session, "after_flush")
def _unmark_days(session: Session, _context) -> None:
    """After the flush: new rows have their moments now; every touched day has changed."""
    moments = session.info.pop(_DAYS, [])
    measured = session.info.pop(_MEASURED, [])
    for instance in session.new:
        if isinstance(instance, Referral):
            moments.append(instance.created_at or datetime.now(UTC))
        elif isinstance(instance, OnwardReferral):
            moments.append(instance.sent_at or datetime.now(UTC))
        elif isinstance(instance, WellbeingMeasure) and instance.taken_on is not None:
            measured.append(instance.taken_on)
    keys = [day_key(day) for day in sorted({local_day(moment) for moment in moments})]
    if measured:
        keys.append(WELLBEING_KEY)
    if keys:
        count_changes(session.connection(), keys)


WELLBEING_KEY = "wellbeing"


def day_key(day: date) -> str:
    return f"day:{day.isoformat()}"


def day_key_of(column, dialect: str):
    """``day_key`` in SQL, of a date column: SQLite keeps dates as ISO text already."""
    text = func.to_char(column, "YYYY-MM-DD") if dialect == "postgresql" else column
    return literal("day:") + cast(text, String)


def count_changes(connection, keys: list[str]) -> None:
    """Add one to each key's number of changes (``ReportChange``), in key order so that two
    writers never wait on each other in a circle."""
    upsert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = upsert(ReportChange).values([{"key": key, "changes": 1} for key in sorted(keys)])
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[ReportChange.key], set_={"changes": ReportChange.changes + 1}
        )
    )


def changes_now(keys: list[str]) -> dict[str, int]:
    """Each key's number of changes as committed now (0 for one never changed). Read it
    before counting: a change committed after this read leaves the count out of date."""
    found = dict(
        db.session.execute(
            select(ReportChange.key, ReportChange.changes).where(ReportChange.key.in_(keys))
        ).all()
    )
    return {key: found.get(key, 0) for key in keys}
