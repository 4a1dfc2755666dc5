"""``flask seed``: load the demo data; ``flask seed casework``: add demo casework to it."""

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from directory_app.core.transaction import unit_of_work
from directory_app.seeding.demo_casework import (
    REQUESTS,
    CaseworkRefused,
    add_demo_casework,
    check_live_data,
    request_counts,
)
from directory_app.seeding.loader import database_is_empty, load_seeds, read_seed_files


@click.group("seed", cls=AppGroup, invoke_without_command=True)
@click.option("--if-empty", is_flag=True, help="Only load when the database has no activities.")
@with_appcontext
def seed_command(if_empty: bool) -> None:
    """Load organisations, venues and activities from seeds/ (safe to run again)."""
    if click.get_current_context().invoked_subcommand is not None:
        return  # ``flask seed casework``: the subcommand does the work
    if if_empty and not database_is_empty():
        click.echo("Database already has activities; not seeding.")
        return
    seeds_dir = current_app.config["SEEDS_DIR"]
    total = len(read_seed_files(seeds_dir)["activities"])
    with unit_of_work(), click.progressbar(length=total, label="Loading activities") as bar:
        summary = load_seeds(seeds_dir, date.today(), progress=bar.update)
    click.echo(
        f"Seeded {summary.organisations} organisations, {summary.venues} venues and "
        f"{summary.activities} activities ({summary.created} created, {summary.updated} updated)."
    )


@seed_command.command("casework")
@click.option("--if-empty", is_flag=True, help="Only add casework when there are no requests.")
def casework_command(if_empty: bool) -> None:
    """Add a year of fictional requests and casework (never beside real requests)."""
    try:
        with unit_of_work():
            demo, other = request_counts()
            if if_empty and demo + other:
                click.echo("Database already has requests; not adding demo casework.")
                return
            if check_live_data():
                click.echo(f"Demo casework is already there ({demo} requests); nothing added.")
                return
            with click.progressbar(length=REQUESTS, label="Writing casework") as bar:
                summary = add_demo_casework(progress=bar.update)
    except CaseworkRefused as error:
        raise click.ClickException(str(error)) from error
    if summary.created_staff:
        click.echo(
            f"Made demo link workers {', '.join(summary.created_staff)}; sign in at "
            f"/staff/sign-in with the password {summary.password}"
        )
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(summary.statuses.items()))
    click.echo(
        f"Added {summary.requests} demo requests ({summary.buddy_requests} buddy requests; "
        f"{statuses}), {summary.onward_referrals} onward referrals, {summary.measured} with "
        f"wellbeing measures; {summary.still_open} still open, {summary.overdue} overdue; "
        f"{summary.emails_not_queued} emails not queued."
    )
