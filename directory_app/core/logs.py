"""Logs that never hold personal data, whatever fails.

Referral data is special-category health data, and a database error's text can quote the
data it failed on: PostgreSQL's "DETAIL: Failing row contains (…)" lists a whole row,
"Key (email)=(…)" a value, "invalid input … : "…"" another. Statement parameters are
already left out (``database.engine_options``); here every log record's exception text is
made once, with each database error's message replaced by its kind and statement, before
any handler formats it. The record factory does it, so it holds for every logger and every
handler: the app's, gunicorn's and a test's alike.
"""

import logging
import re
import traceback

from sqlalchemy.exc import DBAPIError, StatementError

HIDDEN = "(details hidden: they can hold personal data)"
# What database drivers put after the statement: the row, the key, the value.
_DATA_LINES = re.compile(r"^\s*(DETAIL|HINT|CONTEXT|WHERE|LINE \d+):.*$", re.MULTILINE)
_installed = False


def _is_database_error(error: BaseException) -> bool:
    module = type(error).__module__ or ""
    return isinstance(error, DBAPIError | StatementError) or module.startswith(
        ("psycopg", "sqlite3", "_sqlite3")
    )


def _message(error: BaseException) -> str:
    if not _is_database_error(error):
        return str(error)
    statement = getattr(error, "statement", None)
    return f"{HIDDEN}" + (f" [SQL: {statement}]" if statement else "")


def _chain(error: BaseException) -> list[tuple[BaseException, str]]:
    """The exception and those behind it, innermost first, each with how the next one out
    came from it ("cause" or "context"; "" for the outermost)."""
    chain, seen, link = [], set(), ""
    current = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "context"
        else:
            current = None
    return list(reversed(chain))


_LINKS = {
    "cause": "\nThe above exception was the direct cause of the following exception:\n\n",
    "context": "\nDuring handling of the above exception, another exception occurred:\n\n",
}


def scrubbed_traceback(error: BaseException) -> str:
    """The traceback of an exception and those behind it, as Python prints it, with each
    database error's message replaced by its kind and statement."""
    parts = []
    for exception, link in _chain(error):
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(exception.__traceback__))
        name = f"{type(exception).__module__}.{type(exception).__qualname__}"
        parts.append(f"{name}: {_DATA_LINES.sub('', _message(exception)).strip()}\n")
        parts.append(_LINKS.get(link, ""))
    return "".join(parts).rstrip("\n")


# Path segments that are secrets: emailed sign-in, password and reminder links' tokens.
_TOKEN_PATHS = re.compile(r"(/(?:link|set|confirm|update)/)[^/?#\s]+")


def redacted_path(path: str) -> str:
    """A request path fit for a log: tokens in emailed links are left out."""
    return _TOKEN_PATHS.sub(r"\1…", path)


def install() -> None:
    """Wrap the log record factory (once per process)."""
    global _installed
    if _installed:
        return
    original = logging.getLogRecordFactory()

    def record(*args, **kwargs):
        made = original(*args, **kwargs)
        if made.exc_info and made.exc_info[1] is not None:
            made.exc_text = scrubbed_traceback(made.exc_info[1])
        return made

    logging.setLogRecordFactory(record)
    _installed = True
