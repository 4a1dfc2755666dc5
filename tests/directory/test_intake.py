""" "Taking new people?": set by a group (account page or reminder link), shown on cards and
pages, stale after INTAKE_STALE_DAYS, filtered and ordered by search."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.intake import ASK, FULL, OPEN, WAITING_LIST, shown_intake
from directory_app.groups import intake
from directory_app.listings.importer import import_listings
from directory_app.listings.reminders import link_token
from directory_app.models import (
    Activity,
    AuditEvent,
    ListingReminder,
    Organisation,
    StaffUser,
)
from directory_app.web import signed_links
from tests.listings.csv_rows import csv_text, published_rows
from tests.search.helpers import search
from tests.staff import PASSWORD, csrf_token, sign_in

TODAY = date.today()
MY_GROUPS = "/staff/my-groups"


def _intake_url(activity_id: int) -> str:
    return f"{MY_GROUPS}/activities/{activity_id}/taking-new-people"


def _published_of(organisation_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Activity.id)
            .where(Activity.organisation_id == organisation_id, Activity.status == "published")
            .order_by(Activity.id)
        )
    )


@pytest.fixture
def groups(app):
    """Two groups with published listings, and a provider account for each."""
    with app.app_context():
        found = []
        for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
            listings = _published_of(organisation.id)
            if listings:
                found.append((organisation, listings))
            if len(found) == 2:
                break
        (mine, my_listings), (theirs, their_listings) = found
        pat = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        pat.organisations.append(mine)
        sam = create_user("sam@example.org", "Sam", "provider", PASSWORD)
        sam.organisations.append(theirs)
        commit()
        return {"mine": my_listings[0], "theirs": their_listings[0]}


def _signed_in(app, email="pat@example.org"):
    client = app.test_client()
    sign_in(client, email)
    return client


def _post_intake(client, activity_id: int, **data):
    token = csrf_token(client, MY_GROUPS)
    return client.post(_intake_url(activity_id), data={"csrf_token": token, **data})


def _activity(app, activity_id: int) -> Activity:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        db.session.expunge(activity)
        return activity


def _audits(app, activity_id: int) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "listing.intake_set",
                    AuditEvent.subject_id == activity_id,
                )
            )
        )


def _set(app, activity_id: int, state: str, wait=None, days_ago: int = 0) -> None:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        intake.set_intake(activity, state, wait, None, "test", TODAY)
        activity.intake_confirmed_on = TODAY - timedelta(days=days_ago)
        commit()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_group_says_full_from_its_account_page_and_cards_and_page_follow(app, groups):
    activity_id = groups["mine"]
    title = _activity(app, activity_id).title
    public = app.test_client()
    before = public.get("/search", query_string={"q": title}).get_data(as_text=True)
    assert "Taking new people" in before  # the default, cached in the card

    client = _signed_in(app)
    page = client.get(MY_GROUPS).get_data(as_text=True)
    assert f'action="{_intake_url(activity_id)}"' in page
    response = _post_intake(client, activity_id, intake=FULL, wait_weeks="")
    assert response.status_code == 302
    assert "Full at the moment" in client.get(MY_GROUPS).get_data(as_text=True)

    activity = _activity(app, activity_id)
    assert (activity.intake, activity.intake_wait_weeks) == (FULL, None)
    assert activity.intake_confirmed_on == TODAY
    card = public.get("/search", query_string={"q": title}).get_data(as_text=True)
    assert "Full at the moment" in card
    assert "Full at the moment" in public.get(f"/activities/{activity_id}").get_data(as_text=True)

    (event,) = _audits(app, activity_id)
    assert event.detail == {"state": FULL, "via": "group account"}
    with app.app_context():
        pat = db.session.scalar(select(StaffUser.id).where(StaffUser.email == "pat@example.org"))
    assert event.actor_id == pat


def test_a_waiting_list_shows_its_typical_wait_with_the_number_isolated(app, groups):
    activity_id = groups["mine"]
    client = _signed_in(app)
    assert _post_intake(client, activity_id, intake=WAITING_LIST, wait_weeks="3").status_code == 302
    assert _activity(app, activity_id).intake_wait_weeks == 3
    page = app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Waiting list — usually about <bdi>3</bdi> weeks" in page
    assert _post_intake(client, activity_id, intake=WAITING_LIST, wait_weeks="1").status_code == 302
    page = app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "usually about <bdi>1</bdi> week<" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"intake": WAITING_LIST, "wait_weeks": ""}, "Enter the typical wait for the waiting list"),
        ({"intake": WAITING_LIST, "wait_weeks": "60"}, "between 1 and 52 weeks"),
        ({"intake": WAITING_LIST, "wait_weeks": "0"}, "between 1 and 52 weeks"),
        ({"intake": WAITING_LIST, "wait_weeks": "soon"}, "between 1 and 52 weeks"),
        ({"intake": "closed", "wait_weeks": ""}, "Select whether the group is taking new people"),
        ({"wait_weeks": ""}, "Select whether the group is taking new people"),
    ],
)
def test_mistakes_come_back_with_an_error_summary_and_change_nothing(app, groups, data, message):
    activity_id = groups["mine"]
    response = _post_intake(_signed_in(app), activity_id, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'class="error-summary"' in html
    assert message in html
    assert _activity(app, activity_id).intake == OPEN
    assert _audits(app, activity_id) == []


def test_a_wait_left_in_the_box_is_dropped_when_another_state_is_picked(app, groups):
    activity_id = groups["mine"]
    assert (
        _post_intake(_signed_in(app), activity_id, intake=FULL, wait_weeks="4").status_code == 302
    )
    assert _activity(app, activity_id).intake_wait_weeks is None


def test_the_service_refuses_what_the_rules_refuse(app, groups):
    with app.app_context():
        activity = db.session.get(Activity, groups["mine"])
        for state, wait, error in [
            ("closed", None, intake.UnknownState),
            (WAITING_LIST, None, intake.WaitNeeded),
            (WAITING_LIST, 53, intake.WaitOutOfRange),
            (FULL, 3, intake.WaitWithoutWaitingList),
        ]:
            with pytest.raises(error):
                intake.set_intake(activity, state, wait, None, "test", TODAY)
        assert activity.intake == OPEN


def test_another_groups_listing_is_refused(app, groups):
    theirs = groups["theirs"]
    client = _signed_in(app)
    assert client.get(_intake_url(theirs)).status_code == 404
    assert _post_intake(client, theirs, intake=FULL, wait_weeks="").status_code == 404
    assert _activity(app, theirs).intake == OPEN
    assert _audits(app, theirs) == []


def test_a_provider_of_another_group_cannot_set_it(app, groups):
    mine = groups["mine"]
    client = _signed_in(app, "sam@example.org")
    assert f'action="{_intake_url(mine)}"' not in client.get(MY_GROUPS).get_data(as_text=True)
    assert _post_intake(client, mine, intake=FULL, wait_weeks="").status_code == 404
    assert _activity(app, mine).intake == OPEN


def test_signed_out_nobody_can_set_it(app, groups):
    client = app.test_client()
    token = csrf_token(client)
    client.post(_intake_url(groups["mine"]), data={"csrf_token": token, "intake": FULL})
    assert _activity(app, groups["mine"]).intake == OPEN


def _reminder_link(app, activity_id: int) -> str:
    with app.app_context():
        reminder = ListingReminder(
            activity_id=activity_id,
            stage_months=6,
            cycle_confirmed_on=TODAY,
            token_id=signed_links.new_token_id(),
        )
        db.session.add(reminder)
        commit()
        return f"/listings/confirm/{link_token(reminder)}"


def test_the_reminder_link_lets_the_group_say_full_without_signing_in(app, groups):
    activity_id = groups["mine"]
    link = _reminder_link(app, activity_id)
    client = app.test_client()
    page = client.get(link).get_data(as_text=True)
    assert "Is the group taking new people?" in page
    token = csrf_token(client, link)
    response = client.post(link, data={"csrf_token": token, "intake": FULL, "wait_weeks": ""})
    assert response.status_code == 302
    activity = _activity(app, activity_id)
    assert (activity.intake, activity.intake_confirmed_on) == (FULL, TODAY)
    (event,) = _audits(app, activity_id)
    assert event.actor_id is None
    assert event.detail == {"state": FULL, "via": "reminder link"}

    # The link still confirms the listing afterwards, in the same visit.
    page = client.get(link).get_data(as_text=True)
    assert "Saved. Your listing now shows: Full at the moment" in page
    confirmed = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert "Thank you: your listing is confirmed" in confirmed.get_data(as_text=True)
    assert _activity(app, activity_id).last_confirmed_on == TODAY


def test_the_reminder_link_form_shows_mistakes(app, groups):
    activity_id = groups["mine"]
    link = _reminder_link(app, activity_id)
    client = app.test_client()
    token = csrf_token(client, link)
    response = client.post(
        link, data={"csrf_token": token, "intake": WAITING_LIST, "wait_weeks": "99"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in html and "between 1 and 52 weeks" in html
    assert _activity(app, activity_id).intake == OPEN


def test_a_tampered_link_sets_nothing(app, groups):
    activity_id = groups["mine"]
    link = _reminder_link(app, activity_id)
    client = app.test_client()
    token = csrf_token(client, link)
    response = client.post(link + "x", data={"csrf_token": token, "intake": FULL, "wait_weeks": ""})
    assert response.status_code == 400
    assert _activity(app, activity_id).intake == OPEN


def test_a_full_confirmed_61_days_ago_asks_the_group(app, groups):
    activity_id = groups["mine"]
    _set(app, activity_id, FULL, days_ago=60)
    assert shown_intake(_activity(app, activity_id), TODAY).state == FULL
    _set(app, activity_id, FULL, days_ago=61)
    activity = _activity(app, activity_id)
    with app.test_request_context():
        shown = shown_intake(activity, TODAY)
        assert (shown.state, shown.text) == (ASK, "Ask the group whether there is space")
    page = app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Ask the group whether there is space" in page
    assert "Full at the moment" not in page
    # "Open" is the default and never goes stale.
    _set(app, activity_id, OPEN, days_ago=400)
    assert shown_intake(_activity(app, activity_id), TODAY).state == OPEN


def test_the_stale_time_is_configurable(app, groups):
    activity_id = groups["mine"]
    _set(app, activity_id, FULL, days_ago=20)
    app.config["INTAKE_STALE_DAYS"] = 14
    with app.app_context():
        assert shown_intake(_activity(app, activity_id), TODAY).state == ASK


def _all_published(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Activity.id).where(Activity.status == "published")))


def test_the_search_filter_returns_only_listings_taking_new_people(app, groups):
    full, waiting, stale_waiting = _all_published(app)[:3]
    _set(app, full, FULL)
    _set(app, waiting, WAITING_LIST, wait=4)
    _set(app, stale_waiting, WAITING_LIST, wait=4, days_ago=90)

    everything, _ = search(app)
    taking, found = search(app, taking="now")
    assert {full, waiting, stale_waiting}.isdisjoint(a.id for a in found)
    assert found and all(a.intake == OPEN for a in found)
    assert taking.total == everything.total - 3

    _, with_waiting = search(app, taking="waiting")
    ids = {a.id for a in with_waiting}
    assert waiting in ids
    assert full not in ids and stale_waiting not in ids
    assert len(ids) == taking.total + 1


def test_the_results_page_offers_and_names_the_filter(app, groups):
    _set(app, groups["mine"], FULL)
    title = _activity(app, groups["mine"]).title
    client = app.test_client()
    page = client.get("/search", query_string={"taking": "now"}).get_data(as_text=True)
    assert 'name="taking" value="now" checked' in page
    assert "Remove filter:" in page and "Taking new people" in _text(page)
    assert title not in page
    unknown = client.get("/search", query_string={"taking": "nonsense"})
    assert unknown.status_code == 200


def test_equal_matches_put_full_listings_after_ones_with_room(app, groups):
    first, second = _all_published(app)[:2]
    with app.app_context():
        for activity_id in (first, second):
            activity = db.session.get(Activity, activity_id)
            activity.title = "Zyxwvut circle"
            activity.last_confirmed_on = TODAY
        commit()
    for full, room in ((first, second), (second, first)):
        # The listing with room is indexed last, so without the rule it would come last.
        _set(app, full, FULL)
        _set(app, room, OPEN)
        _, found = search(app, text="zyxwvut")
        assert [a.id for a in found] == [room, full]


def test_the_listing_import_takes_the_optional_columns(app):
    first, second, third = (
        dict(row, taking_new_people="", wait_weeks="") for row in published_rows(app)[:3]
    )
    first.update(taking_new_people="waiting_list", wait_weeks="6")
    second.update(taking_new_people="full")
    with app.app_context():
        report = import_listings(csv_text([first, second, third]), dry_run=False)
        commit()
        assert report.ok
        by_key = {
            a.key: a
            for a in db.session.scalars(
                select(Activity).where(
                    Activity.key.in_([first["key"], second["key"], third["key"]])
                )
            )
        }
        assert (by_key[first["key"]].intake, by_key[first["key"]].intake_wait_weeks) == (
            WAITING_LIST,
            6,
        )
        assert by_key[second["key"]].intake == FULL
        assert by_key[second["key"]].intake_confirmed_on == TODAY
        assert by_key[third["key"]].intake == OPEN  # an empty cell changes nothing
        via = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "listing.intake_set")
        ).all()
        assert {"state": FULL, "via": "listing import"} in via


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"taking_new_people": "closed"}, "taking_new_people", "Use one of: open, waiting_list"),
        ({"taking_new_people": "waiting_list"}, "wait_weeks", "needs its typical wait"),
        ({"taking_new_people": "waiting_list", "wait_weeks": "53"}, "wait_weeks", "1 to 52"),
        ({"taking_new_people": "full", "wait_weeks": "2"}, "wait_weeks", "Leave this empty"),
        ({"wait_weeks": "2"}, "wait_weeks", "Leave this empty"),
    ],
)
def test_the_listing_import_reports_bad_intake_cells_and_writes_nothing(
    app, cells, column, message
):
    row = {**published_rows(app)[0], "taking_new_people": "", "wait_weeks": "", **cells}
    with app.app_context():
        report = import_listings(csv_text([row]), dry_run=False)
        assert [(p.row, p.column) for p in report.problems] == [(2, column)]
        assert message in report.problems[0].message
        assert db.session.scalar(select(Activity.intake).where(Activity.key == row["key"])) == OPEN
