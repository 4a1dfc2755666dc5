"""Groups change their own listings; moderators check changes; every version is kept."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, EmailOutboxMessage, ListingChange, Organisation
from tests.search.helpers import search
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def setup(app):
    with app.app_context():
        mine, theirs = db.session.scalars(
            select(Organisation).order_by(Organisation.id).limit(2)
        ).all()
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(mine)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
        my_activity = db.session.scalar(
            select(Activity)
            .where(Activity.organisation_id == mine.id, Activity.status == "published")
            .order_by(Activity.id)
        )
        their_activity = db.session.scalar(
            select(Activity).where(Activity.organisation_id == theirs.id).order_by(Activity.id)
        )
        ids = {
            "mine": my_activity.id,
            "theirs": their_activity.id,
            "org": mine.id,
            "title": my_activity.title,
        }
    provider_client = app.test_client()
    sign_in(provider_client, "pat@example.org")
    moderator = app.test_client()
    sign_in(moderator, "lw@example.org")
    return ids, provider_client, moderator


def _slot_rows(html: str) -> dict[str, list[str]]:
    """The session rows as the browser would send them (selected options, input values)."""
    rows = {}
    for name in ("slot_frequency", "slot_day"):
        selects = re.findall(
            rf'<select class="input" id="[^"]+" name="{name}">(.*?)</select>', html, re.S
        )
        rows[name] = [
            (
                re.search(r'<option value="([^"]*)" selected>', body)
                or re.search(r'<option value="([^"]*)"', body)
            ).group(1)
            for body in selects
        ]
    for name in ("slot_start", "slot_end", "slot_date"):
        rows[name] = re.findall(rf'name="{name}" value="([^"]*)"', html)
    for name in ("categories", "audiences", "languages"):
        rows[name] = re.findall(rf'name="{name}" value="([^"]*)" checked', html)
    return rows


def _edit(client, activity_id, slots=None, **changes):
    path = f"/staff/my-groups/activities/{activity_id}"
    html = client.get(path).get_data(as_text=True)
    fields = dict(
        re.findall(
            r'<input class="input[^"]*" type="(?:text|tel|email|url)" id="(\w+)" name="\w+" value="([^"]*)"',
            html,
        )
    )
    fields.update(
        {
            "description": "",
            "first_visit": "",
            "status": "published",
            "csrf_token": csrf_token(client, path),
        }
    )
    fields.update(changes)
    current = _slot_rows(html)
    codes = {
        name: changes.pop(name)
        for name in ("categories", "audiences", "languages")
        if name in changes
    }
    fields.update(changes)
    return client.post(path, data=fields | current | (slots or {}) | codes)


def test_provider_change_waits_for_a_moderator_then_goes_live(app, setup):
    ids, provider, moderator = setup
    _edit(
        provider,
        ids["mine"],
        title="Walking football (new time)",
        schedule_notes="Now on Thursdays",
    )
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert activity.title == ids["title"]  # the published version stays live
        change = db.session.scalar(select(ListingChange))
        assert change.status == "pending" and set(change.changed_fields) >= {
            "title",
            "schedule_notes",
        }
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Walking football (new time)" in queue and "<del>" in queue and "<ins>" in queue
    preview = moderator.get(f"/staff/listing-changes/{change.id}/preview").get_data(as_text=True)
    assert "Preview of a proposed change" in preview and "Walking football (new time)" in preview
    moderator.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    with app.app_context():
        assert db.session.get(Activity, ids["mine"]).title == "Walking football (new time)"
        assert db.session.get(ListingChange, change.id).status == "applied"
        email = db.session.scalars(
            select(EmailOutboxMessage).order_by(EmailOutboxMessage.id.desc())
        ).first()
        assert email.to_address == "pat@example.org" and "now live" in email.body
    # Search follows, through the outbox.
    assert [a.id for a in search(app, text="new time")[1]] == [ids["mine"]]


def test_moderator_sends_a_change_back_with_a_comment(app, setup):
    ids, provider, moderator = setup
    _edit(provider, ids["mine"], summary="Cheaper now")
    with app.app_context():
        change_id = db.session.scalar(select(ListingChange.id))
    token = csrf_token(moderator, "/staff/listing-changes")
    moderator.post(
        f"/staff/listing-changes/{change_id}/return",
        data={"csrf_token": token, "comment": "Please give the new price."},
    )
    with app.app_context():
        change = db.session.get(ListingChange, change_id)
        assert change.status == "returned" and change.comment == "Please give the new price."
        assert db.session.get(Activity, ids["mine"]).summary != "Cheaper now"
    html = provider.get(f"/staff/my-groups/activities/{ids['mine']}").get_data(as_text=True)
    assert (
        "Please give the new price." in html and "Sent back" in html and "Changed: Summary" in html
    )


def test_trusted_groups_changes_go_live_at_once(app, setup):
    ids, provider, _moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["org"]).trusted = True
        commit()
    _edit(provider, ids["mine"], status="paused", schedule_notes="Not running until September")
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert (
            activity.status == "paused" and activity.schedule_notes == "Not running until September"
        )
    assert ids["mine"] not in [a.id for a in search(app)[1]]
    assert "This activity is not running at the moment." in app.test_client().get(
        f"/activities/{ids['mine']}"
    ).get_data(as_text=True)


def test_providers_cannot_touch_another_groups_listing(app, setup):
    ids, provider, _moderator = setup
    path = f"/staff/my-groups/activities/{ids['theirs']}"
    assert provider.get(path).status_code == 404
    assert (
        provider.post(
            path,
            data={
                "csrf_token": csrf_token(provider, "/staff/my-groups"),
                "title": "Hijacked",
                "summary": "x",
                "status": "published",
            },
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None


@pytest.mark.parametrize("path", ["/staff/listing-changes", "/staff/listing-changes/1/preview"])
def test_providers_cannot_moderate(app, setup, path):
    _ids, provider, _moderator = setup
    assert provider.get(path).status_code == 403


def test_edit_form_errors(app, setup):
    ids, provider, _moderator = setup
    html = _edit(provider, ids["mine"], title="", summary="").get_data(as_text=True)
    assert "Enter a title" in html and "Enter a one-line summary" in html


def test_changing_the_times_goes_through_moderation(app, setup):
    ids, provider, moderator = setup
    slots = {
        "slot_frequency": ["weekly", "once"],
        "slot_day": ["thu", "mon"],
        "slot_start": ["18:00", "10:00"],
        "slot_end": ["19:30", "12:00"],
        "slot_date": ["", "2027-01-09"],
    }
    _edit(provider, ids["mine"], slots=slots)
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert change.after["schedule"] == "weekly:thu:18:00-19:30; once:2027-01-09:10:00-12:00"
        change_id = change.id
    # The moderator reads the times in words, as the public page will say them, not codes.
    queue = re.sub(r"<[^>]+>", "", moderator.get("/staff/listing-changes").get_data(as_text=True))
    assert "weekly:thu" not in queue
    assert "Every Thursday, 18:00–19:30 and Saturday, 9 January 2027, 10:00–12:00" in queue
    moderator.post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    html = app.test_client().get(f"/activities/{ids['mine']}").get_data(as_text=True)
    words = re.sub(r"<[^>]+>", "", html)  # the times sit in <bdi>s, for right-to-left pages
    assert "Every Thursday, 18:00–19:30" in words
    assert "Saturday, 9 January 2027, 10:00–12:00" in words


def test_impossible_sessions_are_explained(app, setup):
    ids, provider, _moderator = setup
    bad = {
        "slot_frequency": ["weekly"],
        "slot_day": ["tue"],
        "slot_start": ["12:00"],
        "slot_end": ["11:00"],
        "slot_date": [""],
    }
    html = _edit(provider, ids["mine"], slots=bad).get_data(as_text=True)
    assert "Check the sessions" in html and "<title>Error:" in html
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None


def test_changing_categories_and_languages(app, setup):
    ids, provider, moderator = setup
    _edit(
        provider,
        ids["mine"],
        categories=["physical-activity", "gardening-nature"],
        languages=["en", "pl"],
        audiences=[],
    )
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert set(change.changed_fields) >= {"categories", "languages"}
        change_id = change.id
    moderator.post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert activity.category_codes == ["physical-activity", "gardening-nature"]
        assert activity.language_codes == ["en", "pl"] and activity.audience_codes == []
    assert ids["mine"] in [a.id for a in search(app, categories=["gardening-nature"])[1]]


def test_a_listing_needs_a_type(app, setup):
    ids, provider, _moderator = setup
    html = _edit(provider, ids["mine"], categories=[]).get_data(as_text=True)
    assert "Select at least one type of activity" in html


NO_SESSIONS = {
    "slot_frequency": [""],
    "slot_day": ["mon"],
    "slot_start": [""],
    "slot_end": [""],
    "slot_date": [""],
}


def test_a_listing_by_appointment_needs_no_sessions_but_says_how(app, setup):
    """Debt advice by appointment or a phone line has no sessions; the notes say how."""
    ids, provider, moderator = setup
    html = _edit(provider, ids["mine"], slots=NO_SESSIONS, schedule_notes="").get_data(as_text=True)
    assert "Give at least one session, or say in the notes how people arrange a time" in html
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None
    _edit(
        provider,
        ids["mine"],
        slots=NO_SESSIONS,
        schedule_notes="By appointment: call 01922 650 000",
    )
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert change.after["schedule"] == ""
        change_id = change.id
    moderator.post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    with app.app_context():
        assert db.session.get(Activity, ids["mine"]).schedules == []
    page = app.test_client().get(f"/activities/{ids['mine']}").get_data(as_text=True)
    assert "By appointment: call 01922 650 000" in page
    assert "Add to my calendar" not in page  # nothing to put in a calendar
    found = search(app, text=ids["title"].split(" in ")[0])[1]
    assert ids["mine"] in [a.id for a in found]
    results = app.test_client().get("/search?q=" + ids["title"].split(" in ")[0])
    assert "By appointment: call 01922 650 000" in results.get_data(as_text=True)


def test_a_provider_cannot_preview_another_groups_change(app, setup):
    ids, provider, moderator = setup
    with app.app_context():
        theirs = db.session.get(Activity, ids["theirs"])
        change = ListingChange(
            activity=theirs, before={"title": theirs.title}, after={"title": "Their secret plan"}
        )
        db.session.add(change)
        commit()
        change_id = change.id
    response = provider.get(f"/staff/my-groups/changes/{change_id}/preview")
    assert response.status_code == 404
    assert "Their secret plan" not in response.get_data(as_text=True)
    # The moderator's preview of the same change works, so the 404 is about whose it is.
    assert "Their secret plan" in moderator.get(
        f"/staff/listing-changes/{change_id}/preview"
    ).get_data(as_text=True)


def test_what_to_expect_is_moderated_shown_in_words_and_listed_on_the_page(app, setup):
    ids, provider, moderator = setup
    with app.app_context():
        # The demo listings say what to expect: start from one that does not.
        activity = db.session.get(Activity, ids["mine"])
        activity.run_by = activity.usual_group_size = activity.bring = activity.carer_free = ""
        commit()
    _edit(
        provider,
        ids["mine"],
        run_by="Volunteers from the tenants' association",
        usual_group_size="6-15",
        bring="Comfortable shoes",
        carer_free="yes",
    )
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert set(change.changed_fields) >= {"run_by", "usual_group_size", "bring", "carer_free"}
        assert db.session.get(Activity, ids["mine"]).usual_group_size == ""  # not live yet
    # The moderator reads labels and words, never the codes.
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "How many usually come (optional)" in queue and "<ins>6 to 15 people</ins>" in queue
    assert "<ins>Yes: a carer or support worker comes free</ins>" in queue and "6-15" not in queue
    preview = moderator.get(f"/staff/listing-changes/{change.id}/preview").get_data(as_text=True)
    assert "6 to 15 people" in preview and "Comfortable shoes" in preview
    moderator.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    page = app.test_client().get(f"/activities/{ids['mine']}").get_data(as_text=True)
    expect = re.search(r'<dl[^>]*aria-labelledby="what-to-expect">(.*?)</dl>', page, re.S).group(1)
    lines = re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", expect)
    assert [question for question, _answer in lines] == [
        "Who runs it",
        "How many usually come",
        "What to bring",
        "Can a carer come free?",
        "Can you just turn up?",
    ]
    assert ("How many usually come", "6 to 15 people") in lines
    versions = provider.get(f"/staff/my-groups/activities/{ids['mine']}").get_data(as_text=True)
    assert "What to bring (optional)" in re.search(r"Changed: ([^<]*)", versions).group(1)


def test_what_to_expect_codes_and_lengths_follow_the_listing_rules(app, setup):
    ids, provider, _moderator = setup
    html = _edit(
        provider, ids["mine"], usual_group_size="dozens", bring="x" * 301, contact_email="nope"
    ).get_data(as_text=True)
    assert "<title>Error:" in html
    assert "Use one of: up-to-5, 6-15, 16-30, over-30" in html
    assert "This must be 300 characters or fewer" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None


def test_ages_are_edited_with_the_imports_rules(app, setup):
    ids, provider, moderator = setup
    html = _edit(provider, ids["mine"], age_min="70", age_max="18").get_data(as_text=True)
    assert "The oldest age must not be below the youngest" in html
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None
    _edit(provider, ids["mine"], age_min="11", age_max="18")
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert (change.after["age_min"], change.after["age_max"]) == (11, 18)
    moderator.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    page = app.test_client().get(f"/activities/{ids['mine']}").get_data(as_text=True)
    assert "Ages 11 to 18" in page
