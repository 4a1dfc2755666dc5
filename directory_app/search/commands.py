"""``flask search``: rebuild the index, or apply pending changes from the outbox."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Activity
from directory_app.search.index_store import IndexBusy, current_generation, is_stale
from directory_app.search.sync import apply_pending, rebuild

search_group = AppGroup("search", help="Manage the search index.")


@search_group.command("reindex")
@click.option("--if-missing", is_flag=True, help="Only build when there is no index yet.")
@click.option(
    "--if-stale",
    is_flag=True,
    help="Only build when there is no index or it was built with an older schema.",
)
def reindex(if_missing: bool, if_stale: bool) -> None:
    """Rebuild the index from the database without taking search offline."""
    index_dir = current_app.config["SEARCH_INDEX_DIR"]
    if if_missing and current_generation(index_dir):
        click.echo("Search index exists; not rebuilding.")
        return
    if if_stale and not is_stale(index_dir):
        click.echo("Search index is current; not rebuilding.")
        return
    total = db.session.scalar(
        select(func.count()).select_from(Activity).where(Activity.status == "published")
    )
    with click.progressbar(length=total, label="Indexing activities") as bar:
        indexed = rebuild(index_dir, current_app.config["INDEX_LOCK_TIMEOUT"], progress=bar.update)
    click.echo(f"Indexed {indexed} published activities into {index_dir}.")


@search_group.command("sync")
def sync() -> None:
    """Apply changes waiting in the search outbox (safe to run from cron)."""
    try:
        applied = apply_pending(
            current_app.config["SEARCH_INDEX_DIR"], current_app.config["INDEX_LOCK_TIMEOUT"]
        )
    except IndexBusy as error:
        raise click.ClickException("The index is busy; try again shortly.") from error
    click.echo(f"Applied {applied} pending changes.")
