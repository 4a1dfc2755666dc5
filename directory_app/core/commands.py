"""``flask mail``: send the outbox once (from cron), or keep sending it (the mail worker)."""

import logging
import signal
import threading

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from directory_app.core.mail_sender import outbox_counts, send_due

log = logging.getLogger(__name__)
mail_group = AppGroup("mail", help="The email outbox.")


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
