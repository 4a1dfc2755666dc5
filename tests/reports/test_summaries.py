"""The daily summaries (and the kept wellbeing figures) against the direct count, on SQLite
and PostgreSQL: varied casework, several ranges, and the same again after each kind of
edit a service makes, so a report summed from days always says exactly what counting the
requests (and applying ``person_changes`` person by person) says."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from directory_app.accounts.service import create_user
from directory_app.core.database import is_busy
from directory_app.core.extensions import db
from directory_app.core.transaction import commit, roll_back
from directory_app.inbox import merging, triage
from directory_app.models import OnwardReferral, Referral, StaffUser, WellbeingMeasure
from directory_app.models.report_summaries import ReportDailyCount, ReportDay
from directory_app.reports import daily
from directory_app.reports.direct import DirectCounts
from directory_app.reports.freshness import local_day
from directory_app.reports.periods import Period
from directory_app.reports.report import commissioner_report
from tests.reports.fixtures import QUARTER_END, QUARTER_START, plant, plant_varied

PERIODS = (
    Period(QUARTER_START, QUARTER_END),
    Period(date(2026, 3, 1), date(2026, 8, 31)),
    Period(date(2026, 4, 1), date(2026, 4, 1)),  # the BST day with the 00:30 request
    Period(date(2026, 5, 10), date(2026, 6, 2)),
)


@pytest.fixture
def casework(db_app):
    plant(db_app)
    with db_app.app_context():
        actor = create_user("worker@example.org", "Lin Worker", "link_worker", "a long password 1")
        ids = plant_varied(random.Random(17), 120, date(2026, 3, 15), 120)
        commit()
        db_app.config["TEST_ACTOR_ID"] = actor.id
    return db_app, ids


def _assert_summed_equals_direct(app) -> None:
    with app.test_request_context():
        for period in PERIODS:
            summed = commissioner_report(period)
            assert summed == commissioner_report(period, direct=True), period
        commit()


def _statements_on(app, table: str, read) -> list[str]:
    seen = []

    def note(_conn, _cursor, statement, *_args):
        if table in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def _referral_statements(app, read) -> list[str]:
    """The statements ``read`` sends that read the request or onward referral tables (the
    wellbeing query joins requests to their measures: it is not summed, see ``daily``)."""
    seen = []

    def note(_conn, _cursor, statement, *_args):
        if "wellbeing_measure" not in statement and " referral" in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def _marked(day: date) -> bool:
    """Whether the day's counts are up to date (counted from its changes as they are)."""
    return not daily.stale_days(day, day)


def test_summed_reports_equal_the_direct_count_after_every_kind_of_edit(casework):
    app, ids = casework
    _assert_summed_equals_direct(app)
    with app.test_request_context():
        # Every day is counted now: a second read sums days without reading any request.
        assert db.session.scalar(select(db.func.count()).select_from(ReportDay)) > 100
        assert _referral_statements(app, lambda: commissioner_report(PERIODS[1])) == []
        actor = db.session.get(StaffUser, app.config["TEST_ACTOR_ID"])

        # A status change (new to contacted sets the first contact too).
        new = db.session.scalar(
            select(Referral).where(Referral.status == "new", Referral.id.in_(ids)).limit(1)
        )
        triage.change_status(new, "contacted", actor)
        day = local_day(new.created_at)
        db.session.flush()
        assert not _marked(day)  # the listener unmarked its day in the same transaction
        commit()
    _assert_summed_equals_direct(app)

    with app.test_request_context():
        # An onward referral accepted, another sent today for an old request, one deleted.
        waiting = db.session.scalar(
            select(OnwardReferral).where(OnwardReferral.status == "sent").limit(1)
        )
        waiting.status, waiting.answered_at = "accepted", datetime.now(UTC)
        gone = db.session.scalar(
            select(OnwardReferral).where(OnwardReferral.status == "declined").limit(1)
        )
        db.session.delete(gone)
        commit()
    _assert_summed_equals_direct(app)

    with app.test_request_context():
        # Wellbeing: the ranges read are kept, so a second read counts no measure again;
        # a measure moved to another day, and one deleted, drop the ranges they touch.
        assert not _statements_on(app, "wellbeing_measure", lambda: commissioner_report(PERIODS[0]))
        moved = db.session.scalar(
            select(WellbeingMeasure).where(WellbeingMeasure.referral_id.in_(ids)).limit(1)
        )
        moved.taken_on = date(2026, 4, 1)
        db.session.delete(
            db.session.scalar(
                select(WellbeingMeasure).where(WellbeingMeasure.id != moved.id).limit(1)
            )
        )
        commit()
    _assert_summed_equals_direct(app)

    with app.test_request_context():
        # A wellbeing measure added.
        db.session.add(
            WellbeingMeasure(
                referral_id=ids[3],
                instrument="wemwbs",
                stage="end",
                taken_on=date(2026, 6, 29),
                raw_total=70,
            )
        )
        # A merge: the duplicate, its onward referrals and the kept case all change.
        with_onward = db.session.scalar(
            select(Referral)
            .join(OnwardReferral, OnwardReferral.referral_id == Referral.id)
            .where(Referral.merged_into_id.is_(None), Referral.id.in_(ids))
            .limit(1)
        )
        into = db.session.scalar(
            select(Referral).where(Referral.id.in_(ids), Referral.id != with_onward.id).limit(1)
        )
        actor = db.session.get(StaffUser, app.config["TEST_ACTOR_ID"])
        merging.merge(with_onward, into, actor)
        commit()
    _assert_summed_equals_direct(app)

    with app.test_request_context():
        # A backdated correction: a phone request entered late, moved to the day it came in
        # (from one quarter to the one before), and its date of birth put right.
        late = db.session.scalar(
            select(Referral)
            .where(Referral.created_at >= datetime(2026, 7, 1, tzinfo=UTC), Referral.id.in_(ids))
            .limit(1)
        )
        old_day = local_day(late.created_at)
        late.created_at = datetime(2026, 6, 20, 10, tzinfo=UTC)
        late.date_of_birth = date(1960, 2, 2)
        db.session.flush()
        assert not _marked(old_day) and not _marked(date(2026, 6, 20))
        commit()
    _assert_summed_equals_direct(app)


def test_small_days_add_up_to_a_count_that_is_shown(db_app):
    """Six requests by phone on six days: 1 a day (each under five), 6 in the period, shown."""
    plant(db_app)
    period = Period(date(2026, 8, 1), date(2026, 8, 31))
    with db_app.test_request_context():
        for index in range(6):
            created = datetime(2026, 8, 3 + index, 11, tzinfo=UTC)
            db.session.add(
                Referral(
                    reference=f"SR-SMALL-{index}",
                    submission_token=f"small-{index}",
                    kind="self_referral",
                    source="phone",
                    created_at=created,
                    respond_by=created.date() + timedelta(days=5),
                )
            )
        commit()
        report = commissioner_report(period)
        commit()
        by_source = {line.code: line.count for line in report.received[1].lines}
        assert by_source["phone"].value == 6 and not by_source["phone"].suppressed
        per_day = db.session.scalars(
            select(ReportDailyCount.value).where(
                ReportDailyCount.measure == "source", ReportDailyCount.key == "phone"
            )
        ).all()
        assert sorted(per_day) == [1] * 6
        assert report == commissioner_report(period, direct=True)


def test_refresh_counts_only_stale_days(db_app):
    plant(db_app)
    with db_app.test_request_context():
        first = daily.refresh()
        commit()
        assert first > 90  # 31 March to 1 July, every day of it
        assert daily.refresh() == 0
        referral = db.session.scalar(select(Referral).limit(1))
        referral.area = "Camden"
        commit()
        assert daily.refresh() == 1
        commit()


def test_fresh_days_are_summed_in_one_statement_and_a_stale_day_is_counted_first(db_app):
    plant(db_app)
    with db_app.test_request_context():
        daily.refresh()
        commit()
        period = Period(QUARTER_START, QUARTER_END)
        ran = _statements_on(db_app, "report_", lambda: daily.DaySums.of(period))
        # The inbox sums the statuses on every view: the sums and the check that every
        # day was fresh come in one round trip (they were three).
        assert len(ran) == 1, ran
        referral = db.session.scalar(
            select(Referral).where(Referral.status == "new", Referral.area != "Camden").limit(1)
        )
        referral.area = "Camden"
        commit()
        assert not _marked(local_day(referral.created_at))
        summed = daily.DaySums.of(period)
        commit()
        assert summed.by_measure("area") == DirectCounts(period).by_measure("area")
        assert ("Camden", 0) not in summed.by_measure("area")
        assert _marked(local_day(referral.created_at))


def test_a_range_with_nothing_in_it_is_checked_once_counted_not_counted_again(db_app):
    """A week before any request sums to nothing: once its days are counted, a read asks
    only whether they are still fresh (two statements), not count them again (four)."""
    plant(db_app)
    with db_app.test_request_context():
        quiet = Period(QUARTER_START - timedelta(days=400), QUARTER_START - timedelta(days=394))
        assert daily.DaySums.of(quiet).total() == 0  # counts the seven days
        commit()
        ran = _statements_on(db_app, "report_", lambda: daily.DaySums.of(quiet))
        assert len(ran) == 2, ran
        assert daily.DaySums.of(quiet).sums == {}


def test_the_refresh_command_counts_stale_days_and_all_with_all(db_app):
    plant(db_app)
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["reports", "refresh"])
    assert result.exit_code == 0, result.output
    counted = int(result.output.split("Counted ")[1].split()[0])
    assert counted > 90
    assert "Counted 0 days." in runner.invoke(args=["reports", "refresh"]).output
    assert f"Counted {counted} days." in runner.invoke(args=["reports", "refresh", "--all"]).output


def test_a_change_committed_while_a_day_is_counted_leaves_that_day_to_count_again(
    casework, monkeypatch
):
    """Counting a day and a writer changing it can overlap. Before, the writer's commit
    landed between the count and its up-to-date mark, so the day stayed marked up to date
    with the old counts until the nightly refresh."""
    app, ids = casework
    real_day_counts = daily.day_counts
    with app.test_request_context():
        referral = db.session.scalar(select(Referral).where(Referral.id.in_(ids)).limit(1))
        day, referral_id = local_day(referral.created_at), referral.id

        def counted_while_a_writer_commits(counted_day):
            rows = real_day_counts(counted_day)
            with Session(db.engine) as writer:  # another request, committing meanwhile
                changed = writer.get(Referral, referral_id)
                changed.preferred_name = (changed.preferred_name or "") + " (changed)"
                writer.commit()
            return rows

        monkeypatch.setattr(daily, "day_counts", counted_while_a_writer_commits)
        if db.engine.dialect.name == "sqlite":
            # SQLite refuses a reader's write after another commit; a page then runs again
            # holding the write lock from the start (transaction.TransactionalFlask).
            with pytest.raises(OperationalError) as refused:
                daily.count_days([day])
            assert is_busy(refused.value)
            roll_back()
        else:
            daily.count_days([day])
            commit()
        assert daily.stale_days(day, day) == [day]
        monkeypatch.setattr(daily, "day_counts", real_day_counts)
        daily.count_days([day])
        commit()
        assert daily.stale_days(day, day) == []
    _assert_summed_equals_direct(app)
