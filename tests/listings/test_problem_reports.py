"""The public can report a wrong listing; the group is told and moderators deal with it."""

import re

from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, AuditEvent, EmailOutboxMessage, ProblemReport
from tests.staff import PASSWORD, csrf_token, sign_in


def _activity_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Activity.id).where(Activity.status == "published").order_by(Activity.id).limit(1)
        )


def _form(client, activity_id):
    return {"csrf_token": csrf_token(client, f"/listings/{activity_id}/report-a-problem")}


def test_activity_page_links_to_the_report_form(app, client):
    activity_id = _activity_id(app)
    assert f"/listings/{activity_id}/report-a-problem" in client.get(
        f"/activities/{activity_id}"
    ).get_data(as_text=True)


def test_report_reaches_the_group_and_the_moderators(app, client):
    activity_id = _activity_id(app)
    data = _form(client, activity_id) | {
        "kind": "wrong_time_or_place",
        "details": "It is on Thursdays now",
        "reply_email": "Me@Example.com",
    }
    response = client.post(f"/listings/{activity_id}/report-a-problem", data=data)
    assert response.status_code == 302
    assert "Thank you for telling us" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        report = db.session.scalar(select(ProblemReport))
        report_id = report.id
        assert report.kind == "wrong_time_or_place" and report.reply_email == "me@example.com"
        email = db.session.scalar(select(EmailOutboxMessage))
        organisation_email = db.session.get(Activity, activity_id).organisation.email
        assert email.to_address == organisation_email
        assert "The time or place is wrong" in email.body and "Thursdays" in email.body
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    sign_in(client, "lw@example.org")
    html = client.get("/listings/problems").get_data(as_text=True)
    assert "It is on Thursdays now" in html and "me@example.com" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    client.post(f"/listings/problems/{report_id}/resolve", data={"csrf_token": token})
    assert "No problems waiting." in client.get("/listings/problems").get_data(as_text=True)
    with app.app_context():
        report = db.session.get(ProblemReport, report_id)
        assert report.resolved_at is not None and report.reply_email == ""
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {
            "listing.problem_reported",
            "listing.problem_resolved",
            "listing.problems_listed",
        } <= actions


def test_report_errors_are_explained(app, client):
    activity_id = _activity_id(app)
    html = client.post(
        f"/listings/{activity_id}/report-a-problem", data=_form(client, activity_id)
    ).get_data(as_text=True)
    assert "Select what is wrong" in html and "<title>Error:" in html
    data = _form(client, activity_id) | {"kind": "something_else", "reply_email": "nope"}
    html = client.post(f"/listings/{activity_id}/report-a-problem", data=data).get_data(
        as_text=True
    )
    assert "Tell us what is wrong" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    with app.app_context():
        assert db.session.scalar(select(ProblemReport)) is None


def test_honeypot_report_is_not_stored(app, client):
    activity_id = _activity_id(app)
    data = _form(client, activity_id) | {"kind": "stopped", "website": "spam"}
    assert client.post(f"/listings/{activity_id}/report-a-problem", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ProblemReport)) is None


def test_only_moderators_see_problem_reports(app, client):
    with app.app_context():
        create_user("provider@example.org", "Pat", "provider", PASSWORD)
        commit()
    assert client.get("/listings/problems").status_code == 302
    sign_in(client, "provider@example.org")
    assert client.get("/listings/problems").status_code == 403
    assert client.post("/listings/problems/1/resolve").status_code in (400, 403)


def test_report_reaches_each_keeper_in_their_language_not_the_public_address(app, client):
    activity_id = _activity_id(app)
    with app.app_context():
        organisation = db.session.get(Activity, activity_id).organisation
        public = organisation.email
        for email, language, active in (
            ("ola@example.org", "pl", True),
            ("sam@example.org", "en_GB", True),
            ("left@example.org", "pl", False),
        ):
            keeper = create_user(email, "Keeper", "provider", PASSWORD)
            keeper.organisations.append(organisation)
            keeper.language, keeper.active = language, active
        commit()
    data = _form(client, activity_id) | {"kind": "stopped", "reply_email": "me@example.com"}
    assert client.post(f"/listings/{activity_id}/report-a-problem", data=data).status_code == 302
    with app.app_context():
        emails = {m.to_address: m for m in db.session.scalars(select(EmailOutboxMessage))}
    assert set(emails) == {"ola@example.org", "sam@example.org"} and public not in emails
    assert f"/pl/activities/{activity_id}" in emails["ola@example.org"].body
    assert f"/pl/staff/my-groups/activities/{activity_id}" in emails["ola@example.org"].body
    english = emails["sam@example.org"].body
    assert "/pl/" not in english and f"/staff/my-groups/activities/{activity_id}" in english
    # The reporter's address is for the moderators' reply, never passed on to the group.
    assert all("me@example.com" not in m.body for m in emails.values())
