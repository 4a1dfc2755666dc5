"""Anonymising a request deletes its plan (the person's words) and keeps its measures
(numbers only, which the reports still count)."""

from datetime import UTC, datetime

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today
from directory_app.models import Referral, StaffUser
from directory_app.models.outcomes import PlanRevision, WellbeingMeasure
from directory_app.outcomes import measures, plans, scales
from directory_app.referrals.retention import anonymise
from tests.casework.caseload_helpers import add_case


def test_anonymising_removes_plans_and_keeps_measures(db_app):
    from directory_app.accounts.service import create_user

    referral_id = add_case(db_app)
    with db_app.app_context():
        actor = create_user("worker@example.org", "Worker", "link_worker", "a long passphrase x")
        referral = db.session.get(Referral, referral_id)
        day = local_today()
        plans.revise_plan(referral, actor, "A wish", "An outcome", "", "", None)
        plans.revise_plan(referral, actor, "Another wish", "An outcome", "", "", None)
        scores = {"ons_satisfied": 3, "ons_worthwhile": 4, "ons_happy": 5, "ons_anxious": 7}
        measures.record_measure(referral, actor, "ons4", "start", day, **scores)
        measures.record_measure(referral, actor, "ons4", "end", day, **scores | {"ons_anxious": 3})
        actor_id = actor.id
        commit()
    with db_app.app_context():
        anonymise(db.session.get(Referral, referral_id), datetime.now(UTC))
        commit()
    with db_app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.plan_revisions == []
        assert db.session.query(PlanRevision).count() == 0
        assert db.session.query(WellbeingMeasure).count() == 2
        (anxious,) = [
            c for c in scales.person_changes(referral.measures) if c.scale == "ons_anxious"
        ]
        assert (anxious.difference, anxious.improved_meaningfully) == (-4, True)
        assert db.session.get(StaffUser, actor_id) is not None
