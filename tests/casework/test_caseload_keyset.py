"""Keyset paging of the inbox on SQLite and PostgreSQL: following "Next" to the end, then
"Previous" back, visits every request once, in exactly the order of each sort (ties on
every key but the id, deadlines not set, statuses that change the urgent order)."""

import random
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today
from directory_app.inbox import counts, queries
from directory_app.inbox.list_order import rest_of_sort
from directory_app.models import Referral
from directory_app.models.referrals import OPEN_STATUSES
from tests.staff import PASSWORD, sign_in

HOW_MANY = 6 * queries.PAGE_SIZE + 7  # page ends in every group of each sort


def _plant(app, rng) -> date:
    with app.app_context():
        today = local_today()
        same_moment = datetime(2026, 5, 1, 9, tzinfo=UTC)
        for index in range(HOW_MANY):
            created = same_moment if index % 4 == 0 else same_moment + timedelta(hours=index)
            db.session.add(
                Referral(
                    reference=f"SR-KEY-{index}-{secrets.token_hex(2)}",
                    submission_token=secrets.token_hex(16),
                    kind="self_referral",
                    full_name=f"Person {index}",
                    status=rng.choice(("new", "new", "contacted", "in_progress", "closed")),
                    created_at=created,
                    respond_by=today + timedelta(days=rng.choice((-3, -1, 0, 0, 2, 5))),
                    follow_up_on=rng.choice(
                        (None, None, today, today + timedelta(days=1), today - timedelta(days=2))
                    ),
                )
            )
        commit()
        return today


def _expected(rows: list[Referral], sort: str, today: date) -> list[int]:
    """Each sort's order, worked out in Python from the rules it names."""
    if sort == "newest":
        return [r.id for r in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)]
    if sort == "oldest":
        return [r.id for r in sorted(rows, key=lambda r: (r.created_at, r.id))]
    if sort == "follow_up":
        return [
            r.id
            for r in sorted(
                rows, key=lambda r: (r.follow_up_on is None, r.follow_up_on or date.min, -r.id)
            )
        ]

    def urgent(r):
        urgency = (
            0 if r.overdue_on(today) else 1 if r.due_on(today) else 2 if r.status == "new" else 3
        )
        deadline = r.respond_by if r.status == "new" else r.follow_up_on
        return (urgency, deadline is None, deadline or date.min, -r.id)

    return [r.id for r in sorted(rows, key=urgent)]


def _walk(filters, user_id, today) -> tuple[list[int], list[list[int]]]:
    pages = []
    filters.after = filters.before = None
    while True:
        page = queries.find_requests(filters, user_id, today)
        assert len(page.requests) == queries.PAGE_SIZE or page.next_after is None
        pages.append([r.id for r in page.requests])
        if page.next_after is None:
            break
        filters.after, filters.before = page.next_after, None
    return [i for ids in pages for i in ids], pages


@pytest.mark.parametrize("status", ["open", ""])
def test_next_and_previous_visit_every_request_in_each_sorts_order(db_app, status, monkeypatch):
    today = _plant(db_app, random.Random(11))
    tails = []  # how many segments each page read its sort's last groups in (0: one query)

    def noting_tail(*args):
        found = rest_of_sort(*args)
        tails.append(len(found or ()))
        return found

    monkeypatch.setattr(queries, "rest_of_sort", noting_tail)
    with db_app.app_context():
        everyone = list(db.session.scalars(db.select(Referral)))
        if status == "open":
            everyone = [r for r in everyone if r.status in OPEN_STATUSES]
        for sort in queries.SORTS:
            filters = queries.InboxFilters.from_args({"status": status, "sort": sort})
            forward, pages = _walk(filters, 0, today)
            assert forward == _expected(everyone, sort, today), sort
            # And back: "Previous" from the last page gives the same pages in reverse.
            first_id = pages[-1][0]
            back = []
            filters.after, filters.before = None, first_id
            while filters.before:
                page = queries.find_requests(filters, 0, today)
                back.append([r.id for r in page.requests])
                filters.before = page.previous_before
            assert back == list(reversed(pages[:-1])), sort
        # The last group was read by id alone; with every status, a page also ended among
        # the dated cases that are not urgent (closed ones' old follow-ups), read on their own.
        assert 1 in tails and (2 in tails or status == "open")


def test_totals_from_the_status_counts_match_a_count(db_app):
    today = _plant(db_app, random.Random(7))
    with db_app.test_request_context():
        by_status = counts.status_counts()
        commit()
        for status in ("", "open", "new", "closed"):
            filters = queries.InboxFilters.from_args({"status": status})
            summed = queries.find_requests(filters, 0, today, by_status).total
            assert summed == queries.find_requests(filters, 0, today).total, status
        assert sum(by_status.values()) == HOW_MANY


def test_the_caseload_counts_follow_the_rules_the_rows_follow(db_app):
    """The counts' SQL (written for open cases only) against each row's own rules."""
    today = _plant(db_app, random.Random(11))
    with db_app.app_context():
        worker = create_user("counted@example.org", "Cal Worker", "link_worker", PASSWORD)
        rows = db.session.query(Referral).order_by(Referral.id).all()
        for row in rows[::3]:
            row.assigned_to_id = worker.id
        commit()
        expected = {
            "overdue": sum(1 for r in rows if r.overdue_on(today)),
            "due_today": sum(1 for r in rows if r.due_on(today)),
            "my_cases": sum(1 for r in rows if r.is_open and r.assigned_to_id == worker.id),
        }
        assert counts.caseload_counts(today, worker.id) == expected
        assert all(expected.values())


def test_the_list_links_to_the_next_page_and_back(db_app):
    _plant(db_app, random.Random(3))
    with db_app.app_context():
        create_user("worker@example.org", "Lin Worker", "link_worker", PASSWORD)
        commit()
    client = db_app.test_client()
    sign_in(client, "worker@example.org")

    def link(html, rel):
        found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
        return unescape(found.group(1)) if found else None

    html = client.get("/staff/referrals/?status=&sort=oldest").get_data(as_text=True)
    assert link(html, "prev") is None and "after=" in link(html, "next")
    assert "sort=oldest" in link(html, "next")
    second = client.get(link(html, "next")).get_data(as_text=True)
    back = client.get(link(second, "prev")).get_data(as_text=True)
    names = re.findall(r"<bdi>(Person \d+)</bdi>", html)
    assert re.findall(r"<bdi>(Person \d+)</bdi>", back) == names and len(names) == 25
    assert not set(names) & set(re.findall(r"<bdi>(Person \d+)</bdi>", second))
