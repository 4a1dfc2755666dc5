"""``flask search``: rebuild the index, apply the log, run this host's applier, prune."""

import signal
import threading
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Activity
from directory_app.search import hosts, worker
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
    except hosts.IndexBehind as error:
        raise click.ClickException(
            "The log was pruned past this index: run `flask search reindex`."
        ) from error
    click.echo(f"Applied {applied} pending changes.")


@search_group.command("worker")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between passes.")
@click.option("--prune-every", default=600.0, show_default=True, help="Seconds between prunes.")
def run_worker(interval: float, prune_every: float) -> None:
    """Keep this host's index up to date (one per host; stops cleanly on SIGTERM)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Applying the search log to {current_app.config['SEARCH_INDEX_DIR']}.")
    worker.run(current_app._get_current_object(), stop, interval, prune_every)


@search_group.command("prune")
def prune() -> None:
    """Delete log rows every live host has applied."""
    hours = current_app.config.get("SEARCH_HOST_TIMEOUT_HOURS", 24)
    click.echo(f"Pruned {worker.prune_log(timedelta(hours=hours))} log rows.")


@search_group.command("hosts")
def list_hosts() -> None:
    """The hosts keeping an index, how far through the log each is, and when last seen."""
    for host in hosts.hosts(db.session):
        click.echo(f"{host.name}\tapplied through {host.applied_through}\tseen {host.seen_at}")
