"""A group changes its organisation's public details: moderated unless it is trusted, with
a readable comparison in the queue, versions, audit, and no member's address published."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, Organisation, OrganisationChange
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def setup(app, staff):
    with app.app_context():
        mine, theirs = db.session.scalars(
            select(Organisation).order_by(Organisation.id).limit(2)
        ).all()
        mine.trusted = False
        pat = create_user("pat.member@example.org", "Pat", "provider", PASSWORD)
        pat.organisations.append(mine)
        commit()
        ids = {"mine": mine.id, "theirs": theirs.id, "name": mine.name}
    provider, moderator = app.test_client(), app.test_client()
    sign_in(provider, "pat.member@example.org")
    sign_in(moderator, "link_worker@example.org")
    return ids, provider, moderator


def _path(organisation_id: int) -> str:
    return f"/staff/my-groups/organisations/{organisation_id}"


def _save(client, organisation_id: int, **changes):
    """The details form as the browser sends it, with ``changes`` typed over it."""
    path = _path(organisation_id)
    html = client.get(path).get_data(as_text=True)
    values = dict(
        re.findall(
            r'<input class="input[^"]*" type="\w+" id="\w+" name="(\w+)" value="([^"]*)"', html
        )
    )
    values.update(re.findall(r'<textarea[^>]* name="(\w+)"[^>]*>([^<]*)</textarea>', html))
    values["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=values | changes)


def test_a_change_waits_is_approved_and_shows_on_the_public_page(app, setup):
    ids, provider, moderator = setup
    assert f'{_path(ids["mine"])}"' in provider.get("/staff/my-groups").get_data(as_text=True)
    response = _save(
        provider,
        ids["mine"],
        description="Walks and talks for everyone in Leamore.",
        website="leamore-walks.example.org",
        email="hello@leamore-walks.example.org",
        phone="01632 960 001",
        charity_number="1234567",
    )
    assert response.status_code == 302
    page = provider.get(response.headers["Location"]).get_data(as_text=True)
    assert "A moderator will check your change" in page and "Waiting for a moderator" in page
    public = app.test_client()
    assert "Walks and talks" not in public.get(f"/organisations/{ids['mine']}").get_data(
        as_text=True
    )
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Changes to groups’ details to check" in queue
    assert "<ins>https://leamore-walks.example.org</ins>" in queue  # "https://" added
    assert ">Website (optional)</th>" in queue and ">Public email address (optional)</th>" in queue
    with app.app_context():
        change = db.session.scalar(select(OrganisationChange))
        assert change.status == "pending" and change.submitted_by.email == "pat.member@example.org"
        assert set(change.changed_fields) >= {"description", "website", "email", "phone"}
        change_id = change.id
    moderator.post(
        f"/staff/organisation-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    html = public.get(f"/organisations/{ids['mine']}").get_data(as_text=True)
    assert "Walks and talks for everyone in Leamore." in html
    assert (
        'href="https://leamore-walks.example.org"' in html
        and "hello@leamore-walks.example.org" in html
    )
    assert "Registered charity number 1234567" in html
    assert "pat.member@example.org" not in html  # a member's address is never published
    with app.app_context():
        change = db.session.get(OrganisationChange, change_id)
        assert change.status == "applied" and change.reviewed_by.email == "link_worker@example.org"
        actions = db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.subject_type == "Organisation", AuditEvent.subject_id == ids["mine"])
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["organisation.change_proposed", "organisation.change_applied"]
        detail = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "organisation.change_applied")
        ).one()
        assert detail == {"change_id": change_id}
    versions = provider.get(_path(ids["mine"])).get_data(as_text=True)
    assert "Live" in versions and "Website" in versions.split("Versions", 1)[1]


def test_saving_again_updates_the_waiting_change_and_a_moderator_can_send_it_back(app, setup):
    ids, provider, moderator = setup
    _save(provider, ids["mine"], phone="01632 960 001")
    _save(provider, ids["mine"], phone="01632 960 002", description="Updated again")
    with app.app_context():
        (change,) = db.session.scalars(select(OrganisationChange)).all()
        assert (
            change.after["phone"] == "01632 960 002"
            and change.after["description"] == "Updated again"
        )
        change_id = change.id
    assert 'value="01632 960 002"' in provider.get(_path(ids["mine"])).get_data(as_text=True)
    token = csrf_token(moderator, "/staff/listing-changes")
    moderator.post(
        f"/staff/organisation-changes/{change_id}/return",
        data={"csrf_token": token, "comment": "Which phone is it?"},
    )
    page = provider.get(_path(ids["mine"])).get_data(as_text=True)
    assert "A moderator sent your last change back: Which phone is it?" in page
    with app.app_context():
        assert db.session.get(Organisation, ids["mine"]).description != "Updated again"


def test_a_trusted_organisations_change_goes_live_at_once(app, setup):
    ids, provider, _moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["mine"]).trusted = True
        commit()
    page = provider.get(_path(ids["mine"])).get_data(as_text=True)
    assert "Your group is trusted, so your change goes live at once." in page
    _save(provider, ids["mine"], name="Leamore Walkers")
    assert "Leamore Walkers" in app.test_client().get(f"/organisations/{ids['mine']}").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(OrganisationChange.status)) == "applied"


def test_mistakes_are_explained_and_nothing_is_saved(app, setup):
    ids, provider, _moderator = setup
    html = _save(
        provider,
        ids["mine"],
        name="",
        website="javascript:alert(1)",
        email="not an email",
        phone="12",
    ).get_data(as_text=True)
    assert "<title>Error:" in html and "There is a problem" in html
    for message in (
        "Enter the name of the group",
        "Enter a web address, like https://example.org",
        "Enter an email address in the correct format, like name@example.com",
        "Enter a phone number, like 07700 900 982 or 01632 960 001",
    ):
        assert message in html
    with app.app_context():
        assert db.session.scalar(select(OrganisationChange)) is None


def test_the_form_never_fills_in_a_members_address(app, setup):
    ids, provider, _moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["mine"]).email = None
        commit()
    html = provider.get(_path(ids["mine"])).get_data(as_text=True)
    assert "pat.member@example.org" not in html.split("<form", 1)[1].split("</form>", 1)[0].replace(
        '"email"', ""
    )
    _save(provider, ids["mine"], description="No email here")
    with app.app_context():
        change = db.session.scalar(select(OrganisationChange))
        assert "pat.member@example.org" not in str(change.after)


def test_who_may_change_an_organisations_details(app, setup):
    ids, provider, moderator = setup
    theirs = _path(ids["theirs"])
    assert provider.get(theirs).status_code == 404
    token = csrf_token(provider, _path(ids["mine"]))
    assert (
        provider.post(theirs, data={"csrf_token": token, "name": "Taken over"}).status_code == 404
    )
    assert provider.get(f"{theirs}/translations").status_code == 404
    assert moderator.get(theirs).status_code == 403
    anonymous = app.test_client().get(theirs)
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    assert "as an administrator" in admin.get(theirs).get_data(as_text=True)
    _save(admin, ids["theirs"], description="Corrected by an admin")
    with app.app_context():
        assert db.session.get(Organisation, ids["theirs"]).description == "Corrected by an admin"
        change = db.session.scalar(select(OrganisationChange))
        assert change.status == "applied" and change.reviewed_by.email == "admin@example.org"
        assert (
            db.session.scalar(
                select(OrganisationChange).where(OrganisationChange.organisation_id == ids["mine"])
            )
            is None
        )


def test_a_translation_of_the_name_and_description_is_moderated(app, setup):
    ids, provider, moderator = setup
    path = f"{_path(ids['mine'])}/translations"
    assert 'value="pl"' in provider.get(path).get_data(as_text=True)
    token = csrf_token(provider, f"{path}?language=pl")
    refused = provider.post(
        f"{path}?language=pl", data={"csrf_token": token, "description": "Spacery"}
    )
    assert "Enter the name of the group in this language" in refused.get_data(as_text=True)
    provider.post(
        f"{path}?language=pl",
        data={"csrf_token": token, "name": "Spacerowicze", "description": "Spacery dla wszystkich"},
    )
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Name of the group in Polish" in queue and "<ins>Spacerowicze</ins>" in queue
    with app.app_context():
        change_id = db.session.scalar(select(OrganisationChange.id))
    moderator.post(
        f"/staff/organisation-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    with app.app_context():
        organisation = db.session.get(Organisation, ids["mine"])
        (translation,) = [t for t in organisation.translations if t.language == "pl"]
        assert (
            translation.name == "Spacerowicze"
            and translation.description == "Spacery dla wszystkich"
        )
    assert "Spacerowicze" in app.test_client().get(f"/pl/organisations/{ids['mine']}").get_data(
        as_text=True
    )
