"""A moderator replies to the person who reported a problem, when they left an address:
through the outbox, from the service's own address, with links from ``PUBLIC_URL``."""

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, AuditEvent, EmailOutboxMessage, ProblemReport
from tests.staff import PASSWORD, csrf_token, sign_in

PUBLIC = "https://directory.example.org/find"
# Trusted, so the request is served, but not the public address: links must not use it.
OTHER_HOST = "127.0.0.1"
REPORTER = "reporter@example.com"


@pytest.fixture
def app(app):
    app.config.update(
        PUBLIC_URL=PUBLIC,
        TRUSTED_HOSTS=["directory.example.org", OTHER_HOST, "localhost"],
        MAIL_REPLY_TO="team@directory.example.org",
    )
    with app.app_context():
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    return app


def _report(app, reply_email=REPORTER) -> tuple[int, int]:
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.status == "published").order_by(Activity.id)
        )
        report = ProblemReport(
            activity=activity, kind="stopped", details="Closed", reply_email=reply_email
        )
        db.session.add(report)
        commit()
        return report.id, activity.id


def _moderator(app):
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = OTHER_HOST
    sign_in(client, "lw@example.org")
    return client


def _replies(app) -> list[EmailOutboxMessage]:
    with app.app_context():
        messages = list(
            db.session.scalars(
                select(EmailOutboxMessage).where(EmailOutboxMessage.to_address == REPORTER)
            )
        )
        for message in messages:
            db.session.expunge(message)
        return messages


def test_a_reply_goes_through_the_outbox_with_links_from_the_public_address(app):
    report_id, activity_id = _report(app)
    client = _moderator(app)
    listed = client.get("/listings/problems").get_data(as_text=True)
    path = f"/listings/problems/{report_id}/reply"
    assert path in listed
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "language": "pl",
            "message": "The group says it starts again in March.",
        },
    )
    assert response.status_code == 302
    (reply,) = _replies(app)
    assert "The group says it starts again in March." in reply.body
    assert f"{PUBLIC}/pl/activities/{activity_id}" in reply.body
    assert OTHER_HOST not in reply.body
    # Sent as the service (answers come to its team), not from the moderator's address.
    assert reply.reply_to == "team@directory.example.org"
    assert "lw@example.org" not in reply.body
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "listing.problem_replied")
        )
        assert event.detail == {"report_id": report_id, "language": "pl"}
        assert event.actor_id is not None
        all_detail = " ".join(str(e.detail) for e in db.session.scalars(select(AuditEvent)))
        assert REPORTER not in all_detail


def test_an_empty_reply_is_explained_and_sends_nothing(app):
    report_id, _activity_id = _report(app)
    client = _moderator(app)
    path = f"/listings/problems/{report_id}/reply"
    html = client.post(
        path, data={"csrf_token": csrf_token(client, path), "language": "en_GB", "message": " "}
    ).get_data(as_text=True)
    assert "<title>Error:" in html and "Enter your reply" in html
    assert 'href="#message"' in html
    assert _replies(app) == []


def test_there_is_no_reply_without_an_address(app):
    report_id, _activity_id = _report(app, reply_email="")
    client = _moderator(app)
    assert client.get(f"/listings/problems/{report_id}/reply").status_code == 404
    assert f"/listings/problems/{report_id}/reply" not in client.get("/listings/problems").get_data(
        as_text=True
    )
    assert client.get("/listings/problems/999999/reply").status_code == 404


def test_only_moderators_can_reply(app):
    report_id, _activity_id = _report(app)
    with app.app_context():
        create_user("pat@example.org", "Pat", "provider", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "pat@example.org")
    assert client.get(f"/listings/problems/{report_id}/reply").status_code == 403
    assert _replies(app) == []
