"""A resident's own shortlist, kept in its link, and a link worker's shortlist for a person."""

import re

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity
from directory_app.shortlists import own_lists


def _public_ids(app, count: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Activity.id)
                .where(Activity.status == "published", Activity.venue_id.is_not(None))
                .order_by(Activity.id)
                .limit(count)
            )
        )


def _title(app, activity_id: int) -> str:
    with app.app_context():
        return db.session.get(Activity, activity_id).title


def _save(client, activity_id: int, referrer: str):
    return client.post(
        "/shortlist/save", data={"activity": str(activity_id)}, headers={"Referer": referrer}
    )


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


# The code in the link.


def test_a_code_lists_activities_in_order_each_once():
    code = own_lists.encode([135, 47, 135, 362])
    assert code == "3r-1b-a2"
    assert own_lists.decode(code) == [135, 47, 362]
    assert own_lists.decode("") == []


@pytest.mark.parametrize("code", ["../etc", "a_b", "1--2", "-".join(["1"] * 31), "123456789"])
def test_anything_but_a_code_is_not_a_shortlist(code):
    with pytest.raises(own_lists.NotAShortlist):
        own_lists.decode(code)


def test_a_list_holds_at_most_thirty():
    code = own_lists.encode(list(range(1, 31)))
    assert len(code) < 100
    with pytest.raises(own_lists.ShortlistFull):
        own_lists.with_activity(code, 99)
    assert own_lists.with_activity(code, 5) == code


# A resident's journey, without JavaScript.


def test_a_resident_saves_three_shares_the_link_removes_one_and_prints(app):
    app.config["PUBLIC_URL"] = "https://directory.example.org"
    first, second, third = _public_ids(app, 3)
    client = app.test_client()
    search = _page(client, "/search?q=")
    assert (
        'action="/shortlist/save"' in search
        and "csrf_token"
        not in search.split('action="/shortlist/save"', 1)[1].split("</form>", 1)[0]
    )
    for activity_id in (first, second, third):
        response = _save(client, activity_id, f"http://localhost/activities/{activity_id}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/activities/{activity_id}")
        cookie = response.headers["Set-Cookie"]
        assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    code = own_lists.encode([first, second, third])
    mine = client.get("/shortlist")
    assert mine.status_code == 303 and mine.headers["Location"].endswith(f"/shortlist/{code}")

    other = app.test_client()  # someone the link was sent to: no cookie
    html = _page(other, f"/shortlist/{code}")
    for activity_id in (first, second, third):
        assert _title(app, activity_id).replace("'", "&#39;") in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'value="https://directory.example.org/shortlist/{code}"' in html
    assert "mailto:?subject=" in html

    removed = other.post(
        f"/shortlist/{code}/remove", data={"csrf_token": _csrf(html), "activity": str(second)}
    )
    assert removed.status_code == 303
    new_code = own_lists.encode([first, third])
    assert removed.headers["Location"].endswith(f"/shortlist/{new_code}")
    html = _page(other, f"/shortlist/{new_code}")
    assert _title(app, second).replace("'", "&#39;") not in html

    printed = _page(other, f"/shortlist/{new_code}?print=1")
    assert "<nav" not in printed and "site-header" not in printed
    with app.app_context():
        venue = db.session.get(Activity, first).venue
        assert venue.postcode in printed and venue.address_line.replace("'", "&#39;") in printed


def test_the_link_in_arabic_reads_right_to_left_with_arabic_links(app):
    first, second = _public_ids(app, 2)
    code = own_lists.encode([first, second])
    html = _page(app.test_client(), f"/ar/shortlist/{code}")
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert f"/ar/shortlist/{code}" in html
    assert f"/ar/activities/{first}" in html
    assert "<bdi" in html  # postcodes and phones isolated


def test_a_listing_no_longer_public_is_taken_off_with_a_line_saying_so(app):
    first, second = _public_ids(app, 2)
    with app.app_context():
        db.session.get(Activity, second).status = "archived"
        commit()
    html = _page(app.test_client(), f"/shortlist/{own_lists.encode([first, second])}")
    assert "1 activity on this list is no longer listed" in html
    assert _title(app, second).replace("'", "&#39;") not in html
    assert f"/shortlist/{own_lists.encode([first])}" in html


def test_saving_refuses_forms_from_other_sites_and_unknown_activities(app):
    (first,) = _public_ids(app, 1)
    client = app.test_client()
    forged = client.post(
        "/shortlist/save", data={"activity": str(first)}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert forged.status_code == 403 and "Set-Cookie" not in forged.headers
    assert client.post("/shortlist/save", data={"activity": "99999"}).status_code == 404
    away = _save(client, first, "https://evil.example/phish")
    assert away.headers["Location"].endswith(f"/shortlist/{own_lists.encode([first])}")


def test_a_link_that_is_not_a_code_is_not_found_and_an_empty_list_says_how_to_fill_it(app):
    client = app.test_client()
    assert client.get("/shortlist/not_a_code!").status_code == 404
    assert "Your shortlist is empty" in _page(client, "/shortlist")


@pytest.mark.browser
def test_the_shortlist_page_at_320px_has_no_axe_violations(app, live_server, browser):
    from tests.browser.axe import axe_violations

    first, second = _public_ids(app, 2)
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for activity_id in (first, second):
        page.goto(f"{live_server}/activities/{activity_id}")
        page.click(".actions .save-to-shortlist button")  # the real form, as without scripts
    for prefix in ("", "/ar"):
        page.goto(f"{live_server}{prefix}/shortlist")
        assert page.locator(".shortlist .card").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        if violations := axe_violations(page):
            found[prefix or "en"] = violations
    context.close()
    assert not found, found
