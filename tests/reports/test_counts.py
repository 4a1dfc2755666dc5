"""The report's figures against the hand-counted quarter in ``fixtures``, on SQLite and
PostgreSQL: the true counts the SQL finds, then what the report shows of them."""

from decimal import Decimal

import pytest

from directory_app.models import Referral
from directory_app.reports import counts, onward_counts, wellbeing
from directory_app.reports.periods import Period
from directory_app.reports.report import commissioner_report
from tests.reports.fixtures import QUARTER_END, QUARTER_START, plant

QUARTER = Period(QUARTER_START, QUARTER_END)


@pytest.fixture
def quarter_app(db_app):
    plant(db_app)
    return db_app


def test_requests_are_counted_by_group_in_sql(quarter_app):
    with quarter_app.test_request_context():
        assert counts.total(QUARTER) == 16
        assert counts.by_column(Referral.source, QUARTER) == [
            ("professional", 7),
            ("self", 6),
            ("phone", 3),
        ]
        assert counts.by_column(Referral.kind, QUARTER) == [("self_referral", 12), ("buddy", 4)]
        assert counts.by_column(Referral.area, QUARTER) == [
            ("Hackney", 9),
            ("Islington", 5),
            ("", 2),
        ]
        assert counts.by_column(Referral.language, QUARTER) == [("en", 10), ("pl", 6)]
        assert counts.by_age_band(QUARTER) == [
            ("16-24", 0),
            ("25-34", 7),
            ("35-44", 0),
            ("45-54", 0),
            ("55-64", 0),
            ("65+", 5),
            ("", 4),
        ]
        reasons = dict(counts.by_reason(QUARTER))
        assert reasons["loneliness"] == 7 and reasons["anxiety"] == 3
        assert sum(reasons.values()) == 10 and reasons["housing"] == 0


def test_first_contact_against_the_reply_date(quarter_app):
    with quarter_app.test_request_context():
        found = counts.first_contact(QUARTER)
        assert (found.contacted, found.not_yet, found.within_target, found.late) == (11, 5, 6, 5)
        assert found.median_days == 3
        assert counts.declined_by_person(QUARTER) == 1


def test_onward_referrals_buddies_and_wellbeing(quarter_app):
    with quarter_app.test_request_context():
        onward = onward_counts.onward_counts(QUARTER)
        assert onward.by_answer == [
            ("accepted", 5),
            ("declined", 3),
            ("awaiting", 1),
            ("withdrawn", 0),
        ]
        assert dict(onward.decline_reasons)["full"] == 2
        assert dict(onward.decline_reasons)["other"] == 1
        assert (onward.sent, onward.attended, onward.six_weeks) == (9, 3, 0)
        buddies = counts.buddy_counts(QUARTER)
        assert (buddies.requests, buddies.matched, buddies.attended) == (4, 2, 1)
        changes = {c.scale: c for c in wellbeing.wellbeing_changes(QUARTER)}
        assert changes["wemwbs"].people == 6 and changes["wemwbs"].improved == 3
        assert changes["wemwbs"].average_change == Decimal("1.8")
        assert changes["ons_happy"].people == 2 and changes["swemwbs"].people == 0


def test_the_report_hides_small_counts_and_what_would_give_them_away(quarter_app):
    with quarter_app.test_request_context():
        report = commissioner_report(QUARTER)
        shown = {
            b.measure: {line.code: line.count.shown for line in b.lines} for b in report.received
        }
        # Phone (3) is hidden, and so is self (6), or 16 − 7 would give it back.
        assert shown["by_source"] == {"professional": 7, "self": None, "phone": None}
        assert shown["by_kind"] == {"self_referral": None, "buddy": None}
        assert shown["by_area"] == {"Hackney": 9, "Islington": None, "": None}
        assert shown["by_age_band"]["25-34"] == 7 and shown["by_age_band"]["16-24"] == 0
        assert shown["by_age_band"]["65+"] is None and shown["by_age_band"][""] is None
        # Reasons do not add up to the total (several per request): no second cell hidden.
        assert shown["by_reason"]["loneliness"] == 7 and shown["by_reason"]["anxiety"] is None
        assert report.total.text == "16"
        fc = report.first_contact
        assert (fc.contacted.shown, fc.not_yet.shown, fc.within_target.shown) == (11, 5, 6)
        assert round(fc.share_within_target, 3) == 0.545 and fc.median_days == 3
        assert report.declined_by_person.text == "fewer than 5"
        answers = {line.code: line.count.shown for line in report.onward[0].lines}
        assert answers == {"accepted": 5, "declined": None, "awaiting": None, "withdrawn": 0}
        assert report.onward_attended.suppressed and report.onward_six_weeks.text == "0"
        scales = {s.scale: s for s in report.wellbeing}
        wemwbs = scales["wemwbs"]
        assert wemwbs.people.shown == 6 and wemwbs.average_change == Decimal("1.8")
        assert wemwbs.improved.suppressed and wemwbs.share_improved is None
        assert scales["ons_happy"].people.suppressed and scales["ons_happy"].average_change is None
        assert report.buddy_requests.suppressed and report.buddy_matched.suppressed
