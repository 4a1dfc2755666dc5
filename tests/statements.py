"""Listening to the SQL a block of a test runs, for tests that count statements or read
their plans."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def statements_run(engine) -> Iterator[list[tuple[str, object]]]:
    """The (statement, parameters) run on ``engine`` while the block runs, in order."""
    ran: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", keep)
