"""Property-based fuzzing of every form, public and staff, with valid CSRF tokens and hostile
values in every field. No response may be a 500 or show a traceback.

Bounded in examples: the random search on the suite's database, the sweep on SQLite and
PostgreSQL; hypothesis keeps failing examples in its database between runs on a
developer's machine.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from tests.security.fuzz.hostile import (
    FUZZ,
    ON_THE_SUITES_DATABASE,
    VALUE,
    check,
    csrf_token,
    fill,
    route_ids,
    routes,
    sweep_values,
    who_may_open,
)

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


@pytest.mark.parametrize("endpoint", [e for e in route_ids("POST") if e not in NOT_FUZZED])
@ON_THE_SUITES_DATABASE
@FUZZ
@given(data=st.data())
def test_no_form_gives_a_500(app, clients, endpoint, data):
    rule = next(rule for rule in routes(app, "POST") if rule.endpoint == endpoint)
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).order_by(Activity.id))
    ids = iter(
        data.draw(st.lists(st.one_of(st.just(str(activity_id)), VALUE), min_size=3, max_size=3))
    )
    path = fill(rule, ids)
    who = who_may_open(app, rule)
    client = clients[who]
    token = csrf_token(client, path if "GET" in rule.methods else "/staff/sign-in")
    names = FIELDS.get(rule.endpoint.split(".")[0], ("comment",))
    form = data.draw(st.dictionaries(st.sampled_from(names), VALUE, max_size=8))
    response = client.post(path, data={**form, "csrf_token": token})
    check(response, (who, rule.rule, form))


def test_every_form_takes_every_hostile_value_in_every_field(app, clients):
    with app.app_context():
        activity_id = str(db.session.scalar(select(Activity.id).order_by(Activity.id)))
    posts = 0
    for rule in routes(app, "POST"):
        if rule.endpoint in NOT_FUZZED:
            continue
        who = who_may_open(app, rule)
        client = clients[who]
        path = fill(rule, iter([activity_id] * 3))
        token = csrf_token(client, path if "GET" in rule.methods else "/staff/sign-in")
        names = FIELDS.get(rule.endpoint.split(".")[0], ("comment",))
        for value in sweep_values(app):
            response = client.post(path, data={**dict.fromkeys(names, value), "csrf_token": token})
            check(response, (who, rule.rule, value))
            posts += 1
    assert posts > 500
