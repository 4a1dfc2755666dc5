"""Admins mark groups as trusted, or not: a trusted group's edits go live at once, and the
moderation queue says which changes come from a trusted group."""

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, AuditEvent, ListingChange, Organisation
from tests.groups.test_editing import _edit
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def setup(app, staff):
    with app.app_context():
        group = db.session.scalar(select(Organisation).order_by(Organisation.id))
        group.trusted = False
        pat = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        pat.organisations.append(group)
        commit()
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.organisation_id == group.id, Activity.status == "published")
            .order_by(Activity.id)
        )
        ids = {"org": group.id, "name": group.name, "activity": activity.id}
    admin, provider = app.test_client(), app.test_client()
    sign_in(admin, "admin@example.org")
    sign_in(provider, "pat@example.org")
    return ids, admin, provider


def _set_trusted(admin, organisation_id: int, answer: str, **extra):
    return admin.post(
        f"/staff/organisations/{organisation_id}/trusted",
        data={"csrf_token": csrf_token(admin, "/staff/organisations"), "trusted": answer} | extra,
    )


def test_the_trusted_mark_decides_whether_a_groups_edit_goes_live_at_once(app, setup):
    ids, admin, provider = setup
    page = admin.get("/staff/organisations", query_string={"q": ids["name"]}).get_data(as_text=True)
    assert ids["name"] in page and "Mark as trusted" in page
    assert "changes to its listings and details go live at once, without a moderator" in page
    response = _set_trusted(admin, ids["org"], "yes", q=ids["name"])
    assert response.status_code == 302 and "q=" in response.headers["Location"]
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "its changes now go live without a moderator" in page and "Changed by Admin Person" in page
    )
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "organisation.trust_changed")
        )
        assert event.subject_id == ids["org"] and event.detail == {"trusted": True}
        assert event.actor.email == "admin@example.org" and event.at is not None
    _edit(provider, ids["activity"], title="Trusted and live")
    with app.app_context():
        assert db.session.get(Activity, ids["activity"]).title == "Trusted and live"
    _set_trusted(admin, ids["org"], "no")
    _edit(provider, ids["activity"], title="Checked first")
    with app.app_context():
        assert db.session.get(Activity, ids["activity"]).title == "Trusted and live"
        assert db.session.scalars(
            select(ListingChange.status).order_by(ListingChange.id)
        ).all() == [
            "applied",
            "pending",
        ]
        assert [
            e.detail["trusted"]
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "organisation.trust_changed")
                .order_by(AuditEvent.id)
            )
        ] == [True, False]


def test_marking_again_records_nothing_and_only_admins_may_mark(app, setup):
    ids, admin, provider = setup
    _set_trusted(admin, ids["org"], "no")  # it was not trusted
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent).where(AuditEvent.action == "organisation.trust_changed")
            )
            is None
        )
    token = csrf_token(provider, "/staff/my-groups")
    refused = provider.post(
        f"/staff/organisations/{ids['org']}/trusted", data={"csrf_token": token, "trusted": "yes"}
    )
    assert refused.status_code == 403 and provider.get("/staff/organisations").status_code == 403
    anonymous = app.test_client().get("/staff/organisations")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    assert (
        admin.post(
            f"/staff/organisations/{ids['org']}/trusted", data={"trusted": "yes"}
        ).status_code
        == 400
    )
    assert _set_trusted(admin, ids["org"], "maybe").status_code == 400
    with app.app_context():
        assert db.session.get(Organisation, ids["org"]).trusted is False


def test_the_list_filters_by_trust_and_the_queue_names_trusted_groups(app, setup):
    ids, admin, provider = setup
    _edit(provider, ids["activity"], title="Waiting from before")  # waits: not yet trusted
    queue = admin.get("/staff/listing-changes").get_data(as_text=True)
    assert "Waiting from before" in queue and "Trusted group" not in queue
    _set_trusted(admin, ids["org"], "yes")
    assert "Trusted group" in admin.get("/staff/listing-changes").get_data(as_text=True)

    def listed(trusted):
        query = {"trusted": trusted, "q": ids["name"]}
        return admin.get("/staff/organisations", query_string=query).get_data(as_text=True)

    assert ids["name"] in listed("yes") and "No groups match." in listed("no")
