"""Listings say how their group answers referrals, once there are at least five answers."""

from datetime import UTC, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.inbox.onward_stats import ReplyTime, reply_time
from directory_app.models import OnwardReferral, Referral
from tests.casework.onward_helpers import listed_activity, new_case
from tests.statements import statements_run


def _answers(app, activity, waits_in_days, declined=0, answered_at=None):
    """Answered onward referrals to the activity's group, sent ``wait`` days before answering."""
    referral_id = new_case(app, app.test_client())
    answered_at = answered_at or datetime.now(UTC) - timedelta(days=1)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        for number, wait in enumerate(waits_in_days):
            db.session.add(
                OnwardReferral(
                    referral=referral,
                    activity_id=activity.id,
                    organisation_id=activity.organisation_id,
                    status="declined" if number < declined else "accepted",
                    sent_at=answered_at - timedelta(days=wait),
                    answered_at=answered_at,
                )
            )
        commit()


def _page(app, activity) -> str:
    return app.test_client().get(f"/activities/{activity.id}").get_data(as_text=True)


def test_reply_time_shows_at_five_answers_and_not_at_four(app):
    activity = listed_activity(app)
    _answers(app, activity, [1, 2, 3, 4])
    assert "Usually replies" not in _page(app, activity)
    _answers(app, activity, [3])
    page = _page(app, activity)
    assert "Usually replies within 3 days" in page
    assert "Accepts most referrals" in page


def test_acceptance_is_said_in_fifths(app):
    activity = listed_activity(app)
    _answers(app, activity, [0, 0, 1, 1, 2], declined=1)
    assert "Accepts 4 in 5 referrals" in _page(app, activity)


def test_answers_older_than_a_year_do_not_count(app):
    activity = listed_activity(app)
    _answers(app, activity, [1, 1, 1], answered_at=datetime.now(UTC) - timedelta(days=400))
    _answers(app, activity, [1, 1, 1, 1])
    with app.app_context():
        assert reply_time(activity.organisation_id) is None


def test_unanswered_referrals_do_not_count(app):
    activity = listed_activity(app)
    _answers(app, activity, [1, 1, 1, 1])
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        db.session.add(
            OnwardReferral(
                referral=referral,
                activity_id=activity.id,
                organisation_id=activity.organisation_id,
                status="sent",
            )
        )
        commit()
        assert reply_time(activity.organisation_id) is None


def test_the_sentences(app):
    with app.test_request_context(), force_locale("en_GB"):
        assert ReplyTime(0, 5, 5).reply_sentence == "Usually replies the same day"
        assert ReplyTime(1, 5, 5).reply_sentence == "Usually replies within 1 day"
        assert ReplyTime(2, 5, 5).reply_sentence == "Usually replies within 2 days"
        assert ReplyTime(2, 5, 1).acceptance_sentence == "Accepts 1 in 5 referrals"
        assert ReplyTime(2, 6, 0).acceptance_sentence == "Accepts few referrals"


def test_the_activity_page_costs_at_most_one_more_query(app):
    activity = listed_activity(app)
    client = app.test_client()
    client.get(f"/activities/{activity.id}")  # warm caches

    def count():
        with app.app_context():
            engine = db.engine
        with statements_run(engine) as ran:
            client.get(f"/activities/{activity.id}")
        return len(ran)

    with_nothing = count()
    _answers(app, activity, [1, 1, 1, 1, 1])
    with_reply_time = count()
    assert "Usually replies" in client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert with_reply_time <= with_nothing
