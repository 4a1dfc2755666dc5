"""Staff accounts that follow joiners and leavers: invitations, roles, deactivation."""

import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from directory_app.accounts import emailed_links, people
from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, EmailedLink, Organisation, Referral, StaffUser
from tests.casework.caseload_helpers import add_case
from tests.outbox import latest_email
from tests.staff import PASSWORD, csrf_token, sign_in
from tests.statements import statements_run

PUBLIC = "https://directory.example.org"
# Trusted (a proxy passes it on), so its requests are served, but not the public address:
# links must not use it.
LYING_HOST = "evil.example"
PEOPLE = "/staff/people"


class LyingHostClient(FlaskClient):
    """A browser whose every request says ``Host: evil.example``."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{LYING_HOST}")
        return super().open(*args, **kwargs)


def _user(app, email: str) -> StaffUser:
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        db.session.expunge(user)
        return user


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
        for event in events:
            db.session.expunge(event)
        return events


def _signed_in(app, email: str):
    client = app.test_client()
    sign_in(client, email)
    assert client.get("/staff/").status_code == 200
    return client


def _post(client, path: str, form_page: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, form_page), **data})


def _invite(client, **overrides):
    data = {"name": "Nia Newstarter", "email": "Nia@Example.org", "role": "link_worker"}
    return _post(client, f"{PEOPLE}/invite", f"{PEOPLE}/invite", **(data | overrides))


def test_an_invitation_emails_a_set_password_link_from_the_public_address(app, staff):
    app.config.update(
        PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["directory.example.org", LYING_HOST, "localhost"]
    )
    app.test_client_class = LyingHostClient
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    response = _invite(admin)
    new = _user(app, "nia@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{PEOPLE}/{new.id}"
    assert new.role == "link_worker" and new.active and new.language is None
    email = latest_email(app)
    assert email.to_address == "nia@example.org"
    assert email.subject.startswith("Your staff account for")
    assert "Nia Newstarter" in email.body and "Admin Person" in email.body
    links = re.findall(r"https?://\S+", email.body)
    assert len(links) == 1 and links[0].startswith(f"{PUBLIC}/staff/password/set/")
    assert LYING_HOST not in email.body
    # The link works: the new member of staff sets a password and is signed in.
    path = links[0].removeprefix(PUBLIC)
    app.test_client_class = FlaskClient
    newcomer = app.test_client()
    assert newcomer.get(path).status_code == 200
    newcomer.post(
        path,
        data={
            "csrf_token": csrf_token(newcomer, path),
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert "Signed in as Nia Newstarter" in newcomer.get("/staff/").get_data(as_text=True)
    assert [e.detail for e in _events(app, "staff.invited")] == [{"role": "link_worker"}]
    assert _events(app, "staff.invited")[0].actor_id == staff["admin"]


def test_an_invitation_in_the_invitees_language_opens_pages_in_it(app, staff):
    admin = _signed_in(app, "admin@example.org")
    _invite(admin, language="pl")
    assert _user(app, "nia@example.org").language == "pl"
    assert "/pl/staff/password/set/" in latest_email(app).body


def test_an_address_that_has_an_account_is_refused(app, staff):
    admin = _signed_in(app, "admin@example.org")
    html = _invite(admin, email=" Link_Worker@example.org").get_data(as_text=True)
    assert "There is already an account with that email address" in html
    assert "<title>Error:" in html and 'href="#email"' in html
    with app.app_context():
        assert db.session.scalar(select(EmailedLink)) is None
        with pytest.raises(people.AlreadyHasAccount):
            people.invite("admin@example.org", "Ada", "admin", db.session.get(StaffUser, 1))


def test_the_invitation_form_explains_what_is_missing(app, staff):
    admin = _signed_in(app, "admin@example.org")
    html = _post(admin, f"{PEOPLE}/invite", f"{PEOPLE}/invite").get_data(as_text=True)
    assert "Enter their name" in html and "Choose a role" in html
    assert 'href="#role-1"' in html and "<title>Error:" in html


def test_a_role_change_ends_the_other_persons_sessions(app, staff):
    worker = _signed_in(app, "link_worker@example.org")
    assert worker.get("/staff/referrals/").status_code == 200
    admin = _signed_in(app, "admin@example.org")
    page = f"{PEOPLE}/{staff['link_worker']}"
    response = _post(admin, f"{page}/role", page, role="provider")
    assert response.status_code == 302 and response.headers["Location"] == page
    # Not a 403 with yesterday's session: they are signed out and must sign in again.
    response = worker.get("/staff/referrals/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
    assert _user(app, "link_worker@example.org").role == "provider"
    [event] = _events(app, "staff.role_changed")
    assert event.detail == {"from_role": "link_worker", "to_role": "provider"}
    assert event.subject_id == staff["link_worker"] and event.actor_id == staff["admin"]
    # Signing in again gives the new role's rights only.
    sign_in(worker, "link_worker@example.org")
    assert worker.get("/staff/referrals/").status_code == 403


def test_deactivating_a_leaver_ends_sessions_voids_links_and_hands_back_cases(app, staff):
    worker = _signed_in(app, "link_worker@example.org")
    with app.app_context():
        user = db.session.get(StaffUser, staff["link_worker"])
        reset_link = emailed_links.create_link(user, "set_password")
        commit()
    reset_path = re.search(r"https?://[^/]+(/\S+)", reset_link).group(1)
    assert worker.get(reset_path).status_code == 200
    open_cases = [add_case(app, assigned_to_id=staff["link_worker"]) for _ in range(2)]
    closed = add_case(app, assigned_to_id=staff["link_worker"], status="closed")
    admin = _signed_in(app, "admin@example.org")
    page = f"{PEOPLE}/{staff['link_worker']}/deactivate"
    confirm = admin.get(page).get_data(as_text=True)
    assert "2 open cases are assigned to them." in confirm
    response = _post(admin, page, page)
    assert response.status_code == 302
    assert "2 open cases went back to the inbox as unassigned" in admin.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    # Their existing session cookie is signed out on the next request.
    assert worker.get("/staff/").status_code == 302
    assert app.test_client().get(reset_path).status_code == 400
    assert "The email address or password is not right" in sign_in(
        app.test_client(), "link_worker@example.org"
    ).get_data(as_text=True)
    left = _user(app, "link_worker@example.org")
    assert not left.active and left.deactivated_at is not None
    with app.app_context():
        assert [db.session.get(Referral, i).assigned_to_id for i in open_cases] == [None, None]
        assert db.session.get(Referral, closed).assigned_to_id == staff["link_worker"]
    [event] = _events(app, "staff.deactivated")
    assert event.detail == {"unassigned_cases": 2} and event.actor_id == staff["admin"]
    assert len(_events(app, "referral.assigned")) == 2


def test_a_leavers_links_stop_working_even_if_made_after_they_left(app, staff):
    with app.app_context():
        leaver = db.session.get(StaffUser, staff["link_worker"])
        people.deactivate(leaver, db.session.get(StaffUser, staff["admin"]))
        # A link stored despite that (an old code path, a race) still opens nothing.
        token = emailed_links.create_link(leaver, "sign_in").rsplit("/", 1)[1]
        commit()
        with pytest.raises(emailed_links.LinkNotUsable):
            emailed_links.link_for(token, "sign_in")
    assert app.test_client().get(f"/staff/sign-in/link/{token}").status_code == 400


def test_a_reactivated_account_can_sign_in_again(app, staff):
    admin = _signed_in(app, "admin@example.org")
    page = f"{PEOPLE}/{staff['provider']}"
    _post(admin, f"{page}/deactivate", page)
    assert sign_in(app.test_client(), "provider@example.org").status_code == 200  # refused
    response = _post(admin, f"{page}/reactivate", page)
    assert response.status_code == 302
    back = _user(app, "provider@example.org")
    assert back.active and back.deactivated_at is None
    assert sign_in(app.test_client(), "provider@example.org").status_code == 302
    assert len(_events(app, "staff.reactivated")) == 1


def test_an_admin_cannot_deactivate_or_demote_themselves(app, staff):
    admin = _signed_in(app, "admin@example.org")
    page = f"{PEOPLE}/{staff['admin']}"
    html = _post(admin, f"{page}/deactivate", page).get_data(as_text=True)
    assert "You cannot do that to your own account" in html and "<title>Error:" in html
    html = _post(admin, f"{page}/role", page, role="link_worker").get_data(as_text=True)
    assert "You cannot do that to your own account" in html and 'href="#role-1"' in html
    me = _user(app, "admin@example.org")
    assert me.active and me.role == "admin"
    assert admin.get("/staff/").status_code == 200  # still signed in
    assert "Ask another administrator" in admin.get(page).get_data(as_text=True)


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(app, staff):
    with app.app_context():
        ada = db.session.get(StaffUser, staff["admin"])
        other = create_user("bo@example.org", "Bo", "admin", PASSWORD)
        commit()
        # Two admins: one may demote the other...
        assert people.change_role(other, "link_worker", ada)
        # ...and then the remaining one is the last: nobody may take that away.
        for attempt in (
            lambda: people.deactivate(ada, other),
            lambda: people.change_role(ada, "provider", other),
        ):
            with pytest.raises(people.LastAdmin):
                attempt()
        commit()
        assert ada.active and ada.role == "admin"
        # A deactivated admin does not count as one.
        third = create_user("cy@example.org", "Cy", "admin", PASSWORD)
        people.deactivate(third, ada)
        with pytest.raises(people.LastAdmin):
            people.deactivate(ada, third)


@pytest.mark.parametrize("role", ["link_worker", "provider"])
def test_only_admins_manage_accounts(app, staff, role):
    client = _signed_in(app, f"{role}@example.org")
    for path in (PEOPLE, f"{PEOPLE}/invite", f"{PEOPLE}/{staff['admin']}"):
        assert client.get(path).status_code == 403
    token = csrf_token(client, "/staff/")
    for action in ("deactivate", "reactivate", "role"):
        response = client.post(
            f"{PEOPLE}/{staff['admin']}/{action}", data={"csrf_token": token, "role": role}
        )
        assert response.status_code == 403
    assert _user(app, "admin@example.org").active
    assert "/staff/people" not in client.get("/staff/").get_data(as_text=True)


def test_the_list_shows_roles_groups_last_sign_in_and_leavers(app, staff):
    with app.app_context():
        pat = db.session.get(StaffUser, staff["provider"])
        pat.organisations.append(db.session.scalars(select(Organisation)).first())
        group = pat.organisations[0].name
        pat.last_signed_in_at = datetime(2026, 7, 15, 12, 30, tzinfo=UTC)
        people.deactivate(
            db.session.get(StaffUser, staff["link_worker"]),
            db.session.get(StaffUser, staff["admin"]),
        )
        commit()
    admin = _signed_in(app, "admin@example.org")
    assert f'href="{PEOPLE}"' in admin.get("/staff/").get_data(as_text=True)
    html = admin.get(PEOPLE).get_data(as_text=True)
    for text in ("Provider Person", "provider@example.org", "Group that lists activities", group):
        assert text in html
    assert "15 Jul 2026, 13:30:00" in html  # London summer time, in the page's locale
    assert "Deactivated" in html and "3 accounts" in html
    polish = admin.get(f"/pl{PEOPLE}").get_data(as_text=True)
    assert "15 lip 2026" in polish
    leavers = admin.get(f"{PEOPLE}?status=deactivated").get_data(as_text=True)
    assert "Link_Worker Person" in leavers and "Provider Person" not in leavers
    providers = admin.get(f"{PEOPLE}?role=provider").get_data(as_text=True)
    assert "Provider Person" in providers and "Admin Person" not in providers
    assert len(_events(app, "people.listed")) == 4


def test_the_list_reads_every_group_accounts_groups_in_one_statement(app, staff):
    with app.app_context():
        organisation = db.session.scalars(select(Organisation)).first()
        name = organisation.name
        for number in range(5):
            provider = create_user(f"group{number}@example.org", f"Group {number}", "provider",
                                   PASSWORD)  # fmt: skip
            provider.organisations.append(organisation)
        commit()
        engine = db.engine
    admin = _signed_in(app, "admin@example.org")
    with statements_run(engine) as ran:
        html = admin.get(PEOPLE).get_data(as_text=True)
    assert html.count(name) >= 5
    # The groups are loaded lazily on single-account pages; the list asks for all at once.
    assert len([s for s, _ in ran if "provider_organisation" in s]) == 1, ran
