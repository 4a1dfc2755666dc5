"""The audit log as a tool: filters, keyset pages, list views gathered, and the export."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory_app.accounts import audit_queries
from directory_app.accounts.audit_queries import AuditFilters
from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, Referral
from tests.casework.caseload_helpers import add_case
from tests.staff import PASSWORD, sign_in

AUDIT = "/staff/audit"
# 08:00 in London on a summer's day (BST, UTC+1).
MORNING = datetime(2026, 7, 15, 7, 0, tzinfo=UTC)


def _add(app, rows: list[dict]) -> list[int]:
    """Store events as given (at, actor, action, subject); their ids, in order."""
    with app.app_context():
        ids = []
        for row in rows:
            event = AuditEvent(
                at=row.get("at", MORNING),
                actor_id=row.get("actor"),
                action=row["action"],
                subject_type=row.get("subject_type", ""),
                subject_id=row.get("subject_id"),
                detail=row.get("detail", {}),
            )
            db.session.add(event)
            db.session.flush()
            ids.append(event.id)
        commit()
        return ids


def _admin(app, staff):
    client = app.test_client()
    sign_in(client, "admin@example.org")
    return client


def _page(app, **args):
    with app.test_request_context():
        filters = AuditFilters.from_args(args)
        page = audit_queries.events_page(filters)
        ids = [event.id for row in page.rows for event in getattr(row, "events", [row])]
        return page, ids


def _shown_actions(html: str) -> list[str]:
    import re

    return re.findall(r"<td><code>([^<]+)</code></td>", html)


def test_the_person_filter_shows_only_what_they_did(app, staff):
    _add(
        app,
        [
            {"action": "referral.note_added", "actor": staff["link_worker"]},
            {"action": "listing.started", "actor": staff["provider"]},
            {"action": "sign_in.failed"},
        ],
    )
    admin = _admin(app, staff)
    html = admin.get(f"{AUDIT}?actor={staff['provider']}").get_data(as_text=True)
    assert _shown_actions(html) == ["listing.started"]
    html = admin.get(f"{AUDIT}?actor=nobody&action=sign_in.failed").get_data(as_text=True)
    assert _shown_actions(html) == ["sign_in.failed"]
    # Accounts are chosen by id, so no name or email address reaches the URL.
    assert f'<option value="{staff["provider"]}">Provider Person</option>' in html


def test_the_case_filter_is_a_subject_access_view_of_the_case_and_its_duplicates(app, staff):
    case_id, duplicate, other = add_case(app), add_case(app), add_case(app)
    with app.app_context():
        db.session.get(Referral, duplicate).merged_into_id = case_id
        reference = db.session.get(Referral, case_id).reference
        commit()
    _add(
        app,
        [
            {"action": "referral.viewed", "subject_type": "Referral", "subject_id": case_id},
            {"action": "referral.merged", "subject_type": "Referral", "subject_id": duplicate},
            {"action": "referral.viewed", "subject_type": "Referral", "subject_id": other},
            # Another kind of record with the same id is another record.
            {"action": "buddy.viewed", "subject_type": "Buddy", "subject_id": case_id},
        ],
    )
    admin = _admin(app, staff)
    typed = reference.replace("-", " ").lower()  # as read out over the phone
    response = admin.get(AUDIT, query_string={"case": typed, "list_views": "each"})
    html = response.get_data(as_text=True)
    assert f"Audit log of case {reference}" in html
    shown = _shown_actions(html)
    # Events on a case are recorded by storing it too (referral.entered etc.); none of the
    # other case's or the buddy's.
    assert "referral.merged" in shown and "buddy.viewed" not in shown
    assert shown.count("referral.viewed") == 1
    [viewed] = audit_details_of(app, "audit_log.viewed")[-1:]
    assert viewed.subject_type == "Referral" and viewed.subject_id == case_id
    assert viewed.detail == {"referral_id": case_id, "list_views": "each"}
    assert reference not in str(viewed.detail)


def audit_details_of(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()
        for event in events:
            db.session.expunge(event)
        return events


def test_an_unknown_case_is_explained_not_ignored(app, staff):
    html = _admin(app, staff).get(f"{AUDIT}?case=SR-NOPE-NOPE").get_data(as_text=True)
    assert "<title>Error:" in html and 'href="#case"' in html
    assert "No case has that reference" in html and 'value="SR-NOPE-NOPE"' in html
    assert "<table" not in html


def test_the_action_filter_offers_the_actions_present(app, staff):
    _add(app, [{"action": "zz.rare_action"}, {"action": "aa.first"}, {"action": "aa.first"}])
    admin = _admin(app, staff)
    with app.app_context():
        present = audit_queries.actions_present()
    assert present == sorted(set(present)) and {"zz.rare_action", "aa.first"} <= set(present)
    html = admin.get(f"{AUDIT}?action=zz.rare_action").get_data(as_text=True)
    assert _shown_actions(html) == ["zz.rare_action"]
    assert '<option value="zz.rare_action" selected>' in html
    # Only an action's code is taken, so nothing typed into the URL reaches the log's detail.
    admin.get(AUDIT, query_string={"action": "Ann Example 07700 900982"})
    assert audit_details_of(app, "audit_log.viewed")[-1].detail == {}


def test_dates_are_days_in_the_services_time_zone(app, staff):
    late = datetime(2026, 7, 15, 23, 30, tzinfo=UTC)  # 00:30 on the 16th in London
    _add(
        app,
        [
            {"action": "x.on_the_15th", "at": datetime(2026, 7, 14, 23, 30, tzinfo=UTC)},
            {"action": "x.on_the_16th", "at": late},
            {"action": "x.on_the_17th", "at": late + timedelta(days=1)},
        ],
    )
    admin = _admin(app, staff)
    shown = _shown_actions(
        admin.get(f"{AUDIT}?from=2026-07-16&to=2026-07-16").get_data(as_text=True)
    )
    assert [a for a in shown if a.startswith("x.")] == ["x.on_the_16th"]
    shown = _shown_actions(admin.get(f"{AUDIT}?to=2026-07-15").get_data(as_text=True))
    assert [a for a in shown if a.startswith("x.")] == ["x.on_the_15th"]
    shown = _shown_actions(admin.get(f"{AUDIT}?from=2026-07-16").get_data(as_text=True))
    assert [a for a in shown if a.startswith("x.")] == ["x.on_the_17th", "x.on_the_16th"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("from=2026-02-30", "date-from", "Enter a real date"),
        ("from=2026-07-16&to=2026-07-15", "date-to", "The end date must be the same as or after"),
    ],
)
def test_impossible_dates_are_explained(app, staff, query, field, message):
    html = _admin(app, staff).get(f"{AUDIT}?{query}").get_data(as_text=True)
    assert message in html and f'href="#{field}"' in html and "<title>Error:" in html


def test_keyset_pages_repeat_and_skip_nothing(app, staff):
    """A mix of list views (gathered into runs) and record views by three people, and a run
    longer than a page may read: every event is on exactly one page, newest first."""
    people = [staff["admin"], staff["link_worker"], None]
    rows = []
    for n in range(1500):
        actor = people[n % 7 % 3]
        action = "inbox.listed" if n % 5 else "referral.viewed"
        rows.append({"actor": actor, "action": action, "at": MORNING + timedelta(seconds=n)})
    rows += [{"actor": staff["admin"], "action": "inbox.listed"}] * 1200  # one long run
    with app.app_context():
        before = list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id.desc())))
    _add(app, rows)
    with app.app_context():
        every = list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id.desc())))
    assert len(every) == len(before) + 2700
    for mode in ("group", "each", "hide"):
        seen, older, pages = [], None, 0
        while True:
            page, ids = _page(app, list_views=mode, **({"before": older} if older else {}))
            assert len(page.rows) <= audit_queries.PAGE_SIZE
            # Each page is wholly older than the one before it (a run lists its events
            # together, so within a page they are not in id order).
            assert not seen or not ids or max(ids) < min(seen), mode
            seen += ids
            pages += 1
            older = page.older_than
            if older is None:
                break
        with app.app_context():
            expected = (
                every
                if mode != "hide"
                else [
                    e.id
                    for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()))
                    if e.action not in audit_queries.LIST_VIEWS
                ]
            )
        assert len(seen) == len(set(seen)), mode  # nothing repeated
        assert sorted(seen, reverse=True) == expected, mode  # nothing skipped
        assert pages > 1


def test_a_run_of_list_views_is_one_line_and_record_views_stay_one_a_line(app, staff):
    ada, lin = staff["admin"], staff["link_worker"]
    minutes = [2, 5, 9, 14, 17, 20, 22, 25, 28, 30, 33, 36, 39, 41]  # 14 views, 09:02–09:41
    morning = datetime(2026, 7, 15, 8, 0, tzinfo=UTC)  # 09:00 in London
    rows = [
        {
            "actor": lin,
            "action": "referral.viewed",
            "at": morning,
            "subject_type": "Referral",
            "subject_id": 1,
        }
    ]
    for i, minute in enumerate(minutes):
        rows.append(
            {"actor": lin, "action": "inbox.listed", "at": morning + timedelta(minutes=minute)}
        )
        if i == 6:  # a colleague's work in between does not break the run
            rows.append(
                {
                    "actor": ada,
                    "action": "referral.note_added",
                    "at": morning + timedelta(minutes=minute),
                }
            )
    later = morning + timedelta(minutes=50)
    rows += [
        {
            "actor": lin,
            "action": "referral.viewed",
            "at": later,
            "subject_type": "Referral",
            "subject_id": 7,
        },
        {
            "actor": lin,
            "action": "referral.viewed",
            "at": later,
            "subject_type": "Referral",
            "subject_id": 8,
        },
        {"actor": lin, "action": "inbox.listed", "at": later},
    ]
    _add(app, rows)
    admin = _admin(app, staff)
    html = admin.get(f"{AUDIT}?actor={lin}").get_data(as_text=True)
    assert "Viewed the inbox list 14 times, 09:02–09:41" in html
    # Newest first: the lone list view after the record views is an ordinary line.
    assert _shown_actions(html)[:3] == ["inbox.listed", "referral.viewed", "referral.viewed"]
    assert _shown_actions(html).count("inbox.listed") == 1
    html = admin.get(AUDIT).get_data(as_text=True)
    assert "Viewed the inbox list 14 times" in html and "referral.note_added" in html
    hidden = admin.get(f"{AUDIT}?actor={lin}&list_views=hide").get_data(as_text=True)
    assert "Viewed the inbox list" not in hidden
    assert _shown_actions(hidden) == ["referral.viewed"] * 3
    each = admin.get(f"{AUDIT}?actor={lin}&list_views=each").get_data(as_text=True)
    assert _shown_actions(each).count("inbox.listed") == 15


def test_the_export_is_the_filtered_events_safe_for_spreadsheets_and_audited(app, staff):
    with app.app_context():
        hostile = create_user("eve@example.org", '=HYPERLINK("x")', "admin", PASSWORD)
        commit()
        hostile_id = hostile.id
    _add(
        app,
        [
            {
                "actor": hostile_id,
                "action": "referral.viewed",
                "subject_type": "Referral",
                "subject_id": 3,
                "detail": {"page": "message"},
            },
            {"actor": staff["link_worker"], "action": "referral.viewed"},
            {
                "actor": hostile_id,
                "action": "inbox.listed",
                "at": datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
            },
        ],
    )
    admin = _admin(app, staff)
    response = admin.get(f"{AUDIT}/export.csv?actor={hostile_id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == [
        "Event",
        "When",
        "Who",
        "Account id",
        "What",
        "Record type",
        "Record id",
        "Details",
    ]
    assert [row[4] for row in rows[1:]] == [
        "inbox.listed",
        "referral.viewed",
    ]  # each one, newest first
    assert rows[1][1] == "2026-12-01T12:00:00+00:00"  # London time, with its offset
    assert rows[2][2] == '\'=HYPERLINK("x")' and rows[2][3] == str(hostile_id)
    assert rows[2][5:] == ["Referral", "3", '{"page": "message"}']
    [exported] = audit_details_of(app, "audit_log.exported")
    assert exported.detail == {"person": str(hostile_id), "rows": 2}
    assert exported.actor_id == staff["admin"]


def test_the_export_of_a_case_is_named_after_it(app, staff):
    case_id = add_case(app)
    with app.app_context():
        reference = db.session.get(Referral, case_id).reference
    response = _admin(app, staff).get(f"{AUDIT}/export.csv?case={reference}")
    assert f'filename="audit-log-{reference}.csv"' in response.headers["Content-Disposition"]
    [exported] = audit_details_of(app, "audit_log.exported")
    assert exported.subject_id == case_id and exported.detail["referral_id"] == case_id


def test_an_export_with_impossible_filters_goes_back_to_the_page(app, staff):
    response = _admin(app, staff).get(f"{AUDIT}/export.csv?from=yesterday")
    assert response.status_code == 302 and "from=yesterday" in response.headers["Location"]
    assert audit_details_of(app, "audit_log.exported") == []


@pytest.mark.parametrize("role", ["link_worker", "provider"])
def test_only_admins_export_the_log(app, staff, role):
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    assert client.get(f"{AUDIT}/export.csv").status_code == 403


def test_filters_carry_into_the_next_page_link(app, staff):
    _add(app, [{"actor": staff["link_worker"], "action": "referral.viewed"}] * 60)
    html = _admin(app, staff).get(f"{AUDIT}?actor={staff['link_worker']}").get_data(as_text=True)
    assert f"actor={staff['link_worker']}" in html.split("Older events")[0].rsplit("href=", 1)[1]
    assert "before=" in html
