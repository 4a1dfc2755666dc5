"""Property-based fuzzing: every GET route in the URL map and every form, public and staff,
with valid CSRF tokens and hostile values. No response may be a 500 or show a traceback.

Bounded in examples so it runs in CI on SQLite and PostgreSQL; hypothesis keeps failing
examples in its database between runs on a developer's machine.
"""

import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, Organisation
from tests.apps import app_for, postgres_copy, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, sign_in

# What hostile input looks like: NUL and control characters, line breaks, right-to-left
# marks, digits that are not ASCII ("²", "٣"), huge numbers, markup, other scripts.
NASTY_VALUES = (
        "\x00", "\r\n", "\t", "²", "٣", "9" * 25, "-1", "0", "1e999", "nan", "%00", "%0d%0a",
        "<script>alert(1)</script>", "javascript:alert(1)", "'; DROP TABLE referral; --",
        "\u202e", "\ufeff", "ñ", "ąę", "الوحدة", "একাকী", "ਕਰਜ਼ਾ", " ", "", "E8 1AG", "RM10",
        "//evil.example", "../../etc/passwd", "{0}", "%(num)s", "2026-02-30", "99:99",
)  # fmt: skip
NASTY = st.sampled_from(NASTY_VALUES)
# The sweeps send every value above on PostgreSQL, the production database. On SQLite they
# send the values whose fate depends on the database (NUL, numbers past 64 bits, dates that
# do not exist, non-ASCII digits and scripts, empty); markup and paths meet the same code
# on both, and sending them twice doubled the sweeps' minutes in CI.
DATABASE_SENSITIVE = (
    "\x00", "²", "٣", "9" * 25, "-1", "0", "1e999", "nan", "%00", "ąę", "الوحدة", " ", "",
    "2026-02-30", "99:99",
)  # fmt: skip
VALUE = st.one_of(
    NASTY,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(NASTY, min_size=2, max_size=4).map("".join),
)
PARAMETERS = (
    "q", "near", "page", "age", "within", "category", "access", "day", "time", "for", "lang",
    "sort", "activity", "status", "kind", "assigned", "area", "reason", "overdue", "free",
    "online", "organisation", "language", "next", "token",
)  # fmt: skip
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory, sqlite_template):
    """One app per database for the whole module: every route is fuzzed against it, and
    building the staff's sessions once keeps the run short."""
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    if request.param == "sqlite":
        url = sqlite_copy(sqlite_template, folder)
    else:
        server = request.getfixturevalue("postgres")
        url = postgres_copy(server, request.getfixturevalue("postgres_template"), folder)
    yield from app_for(url, folder)


@pytest.fixture(scope="module")
def clients(app):
    """A visitor, an admin, a link worker and a provider, each in their own browser."""
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral())
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        commit()
    signed_in = {"visitor": app.test_client()}
    for role, email in (
        ("admin", "admin@example.org"),
        ("link_worker", "lw@example.org"),
        ("provider", "pat@example.org"),
    ):
        signed_in[role] = app.test_client()
        sign_in(signed_in[role], email)
    return signed_in


def _sweep_values(app) -> tuple[str, ...]:
    on_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    return DATABASE_SENSITIVE if on_sqlite else NASTY_VALUES


def _check(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code)
    body = response.get_data().decode("utf-8", "replace")  # the favicon is binary
    assert "Traceback" not in body and "sqlalchemy" not in body.lower(), what


def _routes(app, method: str) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods),
        key=lambda rule: rule.rule,
    )


def _fill(rule, values) -> str:
    """The rule's path with each placeholder replaced by a value, escaped as a browser would."""
    return re.sub(
        r"<(?:[a-z]+:)?([a-z_]+)>", lambda _m: quote(next(values) or "x", safe=""), rule.rule
    )


def _who_may_open(app, rule) -> str:
    """The role that gets past the route's guard, so the fuzzing reaches the view."""
    area = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    roles = getattr(area, "roles", None)
    if not roles:
        return "visitor"
    return "admin" if "admin" in roles else roles[0]


def _route_ids(method: str):
    from directory_app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [rule.endpoint for rule in _routes(app, method) if rule.endpoint != "static"]


@pytest.mark.parametrize("endpoint", _route_ids("GET"))
@FUZZ
@given(data=st.data())
def test_no_get_route_gives_a_500(app, clients, endpoint, data):
    rule = next(rule for rule in _routes(app, "GET") if rule.endpoint == endpoint)
    path = _fill(rule, iter(data.draw(st.lists(VALUE, min_size=3, max_size=3))))
    query = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), VALUE, max_size=4))
    prefix = data.draw(st.sampled_from(["", "/pl", "/ar", "/ur"]))
    who = _who_may_open(app, rule)
    response = clients[who].get(prefix + path, query_string=query)
    _check(response, (who, rule.rule, query))


def test_every_get_route_takes_every_hostile_value_in_every_parameter(app, clients):
    """A sweep as well as the random search: each hostile value in every placeholder and
    every query parameter at once, on every route, as the role that may open it."""
    requests = 0
    for rule in _routes(app, "GET"):
        if rule.endpoint == "static":
            continue
        who = _who_may_open(app, rule)
        for value in _sweep_values(app):
            path = _fill(rule, iter([value] * 3))
            query = dict.fromkeys(PARAMETERS, value)
            _check(clients[who].get(path, query_string=query), (who, rule.rule, value))
            requests += 1
    assert requests > 1000


def _csrf(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""


# Fields each form posts, beyond its CSRF token: names from the forms themselves.
FIELDS = {
    "referrals": (
        "full_name", "preferred_name", "dob_day", "dob_month", "dob_year", "postcode", "phone",
        "email", "preferred_contact", "reasons", "help_wanted", "consent_referral", "language",
        "interpreter", "submission_token", "activity_id", "step", "website", "activity_name",
        "buddy_help", "hoped_session", "good_times",
    ),
    "groups": ("contact_name", "email", "phone", "organisation_name", "organisation_website",
               "organisation_id", "charity_number", "website"),
    "accounts": ("email", "password", "confirm"),
    "staff": ("language",),
    "listings": ("kind", "details", "reply_email", "website"),
    "inbox": ("status", "outcome", "invalid", "assignee", "note", "follow_up_on",
              "volunteer_name", "volunteer_contact", "session_on", "attended", "duplicate", "q"),
    "my_groups": ("title", "summary", "description", "status", "categories", "venue_id",
                  "slot_frequency", "slot_day", "slot_start", "slot_end", "slot_date",
                  "contact_website", "contact_email", "schedule_notes", "language",
                  "organisation", "name", "email"),
    "my_venues": ("name", "address_line", "town", "postcode", "borough", "access_features",
                  "organisation"),
    "account_requests": ("reason",),
    "moderation": ("comment",),
}  # fmt: skip
# Signing out would end the fuzzing client's session; the import takes files (tested apart).
NOT_FUZZED = ("staff.sign_out", "listing_files.import_page")


@pytest.mark.parametrize("endpoint", [e for e in _route_ids("POST") if e not in NOT_FUZZED])
@FUZZ
@given(data=st.data())
def test_no_form_gives_a_500(app, clients, endpoint, data):
    rule = next(rule for rule in _routes(app, "POST") if rule.endpoint == endpoint)
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).order_by(Activity.id))
    ids = iter(
        data.draw(st.lists(st.one_of(st.just(str(activity_id)), VALUE), min_size=3, max_size=3))
    )
    path = _fill(rule, ids)
    who = _who_may_open(app, rule)
    client = clients[who]
    token = _csrf(client, path if "GET" in rule.methods else "/staff/sign-in")
    names = FIELDS.get(rule.endpoint.split(".")[0], ("comment",))
    form = data.draw(st.dictionaries(st.sampled_from(names), VALUE, max_size=8))
    response = client.post(path, data={**form, "csrf_token": token})
    _check(response, (who, rule.rule, form))


def test_every_form_takes_every_hostile_value_in_every_field(app, clients):
    with app.app_context():
        activity_id = str(db.session.scalar(select(Activity.id).order_by(Activity.id)))
    posts = 0
    for rule in _routes(app, "POST"):
        if rule.endpoint in NOT_FUZZED:
            continue
        who = _who_may_open(app, rule)
        client = clients[who]
        path = _fill(rule, iter([activity_id] * 3))
        token = _csrf(client, path if "GET" in rule.methods else "/staff/sign-in")
        names = FIELDS.get(rule.endpoint.split(".")[0], ("comment",))
        for value in _sweep_values(app):
            response = client.post(path, data={**dict.fromkeys(names, value), "csrf_token": token})
            _check(response, (who, rule.rule, value))
            posts += 1
    assert posts > 500
