"""Volunteer buddy records: who may see them, adding and changing them, and the checks."""

from datetime import date

import pytest
from sqlalchemy import select

from directory_app.buddies import records
from directory_app.core.extensions import db
from directory_app.models import AuditEvent, Buddy
from tests.casework.buddy_helpers import RECENT, add_buddy
from tests.referrals.helpers import errors
from tests.staff import csrf_token, sign_in

LIST = "/staff/buddies/"


def _form(client, path: str = LIST + "new", **overrides) -> dict:
    data = {
        "csrf_token": csrf_token(client, path),
        "name": "Wanda Nowak",
        "email": "wanda@example.net",
        "phone": "07700 900321",
        "languages": ["pl", "en"],
        "areas": ["Barking and Dagenham"],
        "availability": "Tuesday mornings",
        "notes": "",
        "dbs_checked_on": "2025-06-01",
        "trained_on": "2025-07-01",
        "references_checked_on": "",
        "active": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_providers_get_403_and_visitors_are_sent_to_sign_in(app, staff):
    anonymous = app.test_client()
    response = anonymous.get(LIST)
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    provider = app.test_client()
    sign_in(provider, "provider@example.org")
    assert provider.get(LIST).status_code == 403
    assert provider.get(LIST + "new").status_code == 403
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    assert admin.get(LIST).status_code == 200


def test_a_link_worker_adds_a_volunteer_and_the_log_holds_no_details(app, staff, client):
    sign_in(client, "link_worker@example.org")
    response = client.post(LIST + "new", data=_form(client))
    assert response.status_code == 302
    with app.app_context():
        buddy = db.session.scalar(select(Buddy))
        assert buddy.name == "Wanda Nowak" and buddy.languages == ["pl", "en"]
        assert buddy.areas == ["Barking and Dagenham"] and buddy.dbs_checked_on == date(2025, 6, 1)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "buddy.created"))
        assert event.subject_id == buddy.id and event.actor_id == staff["link_worker"]
        assert "Wanda" not in str(event.detail) and "07700" not in str(event.detail)
    html = client.get(LIST).get_data(as_text=True)
    assert "Wanda Nowak" in html and "Polish" in html and "Tuesday mornings" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter their name"),
        ({"email": "wanda.example.net"}, "Enter an email address in the correct format"),
        ({"dbs_checked_on": "2025-02-30"}, "Enter a real date, like 2026-03-27"),
        ({"trained_on": "2099-01-01"}, "The date must be today or in the past"),
        ({"languages": ["xx"]}, "Choose from the list"),
        ({"areas": ["Atlantis"]}, "Choose from the list"),
    ],
)
def test_mistakes_are_shown_in_an_error_summary_and_nothing_is_saved(
    app, staff, client, overrides, message
):
    sign_in(client, "link_worker@example.org")
    html = client.post(LIST + "new", data=_form(client, **overrides)).get_data(as_text=True)
    assert 'class="error-summary"' in html and "<title>Error:" in html
    assert any(message in error for error in errors(html)), errors(html)
    with app.app_context():
        assert db.session.scalar(select(Buddy)) is None


def test_editing_audits_which_fields_changed_not_their_values(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak", availability="Mornings")
    sign_in(client, "link_worker@example.org")
    path = f"{LIST}{buddy_id}"
    assert "Wanda Nowak" in client.get(path).get_data(as_text=True)
    data = _form(client, path, availability="Evenings", active=None)
    assert client.post(path, data=data).status_code == 302
    with app.app_context():
        buddy = db.session.get(Buddy, buddy_id)
        assert buddy.availability == "Evenings" and buddy.active is False
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "buddy.updated"))
        assert "availability" in event.detail["fields"] and "active" in event.detail["fields"]
        assert "Evenings" not in str(event.detail)


def test_a_dbs_check_counts_for_three_years_and_training_must_be_recorded():
    today = date(2026, 12, 1)
    checked = Buddy(name="A", active=True, dbs_checked_on=date(2023, 12, 1), trained_on=today)
    assert records.checks_due(checked, today) == [] and records.can_be_matched(checked, today)
    checked.dbs_checked_on = date(2023, 11, 30)
    assert records.checks_due(checked, today) == [records.DBS_DUE]
    checked.dbs_checked_on, checked.trained_on = None, None
    assert records.checks_due(checked, today) == [records.DBS_DUE, records.TRAINING_MISSING]
    ready_but_inactive = Buddy(name="B", active=False, dbs_checked_on=today, trained_on=today)
    assert not records.can_be_matched(ready_but_inactive, today)


def test_the_list_puts_active_volunteers_first_and_flags_checks_due(app, staff, client):
    add_buddy(app, "Aaron Away", active=False)
    add_buddy(app, "Ola Old Check", dbs_checked_on=date(2020, 1, 1))
    add_buddy(app, "Nina New", trained_on=None)
    sign_in(client, "link_worker@example.org")
    html = client.get(LIST).get_data(as_text=True)
    assert html.index("Nina New") < html.index("Ola Old Check") < html.index("Aaron Away")
    old_row = html[html.index("Ola Old Check") : html.index("</tr>", html.index("Ola Old Check"))]
    assert "DBS check due" in old_row and "Training not recorded" not in old_row
    new_row = html[html.index("Nina New") : html.index("</tr>", html.index("Nina New"))]
    assert "Training not recorded" in new_row and "DBS check due" not in new_row


def test_the_list_filters_by_language_and_area(app, staff, client):
    add_buddy(app, "Piotr Polish", languages=["pl"], areas=["Hackney"])
    add_buddy(app, "Rana Urdu", languages=["ur"], areas=["Hackney"])
    add_buddy(app, "Paula Polish", languages=["pl"], areas=["Walsall"])
    sign_in(client, "link_worker@example.org")
    html = client.get(LIST + "?language=pl&area=Hackney").get_data(as_text=True)
    assert "Piotr Polish" in html and "Rana Urdu" not in html and "Paula Polish" not in html
    with app.app_context():
        found = records.find_buddies(records.BuddyFilters(language="pl"))
        assert [buddy.name for buddy in found] == ["Paula Polish", "Piotr Polish"]


def test_the_form_offers_the_boroughs_of_the_venues(app, staff, client):
    sign_in(client, "link_worker@example.org")
    html = client.get(LIST + "new").get_data(as_text=True)
    for borough in ("Barking and Dagenham", "Hackney", "Walsall"):
        assert f'value="{borough}"' in html
    assert RECENT.isoformat() not in html  # a new record starts with no dates
