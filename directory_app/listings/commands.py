"""``flask listings remind``: ask groups to confirm their listings (safe to run daily)."""

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from directory_app.core.mail_sender import send_due
from directory_app.core.transaction import unit_of_work
from directory_app.domain.dates import local_now, local_today
from directory_app.listings.export import published_listings_csv
from directory_app.listings.importer import import_listings
from directory_app.listings.reminders import send_reminders
from directory_app.oruk.importer import import_services
from directory_app.oruk.importer_feed import FeedError, read_source

listings_group = AppGroup("listings", help="Listings and their freshness.")


def nothing_imported(problems: int) -> str:
    """The last line of an import that found problems: "1 problem", never "1 problems"."""
    return ngettext(
        "There is %(num)d problem. Nothing was imported.",
        "There are %(num)d problems. Nothing was imported.",
        problems,
    )


@listings_group.command("remind")
def remind() -> None:
    """Queue reminders at 6 and 9 months, send them, and report stale listings."""
    with unit_of_work():
        report = send_reminders(local_now().date())
    sent = send_due()
    click.echo(
        f"Reminders: {report.first_reminders} first (6 months), {report.second_reminders} "
        f"second (9 months), {report.no_email_address} listings with no email address. "
        f"Listings that may be out of date: {report.may_be_out_of_date}; hidden from "
        f"search: {report.hidden}. Digests queued: {report.digests_sent}. Emails sent: "
        f"{sent.sent}; to try again later: {sent.retrying}."
    )


@listings_group.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export(path: str) -> None:
    """Write every published listing to a CSV file."""
    text = published_listings_csv()
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(text)
    click.echo(f"Wrote {text.count(chr(10)) - 1} listings to {path}.")


@listings_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
def import_command(path: str, dry_run: bool) -> None:
    """Import listings from a CSV in the export's format (all or nothing)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    rows = max(0, text.count("\n") - 1)
    with unit_of_work(), click.progressbar(length=rows, label="Importing listings") as bar:
        # Rows are checked before any is written: a report with problems wrote nothing.
        report = import_listings(text, dry_run=dry_run, progress=bar.update)
    for problem in report.problems:
        click.echo(f"Row {problem.row}, {problem.column}: {problem.message}", err=True)
    if not report.ok:
        raise click.ClickException(nothing_imported(len(report.problems)))
    if dry_run:
        click.echo(
            f"Dry run: {report.rows} rows are fine ({report.created} new, {report.updated} updates). Nothing written."
        )
        return
    click.echo(f"Imported {report.rows} rows: {report.created} new, {report.updated} updated.")


@listings_group.command("import-oruk")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Check the feed and report; write nothing.")
@click.option("--trusted", is_flag=True, help="Publish at once, without a moderator's check.")
@click.option(
    "--per-page", type=click.IntRange(1, 1000), default=100, show_default=True,
    help="Services asked for in each page of the feed.",
)  # fmt: skip
def import_oruk_command(source: str, dry_run: bool, trusted: bool, per_page: int) -> None:
    """Import services from an Open Referral UK 3.0 feed (its http(s) address) or a JSON
    file (all or nothing). Imported listings wait for a moderator unless --trusted."""

    def page_read(page: int, pages: int) -> None:
        click.echo(_("Read page {page} of {pages}").format(page=page, pages=pages), err=True)

    try:
        services = read_source(source, per_page=per_page, progress=page_read)
    except FeedError as error:
        raise click.ClickException(str(error)) from error
    with (
        unit_of_work(),
        click.progressbar(length=2 * len(services), label=_("Importing services")) as bar,
    ):
        # Every service is checked before any is written: a report with problems wrote nothing.
        report = import_services(
            services, dry_run=dry_run, trusted=trusted, today=local_today(), progress=bar.update
        )
    for note in report.notes:
        click.echo(_("Note: service {service}, {field}: {message}").format(
            service=note.service, field=note.field or "-", message=note.message
        ), err=True)  # fmt: skip
    for problem in report.problems:
        click.echo(_("Service {service}, {field}: {message}").format(
            service=problem.service, field=problem.field or "-", message=problem.message
        ), err=True)  # fmt: skip
    counts = {
        "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "waiting": report.waiting,
    }  # fmt: skip
    if not report.ok:
        raise click.ClickException(nothing_imported(len(report.problems)))
    if dry_run:
        click.echo(
            ngettext(
                "Dry run: %(num)d service checked (%(created)d new, %(updated)d updated, "
                "%(unchanged)d unchanged). Nothing written.",
                "Dry run: %(num)d services checked (%(created)d new, %(updated)d updated, "
                "%(unchanged)d unchanged). Nothing written.",
                report.services,
                **counts,
            )
        )
        return
    click.echo(
        ngettext(
            "Imported %(num)d service (%(created)d new, %(updated)d updated, %(unchanged)d "
            "unchanged); %(waiting)d waiting for a moderator.",
            "Imported %(num)d services (%(created)d new, %(updated)d updated, %(unchanged)d "
            "unchanged); %(waiting)d waiting for a moderator.",
            report.services,
            **counts,
        )
    )
