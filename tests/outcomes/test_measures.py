"""Wellbeing measures through the case page: the ONS4 questions shown and answered, totals
from the licensed paper forms, ranges refused with an error, only the service's instruments
offered, each scale's change shown in words, audited without the scores."""

from datetime import timedelta
from decimal import Decimal

import pytest

from directory_app.core.extensions import db
from directory_app.models import Referral, StaffUser
from directory_app.outcomes import measures
from tests.casework.caseload_helpers import today
from tests.outcomes.outcome_helpers import (
    CASES,
    error_summary,
    events,
    record,
    self_referral,
    signed_in,
    visible_text,
)


def _ons(app, stage="start", satisfied="4", worthwhile="5", happy="3", anxious="8", **more):
    return {
        "stage": stage,
        "taken_on": today(app).isoformat(),
        "ons_satisfied": satisfied,
        "ons_worthwhile": worthwhile,
        "ons_happy": happy,
        "ons_anxious": anxious,
    } | more


def _stored(app, referral_id):
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        return [
            (m.instrument, m.stage, m.ons_satisfied, m.ons_anxious, m.raw_total, m.metric_total)
            for m in referral.measures
        ]


def test_the_case_page_asks_the_four_ons_questions_with_their_anchors(app, staff):
    referral_id = self_referral(app)
    text = visible_text(signed_in(app).get(f"{CASES}{referral_id}").get_data(as_text=True))
    for question in (
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "Overall, how anxious did you feel yesterday?",
    ):
        assert question in text
    assert "0 = not at all, 10 = completely" in text
    assert "Record SWEMWBS" in text
    assert "Record WEMWBS" not in text  # not in the default WELLBEING_MEASURES


def test_ons4_answers_at_start_and_end_show_each_change_and_whether_it_is_meaningful(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    text = visible_text(record(client, referral_id, "ons4", **_ons(app)).get_data(as_text=True))
    assert "Wellbeing measure recorded" in text
    assert "Life satisfaction (ONS): 4" in text
    end = _ons(app, stage="end", satisfied="6", worthwhile="5", happy="3", anxious="9")
    html = record(client, referral_id, "ons4", **end).get_data(as_text=True)
    text = visible_text(html)
    assert "Life satisfaction (ONS) 4 6 +2 Yes" in text
    assert "Things done are worthwhile (ONS) 5 5 0 No" in text
    assert "Anxiety yesterday (ONS, lower is better) 8 9 +1 No" in text
    assert '<bdi dir="ltr">+2</bdi>' in html
    assert _stored(app, referral_id) == [
        ("ons4", "start", 4, 8, None, None),
        ("ons4", "end", 6, 9, None, None),
    ]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("11", "Enter a whole number from 0 to 10"),
        ("-1", "Enter a whole number from 0 to 10"),
        ("seven", "Enter a whole number from 0 to 10"),
        ("", "Enter their answer, a number from 0 to 10"),
    ],
)
def test_ons_answers_outside_0_to_10_are_refused_with_an_error(app, staff, answer, message):
    referral_id = self_referral(app)
    response = record(signed_in(app), referral_id, "ons4", **_ons(app, anxious=answer))
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert error_summary(html) == [message]
    assert 'href="#wellbeing-ons4-ons_anxious"' in html
    assert _stored(app, referral_id) == []


def test_a_swemwbs_total_is_stored_with_its_metric_score(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    day = today(app).isoformat()
    for raw in ("6", "36"):
        html = record(client, referral_id, "swemwbs", stage="start", taken_on=day, raw_total=raw)
        assert error_summary(html.get_data(as_text=True)) == [
            "Enter the total, a whole number from 7 to 35"
        ]
    assert _stored(app, referral_id) == []
    record(client, referral_id, "swemwbs", stage="start", taken_on=day, raw_total="20")
    html = record(client, referral_id, "swemwbs", stage="review", taken_on=day, raw_total="25")
    text = visible_text(html.get_data(as_text=True))
    assert "SWEMWBS metric score: 22.35" in text and "SWEMWBS raw total: 25" in text
    assert "SWEMWBS metric score 18.59 22.35 +3.76 Yes" in text
    assert _stored(app, referral_id) == [
        ("swemwbs", "start", None, None, 20, Decimal("18.59")),
        ("swemwbs", "review", None, None, 25, Decimal("22.35")),
    ]


def test_instruments_the_service_does_not_use_are_hidden_and_refused(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    day = today(app).isoformat()
    response = record(client, referral_id, "swemwbs", stage="start", taken_on=day, raw_total="20")
    assert response.status_code == 200
    assert client.get(f"{CASES}{referral_id}/wellbeing/wemwbs").status_code == 404
    app.config["WELLBEING_MEASURES"] = " WEMWBS, ons4, made-up "
    with app.test_request_context():
        assert measures.enabled_instruments() == ("ons4", "wemwbs")
    text = visible_text(client.get(f"{CASES}{referral_id}").get_data(as_text=True))
    assert "Record WEMWBS" in text and "Record SWEMWBS" not in text
    assert client.get(f"{CASES}{referral_id}/wellbeing/swemwbs").status_code == 404
    html = record(client, referral_id, "wemwbs", stage="start", taken_on=day, raw_total="71")
    assert error_summary(html.get_data(as_text=True)) == [
        "Enter the total, a whole number from 14 to 70"
    ]
    record(client, referral_id, "wemwbs", stage="start", taken_on=day, raw_total="45")
    assert [row[0] for row in _stored(app, referral_id)] == ["swemwbs", "wemwbs"]
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        actor = db.session.get(StaffUser, staff["link_worker"])
        with pytest.raises(measures.InstrumentNotEnabled):
            measures.record_measure(referral, actor, "swemwbs", "start", today(app), raw_total=20)


def test_dates_and_stages_are_checked(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    tomorrow = (today(app) + timedelta(days=1)).isoformat()
    html = record(client, referral_id, "ons4", **_ons(app, taken_on=tomorrow)).get_data(
        as_text=True
    )
    assert error_summary(html) == ["Enter a date that has passed, or today"]
    before = (today(app) - timedelta(days=30)).isoformat()
    html = record(client, referral_id, "ons4", **_ons(app, taken_on=before)).get_data(as_text=True)
    assert error_summary(html) == ["Enter a date after the request arrived"]
    html = record(client, referral_id, "ons4", **_ons(app, stage="middle")).get_data(as_text=True)
    assert error_summary(html) == ["Choose when this measure was taken"]
    assert _stored(app, referral_id) == []


def test_the_service_refuses_scores_out_of_range_or_missing(app, staff):
    referral_id = self_referral(app)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        actor = db.session.get(StaffUser, staff["link_worker"])
        day = today(app)
        scores = {"ons_satisfied": 4, "ons_worthwhile": 4, "ons_happy": 4, "ons_anxious": 4}
        with pytest.raises(ValueError):
            measures.record_measure(
                referral, actor, "ons4", "start", day, **scores | {"ons_happy": 11}
            )
        with pytest.raises(measures.ScoreMissing):
            measures.record_measure(
                referral, actor, "ons4", "start", day, **scores | {"ons_happy": None}
            )
        with pytest.raises(measures.UnexpectedScore):
            measures.record_measure(referral, actor, "ons4", "start", day, **scores, raw_total=20)
        assert referral.measures == []


def test_measures_are_audited_without_their_scores(app, staff):
    referral_id = self_referral(app)
    record(signed_in(app), referral_id, "ons4", **_ons(app, satisfied="7", anxious="2"))
    (event,) = events(app, "wellbeing.recorded")
    assert (event.subject_type, event.subject_id, event.actor_id) == (
        "Referral",
        referral_id,
        staff["link_worker"],
    )
    assert set(event.detail) == {"measure", "instrument", "stage"}
    assert (event.detail["instrument"], event.detail["stage"]) == ("ons4", "start")
