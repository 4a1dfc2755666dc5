"""``flask listings remind``: ask groups to confirm their listings (safe to run daily)."""

import click
from flask.cli import AppGroup

from directory_app.core.mail_sender import send_due
from directory_app.core.transaction import unit_of_work
from directory_app.domain.dates import local_now
from directory_app.listings.export import published_listings_csv
from directory_app.listings.importer import import_listings
from directory_app.listings.reminders import send_reminders

listings_group = AppGroup("listings", help="Listings and their freshness.")


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
        f"search: {report.hidden}. Emails sent: {sent.sent}; to try again later: {sent.retrying}."
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
        raise click.ClickException(f"{len(report.problems)} problems; nothing was imported.")
    if dry_run:
        click.echo(
            f"Dry run: {report.rows} rows are fine ({report.created} new, {report.updated} updates). Nothing written."
        )
        return
    click.echo(f"Imported {report.rows} rows: {report.created} new, {report.updated} updated.")
