"""No answer is lost to a database fault, and nothing personal reaches a log in any failure.

Each failure is forced for real: SQLite write-locked by another connection, PostgreSQL
stopped mid-run, two presses of "Send" at the same moment, a row the database refuses.
Every submission ends stored with its confirmation, or on the "try again" page with every
answer kept; the captured logs are then searched for what the resident typed.
"""

import html as html_lib
import logging
import re
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Referral
from directory_app.referrals import form_steps
from directory_app.referrals.forms import SelfReferralForm
from tests.apps import app_for, postgres_copy, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, hidden, start, valid_self_referral

ANSWERS = valid_self_referral(
    full_name="Theodora Quennell-Brightwater",
    phone="07700 900417",
    email="theodora.qb@example.com",
    postcode="E8 1AG",
    gp_practice="Lavender Lane Surgery",
    help_wanted="I have not spoken to anyone since my husband died in the spring",
    dob_day="9",
    dob_month="11",
    dob_year="1947",
)
PERSONAL = [
    "Theodora",
    "Quennell",
    "900417",
    "theodora.qb",
    "Lavender Lane",
    "husband died",
    "1947-11-09",
    "E8 1AG",
]


@pytest.fixture
def app(db_app):
    """The live server (for two presses at once) runs the app on both databases."""
    return db_app


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_nothing_personal_in(logs) -> None:
    text = logs.text + "".join(record.exc_text or "" for record in logs.records)
    for value in PERSONAL:
        assert value not in text, f"{value!r} reached the log"


def _hidden_fields(html: str) -> dict:
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html):
        fields.setdefault(name, []).append(html_lib.unescape(value))
    return fields


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Referral))


@pytest.fixture
def locked_app(tmp_path, sqlite_template):
    url = sqlite_copy(sqlite_template, tmp_path)
    yield from app_for(url, tmp_path, SQLITE_BUSY_TIMEOUT=0.3)


def test_a_write_locked_sqlite_keeps_every_answer_for_one_more_press(locked_app, logs):
    client = locked_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"step": "send"}
    holder = sqlite3.connect(
        locked_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    )
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        response = client.post(SELF_REFERRAL, data=form)
        assert response.status_code == 503
        assert response.headers["Cache-Control"] == "no-store"
        page = response.get_data(as_text=True)
        assert "Nothing you typed has been lost" in page
        kept = _hidden_fields(page)
        for name, value in ANSWERS.items():
            assert kept[name] == (value if isinstance(value, list) else [value]), name
        assert client.get("/search?q=coffee").status_code == 200  # reading still works
    finally:
        holder.rollback()
        holder.close()
    assert _count(locked_app) == 0
    again = client.post(SELF_REFERRAL, data={**kept, "csrf_token": kept["csrf_token"][0]})
    assert again.status_code == 302 and _count(locked_app) == 1
    _assert_nothing_personal_in(logs)


@pytest.fixture
def postgres_app(postgres, postgres_template, tmp_path):
    yield from app_for(postgres_copy(postgres, postgres_template, tmp_path), tmp_path)


def test_a_postgresql_restart_keeps_every_answer(postgres_app, postgres, logs):
    db_app, server = postgres_app, postgres
    client = db_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"step": "send"}
    server.halt()
    try:
        response = client.post(SELF_REFERRAL, data=form)
    finally:
        server.resume()
    assert response.status_code == 503
    kept = _hidden_fields(response.get_data(as_text=True))
    assert kept["full_name"] == [ANSWERS["full_name"]]
    again = client.post(SELF_REFERRAL, data={**kept, "csrf_token": kept["csrf_token"][0]})
    assert again.status_code == 302 and _count(db_app) == 1
    _assert_nothing_personal_in(logs)


def test_a_double_press_ends_on_one_confirmation(app, live_server, logs):
    db_app = app
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(live_server + SELF_REFERRAL).read().decode()
    # Every page in turn, each POST redirected (303) to the next page's GET, to check answers.
    for question_page in SelfReferralForm.pages:
        answers = {"csrf_token": hidden(page, "csrf_token")} | ANSWERS
        request = urllib.request.Request(
            f"{live_server}{SELF_REFERRAL}/{question_page.name}",
            data=urllib.parse.urlencode(answers, doseq=True).encode(),
        )
        page = opener.open(request).read().decode()
    assert "Check your answers before sending" in page
    form = {name: values[0] for name, values in _hidden_fields(page).items()} | {"step": "send"}
    body = urllib.parse.urlencode(form, doseq=True).encode()
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        barrier.wait()
        try:
            response = opener.open(
                urllib.request.Request(f"{live_server}{SELF_REFERRAL}/check", data=body)
            )
            outcomes.append((response.status, response.geturl()))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, ""))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [status for status, _url in outcomes] == [200, 200], outcomes
    assert all(url.endswith("/get-help/sent") for _status, url in outcomes)
    assert _count(db_app) == 1
    with db_app.app_context():
        reference = db.session.scalar(select(Referral.reference))
    assert reference in opener.open(live_server + "/get-help/sent").read().decode()
    _assert_nothing_personal_in(logs)


def test_a_row_the_database_refuses_is_logged_without_its_data(db_app, monkeypatch, logs):
    """A bug that sends the database a bad row: PostgreSQL's error lists the whole row
    ("Failing row contains …"), SQLite's names the rule. The log has neither the row nor
    the statement's parameters."""
    original = form_steps.store_request

    def broken(kind, *args, **kwargs):
        return original("not-a-kind", *args, **kwargs)  # breaks the CHECK on kind

    monkeypatch.setattr(form_steps, "store_request", broken)
    db_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = db_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"step": "send"}
    response = client.post(SELF_REFERRAL, data=form)
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    logged = "".join(record.exc_text or "" for record in logs.records)
    assert "IntegrityError" in logged  # the error was logged, with its kind and statement
    assert "INSERT INTO referral" in logged
    _assert_nothing_personal_in(logs)


def test_a_nul_byte_is_refused_kindly(db_app, logs):
    client = db_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"full_name": "Theo\x00dora", "step": "check"}
    response = client.post(SELF_REFERRAL, data=form)
    assert response.status_code == 200
    assert "Remove the unusual characters from this answer" in response.get_data(as_text=True)
    assert client.get("/search?near=E8\x00&q=tea\x00").status_code == 200
    assert _count(db_app) == 0


@pytest.fixture
def patient_app(tmp_path, sqlite_template):
    url = sqlite_copy(sqlite_template, tmp_path)
    yield from app_for(url, tmp_path, SQLITE_BUSY_TIMEOUT=5.0)


def test_a_staff_page_that_records_a_view_survives_a_writer_committing_meanwhile(patient_app):
    """The inbox page reads, then writes its audit line. If another writer commits in between,
    SQLite refuses the upgrade at once; the page is read again, holding the lock, and works."""
    from directory_app.accounts.service import create_user
    from directory_app.core.transaction import commit as commit_now
    from tests.staff import PASSWORD, sign_in

    locked_app = patient_app
    with locked_app.app_context():
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit_now()
    client = locked_app.test_client()
    sign_in(client, "lw@example.org")
    path = locked_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE activity SET summary = summary || '' WHERE id = 1")
    release = threading.Timer(0.5, holder.commit)
    release.start()
    try:
        response = client.get("/staff/referrals/")
    finally:
        release.join()
        holder.close()
    assert response.status_code == 200
