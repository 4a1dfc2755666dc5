"""Moderators keep notes on problem reports; a report remembers the page language it was
made in, and the reply is offered in it; the list says whether a reply has gone."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.problems import add_note, replies_sent
from directory_app.models import Activity, AuditEvent, ProblemReport, ProblemReportNote, StaffUser
from tests.staff import PASSWORD, csrf_token, sign_in

LIST = "/listings/problems"
REPORTER = "reporter@example.com"


@pytest.fixture
def app(app):
    with app.app_context():
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    return app


def _activity_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Activity.id).where(Activity.status == "published").order_by(Activity.id).limit(1)
        )


def _report(app, language="", reply_email=REPORTER, activity_id=None) -> int:
    with app.app_context():
        report = ProblemReport(
            activity_id=activity_id or _activity_id(app),
            kind="stopped",
            details="Closed",
            reply_email=reply_email,
            language=language,
        )
        db.session.add(report)
        commit()
        return report.id


def _moderator(app):
    client = app.test_client()
    sign_in(client, "lw@example.org")
    return client


def _add_note(client, report_id, text, from_page=LIST):
    return client.post(
        f"{LIST}/{report_id}/notes",
        data={"csrf_token": csrf_token(client, from_page), "note": text},
    )


def _notes(app, report_id) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ProblemReportNote.text)
                .where(ProblemReportNote.report_id == report_id)
                .order_by(ProblemReportNote.id)
            )
        )


def test_a_note_added_from_the_list_shows_under_the_report_with_author_and_time(app):
    report_id = _report(app)
    client = _moderator(app)
    listed = client.get(LIST).get_data(as_text=True)
    assert f'action="{LIST}/{report_id}/notes"' in listed
    assert f'<label for="note-{report_id}">Add a note</label>' in listed
    response = _add_note(client, report_id, "Phoned the group: closed for the summer.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{LIST}/{report_id}#notes")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Note added" in page
    assert "Phoned the group: closed for the summer." in page
    with app.app_context():
        note = db.session.scalar(select(ProblemReportNote))
        assert note.author.name == "Lee" and note.report_id == report_id
    assert re.search(r"Lee, \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2}", page)
    listed = client.get(LIST).get_data(as_text=True)
    assert "Phoned the group: closed for the summer." in listed


def test_notes_are_shown_newest_last_and_audited_without_their_text(app):
    report_id = _report(app)
    client = _moderator(app)
    _add_note(client, report_id, "First: emailed the group.")
    _add_note(client, report_id, "Second: they replied.", from_page=f"{LIST}/{report_id}")
    page = client.get(f"{LIST}/{report_id}").get_data(as_text=True)
    assert page.index("First: emailed the group.") < page.index("Second: they replied.")
    assert _notes(app, report_id) == ["First: emailed the group.", "Second: they replied."]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "listing.problem_noted")
            .order_by(AuditEvent.id)
        ).all()
        assert [event.detail["report_id"] for event in events] == [report_id, report_id]
        assert all(event.actor_id is not None for event in events)
        assert set(events[0].detail) == {"report_id", "note_id"}
        all_detail = " ".join(str(e.detail) for e in db.session.scalars(select(AuditEvent)))
        assert "emailed the group" not in all_detail and "they replied" not in all_detail


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Enter a note"), ("x" * 1001, "Your note must be 1000 characters or fewer")],
)
def test_an_empty_or_long_note_is_explained_and_nothing_is_kept(app, text, message):
    report_id = _report(app)
    client = _moderator(app)
    html = _add_note(client, report_id, text).get_data(as_text=True)
    assert "<title>Error:" in html
    assert 'class="error-summary"' in html and 'href="#note"' in html and message in html
    assert 'aria-invalid="true"' in html
    assert _notes(app, report_id) == []


def test_only_moderators_add_notes(app):
    report_id = _report(app)
    with app.app_context():
        create_user("pat@example.org", "Pat", "provider", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "pat@example.org")
    assert client.get(f"{LIST}/{report_id}").status_code == 403
    token = csrf_token(client, "/staff/")
    response = client.post(f"{LIST}/{report_id}/notes", data={"csrf_token": token, "note": "Hi"})
    assert response.status_code == 403
    assert _notes(app, report_id) == []
    assert _moderator(app).get(f"{LIST}/999999").status_code == 404


def test_add_note_strips_and_flushes_for_the_request_to_commit(app):
    report_id = _report(app)
    with app.app_context():
        report = db.session.get(ProblemReport, report_id)
        lee = db.session.scalar(select(StaffUser).where(StaffUser.email == "lw@example.org"))
        note = add_note(report, "  Checked the website.  ", lee)
        assert note.id is not None and note.text == "Checked the website."
        assert report.notes == [note]
        db.session.rollback()
    assert _notes(app, report_id) == []


def test_a_report_remembers_the_page_language_it_was_made_in(app, client):
    activity_id = _activity_id(app)
    path = f"/pl/listings/{activity_id}/report-a-problem"
    response = client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "kind": "stopped", "reply_email": REPORTER},
    )
    assert response.status_code == 302
    english = f"/listings/{activity_id}/report-a-problem"
    newcomer = app.test_client()  # the first client's cookie now chooses Polish
    newcomer.post(english, data={"csrf_token": csrf_token(newcomer, english), "kind": "stopped"})
    with app.app_context():
        languages = db.session.scalars(select(ProblemReport.language).order_by(ProblemReport.id))
        assert list(languages) == ["pl", "en_GB"]


def _selected_language(html: str) -> str:
    select_html = re.search(r'<select[^>]*name="language".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]+)" selected>', select_html).group(1)


def test_the_reply_is_offered_in_the_reports_language(app):
    report_id = _report(app, language="pl")
    html = _moderator(app).get(f"{LIST}/{report_id}/reply").get_data(as_text=True)
    assert _selected_language(html) == "pl"
    assert "They reported it on a page in Polish" in html


@pytest.mark.parametrize("language", ["", "xx"])
def test_without_a_shipped_language_the_reply_is_offered_in_the_moderators(app, language):
    report_id = _report(app, language=language)
    client = _moderator(app)
    assert _selected_language(client.get(f"{LIST}/{report_id}/reply").get_data(as_text=True)) == (
        "en_GB"
    )
    bulgarian = client.get(f"/bg{LIST}/{report_id}/reply").get_data(as_text=True)
    assert _selected_language(bulgarian) == "bg"


def test_the_list_says_whether_a_reply_was_sent(app):
    activity_id = _activity_id(app)
    answered = _report(app, activity_id=activity_id)
    waiting = _report(app, activity_id=activity_id)  # same listing, not answered
    client = _moderator(app)
    path = f"{LIST}/{answered}/reply"
    client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "language": "en_GB", "message": "Fixed."},
    )
    html = client.get(LIST).get_data(as_text=True)
    answered_card = html[
        html.index(f'id="report-{answered}"') : html.index(f'id="report-{waiting}"')
    ]
    waiting_card = html[html.index(f'id="report-{waiting}"') :]
    assert "Reply sent" in answered_card and "No reply sent yet" not in answered_card
    assert "No reply sent yet" in waiting_card and "Reply sent" not in waiting_card
    with app.app_context():
        reports = [db.session.get(ProblemReport, answered), db.session.get(ProblemReport, waiting)]
        assert set(replies_sent(reports)) == {answered}
        assert replies_sent([]) == {}
