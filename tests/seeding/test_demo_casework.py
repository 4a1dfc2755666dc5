"""``flask seed casework``: a year of fictional casework a service manager can report on."""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import aware
from directory_app.models import (
    AuditEvent,
    EmailOutboxMessage,
    OnwardReferral,
    Referral,
    ReferralStatusChange,
    StaffUser,
    WellbeingMeasure,
)
from directory_app.referrals.service import store_request
from directory_app.seeding import demo_casework
from tests.apps import TEST_DATABASE, app_for, postgres_copy, sqlite_copy
from tests.staff import sign_in

SUMMARY = re.compile(
    r"Added (\d+) demo requests \((\d+) buddy requests; ([^)]*)\), (\d+) onward referrals, "
    r"(\d+) with wellbeing measures; (\d+) still open, (\d+) overdue; (\d+) emails not queued"
)


def _seed(app, *extra):
    result = app.test_cli_runner().invoke(args=["seed", "casework", *extra])
    assert result.exit_code == 0, result.output
    return result.output


@dataclass
class Seeded:
    app: object
    output: str
    outbox_before: int


@pytest.fixture(scope="module")
def seeded(request, tmp_path_factory):
    """One app with the demo casework, shared by the tests that only read it: seeding a
    year takes about fifteen seconds, and five tests each seeding their own took 83."""
    folder = tmp_path_factory.mktemp("demo-casework")
    if TEST_DATABASE == "postgresql":
        template = request.getfixturevalue("postgres_template")
        url = postgres_copy(request.getfixturevalue("postgres"), template, folder)
    else:
        url = sqlite_copy(request.getfixturevalue("sqlite_template"), folder)
    for app in app_for(url, folder):
        with app.app_context():
            outbox_before = db.session.scalar(select(func.count(EmailOutboxMessage.id)))
        yield Seeded(app, _seed(app), outbox_before)


def _status_counts(app) -> dict:
    with app.app_context():
        rows = db.session.execute(select(Referral.status, func.count()).group_by(Referral.status))
        return dict(rows.all())


def test_the_counts_are_as_printed_and_the_data_looks_like_a_year(seeded):
    app, output, outbox_before = seeded.app, seeded.output, seeded.outbox_before
    found = SUMMARY.search(output)
    assert found, output
    requests, buddies, statuses, onward, measured, still_open, overdue, not_queued = (
        found.group(i) for i in range(1, 9)
    )
    printed = {s.split(" ")[1]: int(s.split(" ")[0]) for s in statuses.split(", ")}
    assert printed == _status_counts(app)
    with app.app_context():
        referrals = list(db.session.scalars(select(Referral)))
        assert len(referrals) == int(requests) == 300
        assert sum(r.kind == "buddy" for r in referrals) == int(buddies)
        assert 30 <= int(buddies) <= 60
        assert db.session.scalar(select(func.count(OnwardReferral.id))) == int(onward)
        with_onward = {o.referral_id for o in db.session.scalars(select(OnwardReferral))}
        assert 0.3 <= len(with_onward) / 300 <= 0.5
        measured_ids = set(db.session.scalars(select(WellbeingMeasure.referral_id)))
        assert len(measured_ids) == int(measured) and 0.25 <= len(measured_ids) / 300 <= 0.45
        assert sum(r.is_open for r in referrals) == int(still_open) > 0
        assert int(overdue) > 0 and int(overdue) < int(still_open)
        # Fictional people only, from every way in, over the whole year.
        assert {r.source for r in referrals} == {"self", "professional", "phone", "in_person"}
        assert all(r.email == "" or r.email.endswith("@example.org") for r in referrals)
        assert all(r.phone.startswith("07700 900") for r in referrals)
        months = {(r.created_at.year, r.created_at.month) for r in referrals}
        assert len(months) >= 12
        now = datetime.now(UTC)
        for referral in referrals:
            if referral.first_contacted_at is not None:
                assert aware(referral.created_at) <= aware(referral.first_contacted_at) <= now
        changed = [aware(c.changed_at) for c in db.session.scalars(select(ReferralStatusChange))]
        assert min(changed).date() < date.today().replace(day=1)
        sent = [aware(o.sent_at) for o in db.session.scalars(select(OnwardReferral))]
        assert len({(s.year, s.month) for s in sent}) >= 10
        # The operations queued email; none of it reached the outbox.
        assert int(not_queued) > 0
        assert db.session.scalar(select(func.count(EmailOutboxMessage.id))) == outbox_before
        # Audited as any casework is, with no personal data in the detail.
        actions = Counter(db.session.scalars(select(AuditEvent.action)))
        assert actions["referral.status_changed"] > 300 and actions["onward.sent"] == int(onward)
        assert actions["demo.casework_added"] == 1


def test_the_services_own_link_workers_do_the_casework(app, staff, monkeypatch):
    # Who is assigned shows in a few stories as well as in a year's (which the module's
    # ``seeded`` app has): 30 take 2 s, 300 took 20.
    monkeypatch.setattr(demo_casework, "REQUESTS", 30)
    output = _seed(app)
    assert "Added 30 demo requests" in output
    assert "Made demo link workers" not in output
    with app.app_context():
        assert db.session.scalar(select(func.count(StaffUser.id))) == 3
        assigned = set(db.session.scalars(select(Referral.assigned_to_id).distinct()))
        assert assigned - {None} <= {staff["admin"], staff["link_worker"]}
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    assert client.get("/staff/reports?period=last_12_months").status_code == 200


def _password(output: str) -> str:
    return re.search(r"with the password (\S+)", output).group(1)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_last_quarters_report_has_every_section_with_small_numbers_suppressed(seeded):
    client = seeded.app.test_client()
    sign_in(client, "link.worker@example.org", _password(seeded.output))
    page = client.get("/staff/reports?period=last_quarter")
    assert page.status_code == 200
    assert "fewer than 5" in page.get_data(as_text=True)
    rows = _csv_rows(client.get("/staff/reports/report.csv?period=last_quarter"))
    shown = {}
    for section, _measure, _group, _label, value in rows[1:]:
        if value.isdigit() and int(value) > 0:
            shown[section] = shown.get(section, 0) + 1
    for section in ("received", "first_contact", "onward", "wellbeing", "buddies"):
        assert shown.get(section), section
    assert any(row[4] == "<5" for row in rows[1:])


def test_once_seeded_if_empty_and_again_add_nothing(seeded):
    counts = _status_counts(seeded.app)
    assert "not adding demo casework" in _seed(seeded.app, "--if-empty")
    assert "nothing added" in _seed(seeded.app)
    assert _status_counts(seeded.app) == counts


def test_refuses_beside_requests_the_demo_did_not_make(app):
    with app.app_context():
        fields = {"full_name": "Real Person", "email": "someone@example.com", "source": "self"}
        store_request("self_referral", "a-real-token", fields, date.today(), 5)
        commit()
    result = app.test_cli_runner().invoke(args=["seed", "casework"])
    assert result.exit_code == 1
    assert "the demo did not make" in result.output
    assert "not adding" in _seed(app, "--if-empty")
    assert sum(_status_counts(app).values()) == 1


def test_the_same_casework_every_run_and_if_empty_adds_it_to_an_empty_inbox(
    seeded, tmp_path, sqlite_template
):
    first = _status_counts(seeded.app)
    url = sqlite_copy(sqlite_template, tmp_path)
    for second_app in app_for(url, tmp_path):
        assert "Added 300 demo requests" in _seed(second_app, "--if-empty")
        assert _status_counts(second_app) == first
