"""A change carries only what it changes; groups edit their waiting change; a change made
stale by another is shown to the moderator, never applied silently."""

from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.groups import changes
from directory_app.groups.listing_changes import LISTING
from directory_app.models import Activity, ListingChange, StaffUser
from tests.groups.test_editing import _edit, setup  # noqa: F401 (a fixture)
from tests.staff import csrf_token


def _approve(moderator, change_id, **extra):
    return moderator.post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes"), **extra},
    )


def _changes(app, activity_id):
    with app.app_context():
        return db.session.scalars(
            select(ListingChange)
            .where(ListingChange.activity_id == activity_id)
            .order_by(ListingChange.id)
        ).all()


def test_saving_twice_edits_the_waiting_change_and_approval_keeps_both_edits(app, setup):  # noqa: F811
    ids, provider, moderator = setup
    _edit(provider, ids["mine"], summary="A new summary", schedule_notes="Bring water")
    editor = provider.get(f"/staff/my-groups/activities/{ids['mine']}").get_data(as_text=True)
    assert 'value="A new summary"' in editor  # the group sees what it saved, not the live text
    assert "saving again updates it" in editor
    _edit(provider, ids["mine"], contact_name="Sam Contact")
    (change,) = _changes(app, ids["mine"])  # one change, not two stacked
    assert set(change.after) >= {"summary", "schedule_notes", "contact_name"}
    _approve(moderator, change.id)
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert activity.summary == "A new summary"
        assert activity.schedule_notes == "Bring water"
        assert activity.contact_name == "Sam Contact"


def test_two_changes_waiting_side_by_side_both_stick(app, setup):  # noqa: F811
    """Changes stacked before groups edited their waiting change (or by two people)."""
    ids, _provider, moderator = setup
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "pat@example.org"))
        first = changes.propose(LISTING, activity, user, {"summary": "New summary"}, False)
        second = changes.propose(LISTING, activity, user, {"contact_name": "Sam"}, False)
        commit()
        first_id, second_id = first.id, second.id
    _approve(moderator, first_id)
    _approve(moderator, second_id)
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert (activity.summary, activity.contact_name) == ("New summary", "Sam")


def test_a_change_overtaken_by_another_is_shown_to_the_moderator_not_applied(app, setup):  # noqa: F811
    ids, _provider, moderator = setup
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "pat@example.org"))
        other = create_user("kim@example.org", "Kim", "provider", "x" * 12)
        first = changes.propose(LISTING, activity, user, {"summary": "First idea"}, False)
        second = changes.propose(LISTING, activity, other, {"summary": "Second idea"}, False)
        commit()
        first_id, second_id = first.id, second.id
    _approve(moderator, second_id)
    response = _approve(moderator, first_id)  # would put "First idea" back over "Second idea"
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Activity, ids["mine"]).summary == "Second idea"
        assert db.session.get(ListingChange, first_id).status == "pending"
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Changed since:" in queue and "Second idea" in queue and "Approve anyway" in queue
    _approve(moderator, first_id, overwrite="1")  # seen, and chosen
    with app.app_context():
        assert db.session.get(Activity, ids["mine"]).summary == "First idea"
