"""A database that goes away mid-request (a PostgreSQL restart) costs that request a
"try again" page, never the worker process."""

from sqlalchemy import create_engine, select, text

from directory_app.core.extensions import db
from directory_app.models import Activity
from tests.apps import app_for, postgres_copy


def test_a_connection_killed_mid_request_does_not_escape_the_teardown(request, tmp_path):
    server = request.getfixturevalue("postgres")
    url = postgres_copy(server, request.getfixturevalue("postgres_template"), tmp_path)
    for app in app_for(url, tmp_path):
        with app.app_context():
            db.session.scalar(select(Activity.id).limit(1))  # a transaction is open
            backend = db.session.scalar(text("SELECT pg_backend_pid()"))
            admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            admin.dispose()
        # Leaving the context ran the teardown: its ROLLBACK hit the dead connection and
        # was absorbed, and the next use gets a fresh connection.
        with app.app_context():
            assert db.session.scalar(select(Activity.id).limit(1)) is not None
