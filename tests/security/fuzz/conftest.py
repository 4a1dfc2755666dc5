"""The fuzzing's app and signed-in clients, one per database for each fuzzing file."""

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Organisation
from tests.apps import app_for, postgres_copy, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, sign_in


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory, sqlite_template):
    """One app per database for each fuzzing file: every route is fuzzed against it, and
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
