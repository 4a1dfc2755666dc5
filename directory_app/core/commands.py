"""``flask mail``: send the outbox once (from cron), or keep sending it (the mail worker).
``flask backup``: back the database up, or restore a backup into an empty database."""

import logging
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from directory_app.core import backups
from directory_app.core.extensions import db
from directory_app.core.mail_sender import outbox_counts, send_due

log = logging.getLogger(__name__)
mail_group = AppGroup("mail", help="The email outbox.")
backup_group = AppGroup("backup", help="Back the database up, and restore a backup.")


def _summary(report) -> str:
    counts = outbox_counts()
    return (
        f"Sent {report.sent}; {report.retrying} to try again later; {report.failed} failed. "
        f"Waiting in all: {counts['waiting']}; failed in all: {counts['failed']}"
        + (" (admins see them on their staff page)." if counts["failed"] else ".")
    )


@mail_group.command("send")
def send_command() -> None:
    """Send the queued email that is due (safe to run from cron, beside a worker too)."""
    click.echo(_summary(send_due()))


@mail_group.command("worker")
@click.option("--every", default=2.0, show_default=True, help="Seconds between looks.")
def worker_command(every: float) -> None:
    """Keep sending queued email until stopped: the one process that talks to the mail
    server, so a slow one never holds a web worker. ``make run`` starts it."""
    stopping = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_args: stopping.set())
    click.echo(f"Sending email every {every:g} seconds; stop with Ctrl+C.")
    while not stopping.is_set():
        try:
            report = send_due()
            if report.sent or report.retrying or report.failed:
                log.info(
                    "Mail: %s sent, %s retrying, %s failed.",
                    report.sent,
                    report.retrying,
                    report.failed,
                )
        except OperationalError:
            log.warning("Mail: the database is not reachable; trying again shortly.")
        stopping.wait(every)


@backup_group.command("create")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
def backup_create_command(path: str, overwrite: bool) -> None:
    """Write a consistent backup of the database to PATH, safe while the app runs
    (SQLite's backup API, or pg_dump's custom format). The file is readable by its owner
    only: it holds referrals, which are health data."""
    try:
        result = backups.create_backup(
            db.engine, path, current_app.config.get("POSTGRES_BIN_DIR", ""), overwrite
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Wrote {result.path} ({backups.human_size(result.size_bytes)}, "
        f"{result.database_kind}, {result.tables} tables)."
    )


@backup_group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--reindex", is_flag=True, help="Rebuild the search index afterwards.")
@click.pass_context
def backup_restore_command(context: click.Context, path: str, reindex: bool) -> None:
    """Restore the backup at PATH into the configured database, which must be empty."""
    try:
        result = backups.restore_backup(
            db.engine, path, current_app.config.get("POSTGRES_BIN_DIR", "")
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Restored {result.tables} tables from {result.path} "
        f"({backups.human_size(result.size_bytes)}) into the {result.database_kind} database."
    )
    if not reindex:
        click.echo("Now build the search index from it: flask search reindex")
        return
    # Through the command line, not an import: core sits below the search feature.
    search = current_app.cli.get_command(context, "search")
    context.invoke(search.get_command(context, "reindex"), if_missing=False, if_stale=False)
