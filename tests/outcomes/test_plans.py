"""The WOOP plan through the case page: written, revised with its history kept, a review
date in the past refused, nothing changed adds nothing, audited without the words."""

from datetime import timedelta

import pytest

from directory_app.core.extensions import db
from directory_app.models import Referral, StaffUser
from directory_app.outcomes import plans
from tests.casework.caseload_helpers import today
from tests.outcomes.outcome_helpers import (
    CASES,
    error_summary,
    events,
    save_plan,
    self_referral,
    signed_in,
    visible_text,
)
from tests.staff import csrf_token

WOOP = {
    "wish": "To meet people who speak Polish",
    "outcome": "Feeling less alone at weekends",
    "obstacle": "Worry about going in on my own",
    "plan": "If I feel worried, I will ask my buddy to meet me at the door",
}


def _revisions(app, referral_id):
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        return [(r.wish, r.review_on) for r in plans.plan_history(referral)]


def test_a_plan_is_written_then_revised_and_its_history_kept(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    review = today(app) + timedelta(days=28)
    html = save_plan(client, referral_id, **WOOP, review_on=review.isoformat()).get_data(
        as_text=True
    )
    text = visible_text(html)
    assert "Plan saved" in text
    assert (
        "To meet people who speak Polish" in text and "Last changed by Link_Worker Person" in text
    )
    html = save_plan(
        client, referral_id, **WOOP | {"wish": "To join the Saturday choir"}, review_on=""
    )
    text = visible_text(html.get_data(as_text=True))
    assert "To join the Saturday choir" in text
    assert "Earlier version (1)" in text  # the first plan, in its collapsible history
    assert _revisions(app, referral_id) == [
        ("To join the Saturday choir", None),
        ("To meet people who speak Polish", review),
    ]
    history = visible_text(client.get(f"{CASES}{referral_id}/plan").get_data(as_text=True))
    assert history.index("To join the Saturday choir") < history.index(
        "To meet people who speak Polish"
    )


def test_saving_the_same_plan_again_adds_no_revision(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    save_plan(client, referral_id, **WOOP)
    text = visible_text(save_plan(client, referral_id, **WOOP).get_data(as_text=True))
    assert "Nothing was changed" in text
    assert len(_revisions(app, referral_id)) == 1
    assert len(events(app, "plan.revised")) == 1


def test_a_review_date_in_the_past_is_refused_with_an_error(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    yesterday = today(app) - timedelta(days=1)
    response = save_plan(client, referral_id, **WOOP, review_on=yesterday.isoformat())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert error_summary(html) == ["Enter a review date that is today or later"]
    assert 'href="#plan-review_on"' in html
    assert "To meet people who speak Polish" in html  # what they typed is kept
    assert _revisions(app, referral_id) == []


def test_an_impossible_date_is_refused(app, staff):
    referral_id = self_referral(app)
    html = save_plan(signed_in(app), referral_id, **WOOP, review_on="31/02/2030").get_data(
        as_text=True
    )
    assert error_summary(html) == ["Enter a real date, like 25/12/2026"]
    assert _revisions(app, referral_id) == []


def test_an_overdue_review_date_already_on_the_plan_does_not_block_other_changes(app, staff):
    referral_id = self_referral(app)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        actor = db.session.get(StaffUser, staff["link_worker"])
        day = today(app)
        plans.revise_plan(referral, actor, "Wish", "", "", "", day, today=day)
        later = day + timedelta(days=10)
        with pytest.raises(plans.ReviewDateInPast):
            plans.revise_plan(referral, actor, "Wish", "", "", "", day - timedelta(1), later)
        assert plans.is_review_due(referral, later)
        assert plans.revise_plan(referral, actor, "New wish", "", "", "", day, today=later)
        assert [r.wish for r in plans.plan_history(referral)] == ["New wish", "Wish"]


def test_revisions_are_audited_without_the_persons_words(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app)
    save_plan(client, referral_id, **WOOP)
    save_plan(client, referral_id, **WOOP | {"obstacle": "The bus fare"})
    revised = events(app, "plan.revised")
    assert [(e.subject_type, e.subject_id, e.actor_id) for e in revised] == [
        ("Referral", referral_id, staff["link_worker"])
    ] * 2
    assert revised[1].detail["changed"] == ["obstacle"]
    details = repr([e.detail for e in revised])
    for words in [*WOOP.values(), "The bus fare"]:
        assert words not in details
    client.get(f"{CASES}{referral_id}/plan")
    viewed = [e.detail for e in events(app, "referral.viewed") if e.subject_id == referral_id]
    assert {"page": "plan"} in viewed


def test_providers_cannot_see_or_change_plans_or_measures(app, staff):
    referral_id = self_referral(app)
    client = signed_in(app, "provider")
    token = csrf_token(client, "/staff/my-groups")
    for path in (f"{CASES}{referral_id}/plan", f"{CASES}{referral_id}/wellbeing/ons4"):
        assert client.get(path).status_code == 403
        data = {"csrf_token": token, "plan-wish": "x", "wellbeing-ons4-stage": "start"}
        assert client.post(path, data=data).status_code == 403
    assert _revisions(app, referral_id) == []
    with app.app_context():
        assert db.session.get(Referral, referral_id).measures == []
