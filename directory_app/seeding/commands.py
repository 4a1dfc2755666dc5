"""``flask seed``: load the demo data."""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from directory_app.core.transaction import unit_of_work
from directory_app.seeding.loader import database_is_empty, load_seeds, read_seed_files


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no activities.")
@with_appcontext
def seed_command(if_empty: bool) -> None:
    """Load organisations, venues and activities from seeds/ (safe to run again)."""
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
