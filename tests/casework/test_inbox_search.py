"""The inbox search as link workers type it: names without accents or apostrophes, phones
however written, and read from the inbox index rather than from every open case."""

import pytest

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.people import search_key
from tests.apps import app_for, sqlite_copy
from tests.casework.caseload_helpers import add_case, search, signed_in
from tests.staff import PASSWORD, sign_in
from tests.statements import statements_run


@pytest.fixture
def cases(app, staff):
    add_case(app, "Zoë O'Brien", phone="07700 900123", email="zoe@example.org")
    add_case(app, "Mary-Jane Kowalska", preferred_name="Marysia", phone="+44 7700 900456")
    add_case(app, "Other Person", phone="020 7946 0018", email="other@example.org")
    return signed_in(app)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("zoe obrien", "Zoë O'Brien"),  # no accent, no apostrophe
        ("O’BRIEN", "Zoë O'Brien"),  # a curly apostrophe, capitals
        ("mary jane", "Mary-Jane Kowalska"),  # a space for the hyphen
        ("marysia", "Mary-Jane Kowalska"),  # the name they go by
        ("900123", "Zoë O'Brien"),  # the last six digits
        ("+44 7700 900123", "Zoë O'Brien"),  # stored as typed, 07700 900123
        ("(07700) 900-456", "Mary-Jane Kowalska"),  # stored as +44 7700 900456
        ("ZOE@example.org", "Zoë O'Brien"),  # the whole email, any case
    ],
)
def test_a_person_is_found_however_their_details_are_typed(cases, typed, found):
    html = search(cases, typed)
    names = ("Zoë O&#39;Brien", "Mary-Jane Kowalska", "Other Person")
    shown = [name for name in names if name in html]
    assert shown == [found.replace("'", "&#39;")]


@pytest.mark.parametrize("typed", ["0018", "example.org", "brien\nmarysia"])
def test_a_few_digits_part_of_an_email_or_two_names_at_once_find_no_one(cases, typed):
    """Five digits or fewer would match half a caseload's phones; an email matches whole."""
    html = search(cases, typed)
    assert "0 requests" in html


def test_the_key_keeps_names_and_phone_on_lines_of_their_own():
    key = search_key("Zoë O'Brien", "", "+44 7700 900123")
    assert key == "zoe obrien\n\n447700900123 07700900123"
    assert search_key("", "", "") == "\n\n"


@pytest.fixture
def sqlite_app(tmp_path, sqlite_template):
    """SQLite whatever ``TEST_DATABASE`` says: the plan checked is SQLite's (PostgreSQL
    plans by its statistics, so its figures are benchmarks/inbox.py's)."""
    yield from app_for(sqlite_copy(sqlite_template, tmp_path), tmp_path)


def test_a_search_reads_only_the_inbox_index(sqlite_app):
    """The search's condition and the list's order are all in ``ix_referral_inbox``, so
    SQLite reads no case's row to search (measured: 20 ms over 8,500 open cases before,
    2 ms from the index; benchmarks/inbox.py)."""
    app = sqlite_app
    add_case(app, "Zoë O'Brien")
    with app.app_context():
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "lw@example.org")
    with app.app_context():
        with statements_run(db.engine) as ran:
            assert "O&#39;Brien" in search(client, "obrien")
        statements = [(s, parameters) for s, parameters in ran if "search_key LIKE" in s]
        assert statements
        with db.engine.connect() as connection:
            for statement, parameters in statements:
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                details = " ".join(row[-1] for row in plan)
                assert "COVERING INDEX ix_referral_inbox" in details, details
