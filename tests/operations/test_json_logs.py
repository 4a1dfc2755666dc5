"""Structured logs (LOG_FORMAT=json): one JSON object per line, a request id on every
request, and nothing personal in any line, even when the database quotes a row back."""

import io
import json
import logging
import re
from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError

from directory_app.core import logs
from directory_app.referrals import form_steps
from tests.referrals.helpers import SELF_REFERRAL, start, valid_self_referral

NAME, EMAIL = "Ottoline Farquharson-Vesey", "ottoline.fv@example.com"
ANSWERS = valid_self_referral(full_name=NAME, email=EMAIL, help_wanted="My son died in May")


@pytest.fixture
def json_lines(db_app):
    """The app with LOG_FORMAT=json, and the lines its JSON handler writes."""
    db_app.config["LOG_FORMAT"] = "json"
    logs.configure(db_app)  # a no-op once the factory has done it
    stream = io.StringIO()
    handler = logs.log_handler("json", stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _assert_nothing_personal(text: str) -> None:
    for value in (NAME, "Ottoline", "Farquharson", EMAIL, "ottoline.fv", "son died"):
        assert value not in text, f"{value!r} reached the log"


def test_a_failing_insert_is_logged_as_json_without_the_row(db_app, json_lines, monkeypatch):
    original = form_steps.store_request

    def broken(kind, *args, **kwargs):
        return original("not-a-kind", *args, **kwargs)  # breaks the CHECK on kind

    monkeypatch.setattr(form_steps, "store_request", broken)
    db_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = db_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"step": "send"}
    response = client.post(SELF_REFERRAL, data=form, headers={"X-Request-ID": "drill-42"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "drill-42"

    lines = json_lines()
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert errors and "IntegrityError" in errors[0]["exception"]
    assert "INSERT INTO referral" in errors[0]["exception"]
    assert "\n" in errors[0]["exception"]  # a whole traceback, escaped in one field
    assert errors[0]["request_id"] == "drill-42" and errors[0]["method"] == "POST"
    finished = [line for line in lines if line["logger"] == "directory_app.requests"]
    assert finished[-1]["status"] == 500 and finished[-1]["path"] == SELF_REFERRAL
    assert finished[-1]["duration_ms"] >= 0 and finished[-1]["request_id"] == "drill-42"
    for line in lines:
        assert datetime.fromisoformat(line["time"]).utcoffset().total_seconds() == 0
        assert {"time", "level", "logger", "message"} <= set(line)
    _assert_nothing_personal("\n".join(json.dumps(line) for line in lines))


def test_a_database_error_quoting_a_row_is_scrubbed_in_json(json_lines):
    """What PostgreSQL says of a refused row, logged as an exception and as an argument."""
    detail = f"new row violates check constraint\nDETAIL:  Failing row contains ({NAME}, {EMAIL})."
    error = IntegrityError("INSERT INTO referral (full_name, email) VALUES (%s, %s)", {}, None)
    error.orig = Exception(detail)
    error.args = (detail,)
    try:
        raise error
    except IntegrityError:
        logging.getLogger("directory_app.test").exception("Storing failed")
    logging.getLogger("directory_app.test").warning("Storing failed: %s", error)
    lines = json_lines()
    assert len(lines) == 2 and "INSERT INTO referral" in lines[0]["exception"]
    assert logs.HIDDEN in lines[1]["message"]
    _assert_nothing_personal("\n".join(json.dumps(line) for line in lines))


def test_a_request_id_round_trips_and_a_hostile_one_is_replaced(db_app, json_lines):
    client = db_app.test_client()
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == (
        "abc-123"
    )
    for hostile in ("x" * 65, 'a"} {"level": "CRITICAL"', "id with spaces", "<script>"):
        given = client.get("/healthz", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
        assert given != hostile
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", given)
    fresh = client.get("/healthz").headers["X-Request-ID"]
    assert fresh and fresh != given
    lines = [line for line in json_lines() if line["logger"] == "directory_app.requests"]
    assert [line["request_id"] for line in lines][0] == "abc-123"
    assert all(line["level"] == "INFO" for line in lines)  # no forged line got in


def test_emailed_link_tokens_are_left_out_of_request_lines(db_app, json_lines):
    db_app.test_client().get("/staff/sign-in/link/secret-token-value")
    text = "\n".join(json.dumps(line) for line in json_lines())
    assert "secret-token-value" not in text
