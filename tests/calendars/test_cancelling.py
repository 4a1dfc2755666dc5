"""Groups cancel single sessions of their own listings (and put them back on); moderators
may for any listing. The change is live at once, everywhere the next session shows."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.audit import AuditEvent
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.directory.result_cards import result_rows
from directory_app.domain.dates import local_now
from directory_app.models import Activity, Organisation, SearchOutboxEntry
from directory_app.search.queries import SearchHit
from tests.calendars.helpers import events, give_sessions, parse, slot
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def app(db_app):
    """On SQLite and PostgreSQL, as the other group pages are tested."""
    return db_app


@pytest.fixture
def setup(app):
    """Pat's group's published listing meets weekly, its next session two days away;
    Sam is in another group; Lee is a link worker."""
    with app.app_context():
        today = local_now().date()
        mine, theirs = db.session.scalars(
            select(Organisation).order_by(Organisation.id).limit(2)
        ).all()
        for email, group in (("pat@example.org", mine), ("sam@example.org", theirs)):
            provider = create_user(email, email.split("@")[0].title(), "provider", PASSWORD)
            provider.organisations.append(group)
        create_user("lee@example.org", "Lee", "link_worker", PASSWORD)
        commit()
        activity_id = db.session.scalar(
            select(Activity.id)
            .where(Activity.organisation_id == mine.id, Activity.status == "published")
            .order_by(Activity.id)
        )
    first = today + timedelta(days=2)
    give_sessions(app, activity_id, [slot("weekly", weekday=first.weekday())])
    return activity_id, first


def _client(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def _page(activity_id):
    return f"/staff/activities/{activity_id}/cancelled-sessions"


def _cancel(client, activity_id, on_date, reason=""):
    path = _page(activity_id)
    return client.post(
        path, data={"csrf_token": csrf_token(client, path), "on_date": on_date, "reason": reason}
    )


def _restore(client, activity_id, day: date):
    return client.post(
        f"{_page(activity_id)}/{day.isoformat()}/restore",
        data={"csrf_token": csrf_token(client, _page(activity_id))},
    )


def _exdates(client, activity_id) -> list[date]:
    response = client.get(f"/activities/{activity_id}/calendar.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = events(parse(response.data))
    exdate = event.get("exdate")
    return [value.dt.date() for value in exdate.dts] if exdate else []


def _counts(app, activity_id):
    with app.app_context():
        return (
            db.session.get(Activity, activity_id).content_version,
            db.session.scalar(
                select(func.count()).where(SearchOutboxEntry.activity_id == activity_id)
            ),
        )


def _next_on_card(app, activity_id) -> date:
    with app.test_request_context("/"):
        (row,) = result_rows([SearchHit(activity_id)], local_now())
        return row.next_session.starts_at.date()


def test_a_group_cancels_a_date_and_puts_it_back_on(app, setup):
    activity_id, first = setup
    pat, public = _client(app, "pat@example.org"), app.test_client()
    editor = pat.get(f"/staff/my-groups/activities/{activity_id}").get_data(as_text=True)
    assert f'href="{_page(activity_id)}"' in editor
    assert _next_on_card(app, activity_id) == first  # the card is made, and kept
    version, outbox = _counts(app, activity_id)

    response = _cancel(pat, activity_id, first.isoformat(), "Bank holiday")
    assert response.status_code == 302
    page = pat.get(response.headers["Location"]).get_data(as_text=True)
    assert "is cancelled. The listing and calendars show it now." in page
    assert "Bank holiday" in page and "Put back on" in page

    html = public.get(f"/activities/{activity_id}").get_data(as_text=True)
    cancelled = re.search(r'<li class="session-cancelled">(.*?)</li>', html, re.S).group(1)
    assert "<strong>Cancelled</strong>" in cancelled and "Bank holiday" in cancelled
    assert html.count('<li class="session-cancelled">') == 1
    assert _exdates(public, activity_id) == [first]
    assert _next_on_card(app, activity_id) == first + timedelta(days=7)
    new_version, new_outbox = _counts(app, activity_id)
    assert new_version > version and new_outbox > outbox
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "listing.session_cancelled")
        )
        assert event.subject_id == activity_id and event.detail == {"on_date": first.isoformat()}
        assert event.actor.email == "pat@example.org"

    response = _restore(pat, activity_id, first)
    assert response.status_code == 302
    assert "is back on." in pat.get(response.headers["Location"]).get_data(as_text=True)
    assert "session-cancelled" not in public.get(f"/activities/{activity_id}").get_data(
        as_text=True
    )
    assert _exdates(public, activity_id) == []
    assert _next_on_card(app, activity_id) == first
    with app.app_context():
        assert db.session.scalar(
            select(func.count()).where(AuditEvent.action == "listing.session_restored")
        )


def test_another_group_cannot_see_or_change_the_listings_sessions(app, setup):
    activity_id, first = setup
    sam = _client(app, "sam@example.org")
    assert sam.get(_page(activity_id)).status_code == 404
    own_page = "/staff/my-groups"
    response = sam.post(
        _page(activity_id), data={"csrf_token": csrf_token(sam, own_page), "on_date": str(first)}
    )
    assert response.status_code == 404
    _cancel(_client(app, "pat@example.org"), activity_id, first.isoformat())
    response = sam.post(
        f"{_page(activity_id)}/{first.isoformat()}/restore",
        data={"csrf_token": csrf_token(sam, own_page)},
    )
    assert response.status_code == 404
    assert _exdates(app.test_client(), activity_id) == [first]


def test_signed_out_people_are_sent_to_sign_in(app, setup):
    activity_id, _first = setup
    response = app.test_client().get(_page(activity_id))
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_a_moderator_may_cancel_any_listings_session(app, setup):
    activity_id, first = setup
    lee = _client(app, "lee@example.org")
    html = lee.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert f'href="{_page(activity_id)}"' in html
    assert _cancel(lee, activity_id, first.strftime("%d/%m/%Y")).status_code == 302
    assert _exdates(app.test_client(), activity_id) == [first]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (lambda first: "", "Enter the date of the session you are cancelling"),
        (lambda first: "31/02/2027", "Enter a real date, like 25/12/2026"),
        (lambda first: "next tuesday", "Enter a real date, like 25/12/2026"),
        (lambda first: (first + timedelta(days=1)).isoformat(), "does not run on"),
        (lambda first: (first - timedelta(days=7)).isoformat(), "has passed."),
        (lambda first: (first + timedelta(days=7 * 60)).isoformat(), "up to a year ahead"),
    ],
)
def test_only_real_sessions_still_to_come_can_be_cancelled(app, setup, typed, message):
    activity_id, first = setup
    pat = _client(app, "pat@example.org")
    response = _cancel(pat, activity_id, typed(first))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#on_date"' in summary and message in summary
    assert 'id="on_date-error"' in html and 'aria-invalid="true"' in html
    assert _exdates(app.test_client(), activity_id) == []


def test_a_date_cancelled_already_says_so(app, setup):
    activity_id, first = setup
    pat = _client(app, "pat@example.org")
    _cancel(pat, activity_id, first.isoformat())
    html = _cancel(pat, activity_id, first.isoformat()).get_data(as_text=True)
    assert "is cancelled already" in html
    with app.app_context():
        assert len(db.session.get(Activity, activity_id).cancellations) == 1
