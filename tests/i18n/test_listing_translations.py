"""Listing text in the visitor's language, or the original marked with its language."""

import re

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, ListingChange, Organisation, StaffUser
from tests.search.helpers import search
from tests.staff import PASSWORD, csrf_token, sign_in


def _activity_id(app, key_start: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Activity.id).where(Activity.key.like(f"{key_start}%")).order_by(Activity.id)
        )


def test_translated_listing_shows_in_the_page_language(app, client):
    activity_id = _activity_id(app, "coffee-morning-")
    html = client.get(f"/pl/activities/{activity_id}").get_data(as_text=True)
    assert re.search(r"<h1>Kawa i rozmowa – [^<]+</h1>", html)
    assert "Herbata, kawa, ciasto i rozmowa." in html
    # The description has no Polish version: it is shown in English, marked as English.
    assert re.search(r'<p lang="en" dir="ltr">[^<]+</p>', html)
    assert "Ten wpis jest dostępny tylko w języku" not in html


def test_untranslated_listing_is_marked_with_its_language_and_a_note(app, client):
    activity_id = _activity_id(app, "men-in-sheds-")
    html = client.get(f"/pl/activities/{activity_id}").get_data(as_text=True)
    assert re.search(r'<h1 lang="en" dir="ltr">Men in Sheds', html)
    assert "Ten wpis jest dostępny tylko w języku: angielski." in html


def test_results_show_translated_titles(app, client):
    html = client.get("/pl/search?q=coffee").get_data(as_text=True)
    assert "Kawa i rozmowa" in html


def test_organisation_translation(app, client):
    with app.app_context():
        organisation_id = db.session.scalar(
            select(Organisation.id).where(Organisation.key == "polish-saturday-club")
        )
    html = client.get(f"/pl/organisations/{organisation_id}").get_data(as_text=True)
    assert "<h1>Polski Klub Sobotni</h1>" in html
    english = client.get(f"/en/organisations/{organisation_id}").get_data(as_text=True)
    assert "Polski Klub Sobotni" not in english


def test_provider_adds_a_translation_through_moderation(app, staff):
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.key.like("men-in-sheds-%")).order_by(Activity.id)
        )
        provider = db.session.get(StaffUser, staff["provider"])
        provider.organisations.append(activity.organisation)
        commit()
        activity_id = activity.id
    provider_client = app.test_client()
    sign_in(provider_client, "provider@example.org")
    page = f"/staff/my-groups/activities/{activity_id}/translations"
    chooser = provider_client.get(page).get_data(as_text=True)
    assert 'value="pl"' in chooser and 'value="en"' not in chooser
    form = provider_client.get(page + "?language=pl").get_data(as_text=True)
    assert 'lang="pl"' in form
    empty = provider_client.post(
        page + "?language=pl",
        data={
            "csrf_token": csrf_token(provider_client, page + "?language=pl"),
            "title": "Warsztat",
        },
    )
    assert "Enter a one-line summary" in empty.get_data(as_text=True)
    sent = provider_client.post(
        page + "?language=pl",
        data={
            "csrf_token": csrf_token(provider_client, page + "?language=pl"),
            "title": "Męski warsztat",
            "summary": "Majsterkowanie i rozmowa w przyjaznym warsztacie.",
        },
    )
    assert sent.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(ListingChange).order_by(ListingChange.id.desc()))
        assert change.status == "pending"
        assert set(change.changed_fields) == {"pl:title", "pl:summary"}
    # Not live until a moderator approves it.
    assert not search(app, text="majsterkowanie")[1]
    moderator = app.test_client()
    sign_in(moderator, "link_worker@example.org")
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Title in Polish" in queue
    moderator.post(
        f"/staff/listing-changes/{change.id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    _, found = search(app, text="majsterkowanie")
    assert [a.id for a in found] == [activity_id]
    html = app.test_client().get(f"/pl/activities/{activity_id}").get_data(as_text=True)
    assert "<h1>Męski warsztat</h1>" in html


def test_provider_cannot_translate_another_groups_listing(app, staff):
    activity_id = _activity_id(app, "coffee-morning-")
    provider_client = app.test_client()
    sign_in(provider_client, "provider@example.org", PASSWORD)
    assert (
        provider_client.get(f"/staff/my-groups/activities/{activity_id}/translations").status_code
        == 404
    )
