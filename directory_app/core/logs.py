"""Logs that never hold personal data, whatever fails.

Referral data is special-category health data, and a database error's text can quote the
data it failed on: PostgreSQL's "DETAIL: Failing row contains (…)" lists a whole row,
"Key (email)=(…)" a value, "invalid input … : "…"" another. Statement parameters are
already left out (``database.engine_options``); here every log record's exception text is
made once, with each database error's message replaced by its kind and statement, before
any handler formats it. The record factory does it, so it holds for every logger and every
handler: the app's, gunicorn's and a test's alike.
"""

import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
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
        if isinstance(made.args, tuple) and any(map(_is_database_error_arg, made.args)):
            # "… failed: %s" with a database error as the argument quotes its row too.
            made.args = tuple(_message(a) if _is_database_error_arg(a) else a for a in made.args)
        return made

    logging.setLogRecordFactory(record)
    _installed = True


def _is_database_error_arg(value) -> bool:
    return isinstance(value, BaseException) and _is_database_error(value)


# A request id a client or balancer may choose: a plain token, so it cannot forge log lines.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
REQUEST_ID_HEADER = "X-Request-ID"
requests_log = logging.getLogger("directory_app.requests")


def request_id_from(header_value: str | None) -> str:
    """The caller's request id if it is a safe token (at most 64 letters, digits and
    hyphens), else a new one."""
    if header_value and _SAFE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return str(uuid.uuid4())


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request's id,
    method and path (tokens left out) when there is one, what the record adds (status,
    duration_ms), and the exception, scrubbed, as one escaped field."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["method"] = request.method
            entry["path"] = redacted_path(request.path)
        for field in ("status", "duration_ms"):
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = record.exc_text or scrubbed_traceback(record.exc_info[1])
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_handler(log_format: str, stream=None) -> logging.Handler:
    """A handler writing ``LOG_FORMAT`` lines ("json" or "text") to ``stream`` (stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def _logs_each_request(config) -> bool:
    chosen = config.get("LOG_REQUESTS")
    return config.get("LOG_FORMAT", "text") == "json" if chosen is None else bool(chosen)


def configure(app: Flask) -> None:
    """Scrubbed records everywhere, a request id on every request and response, and (outside
    tests and debug) the root logger writing ``LOG_FORMAT`` lines; in JSON, one line per
    request too (gunicorn's access log stays text)."""
    install()
    log_format = app.config.get("LOG_FORMAT", "text")
    if not app.debug and not app.testing:
        root = logging.getLogger()
        if not any(getattr(handler, "directory_app", False) for handler in root.handlers):
            handler = log_handler(log_format)
            handler.directory_app = True
            root.addHandler(handler)
            root.setLevel(logging.INFO)
    if app.extensions.get("request_logs"):
        return
    app.extensions["request_logs"] = True

    @app.before_request
    def start_request() -> None:
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def finish_request(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        if started is not None and _logs_each_request(app.config):
            duration = round((time.perf_counter() - started) * 1000, 1)
            requests_log.info(
                "%s %s %s",
                request.method,
                redacted_path(request.path),
                response.status_code,
                extra={"status": response.status_code, "duration_ms": duration},
            )
        return response
