"""What the inbox list reads per view: the signed-in account once, not again after the
request's commit, and not its groups (the list has no use for them)."""

from directory_app.core.extensions import db
from tests.staff import sign_in
from tests.statements import statements_run


def _statements(app, client, path: str) -> list[str]:
    with app.app_context():
        engine = db.engine
    with statements_run(engine) as ran:
        assert client.get(path).status_code == 200
    return [statement for statement, _parameters in ran]


def test_the_list_reads_the_signed_in_account_once_and_not_its_groups(app, staff):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    client.get("/staff/referrals/")
    ran = _statements(app, client, "/staff/referrals/")
    accounts = [s for s in ran if "FROM staff_user" in s and "WHERE staff_user." in s]
    groups = [s for s in ran if "FROM provider_organisation" in s or ", provider_organisation" in s]
    # Before: the response's headers asked whether the account was active after the commit
    # had expired it, which read the account and its groups a second time.
    assert len(accounts) == 1, accounts
    # Before: the groups were loaded with every signed-in request (a second statement).
    assert groups == [], groups


def test_a_public_page_seen_signed_in_is_still_not_cached(app, staff):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    assert client.get("/about").headers["Cache-Control"] == "no-store"
    assert "no-store" not in app.test_client().get("/about").headers.get("Cache-Control", "")
