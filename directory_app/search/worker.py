"""``flask search worker``: this host's one search applier, run beside the web workers.

Every ``interval`` seconds it applies the log from this index's cursor; it builds the index
when there is none, when the code's schema has changed, or when the log was pruned past it
(a host that was away too long); and every ``prune_every`` seconds it prunes the log rows
every live host has applied. The web processes still apply their own changes after each
commit; when they find the applier lock held they leave them to whoever holds it.
"""

import logging
import threading
from datetime import timedelta

from directory_app.core import transaction
from directory_app.search import hosts
from directory_app.search.applier import apply_pending
from directory_app.search.index_store import IndexBusy, IndexMissing, is_stale
from directory_app.search.sync import rebuild

log = logging.getLogger(__name__)


def prune_log(host_timeout: timedelta) -> int:
    with transaction.separate_session() as session:
        return hosts.prune(session, hosts.utc_now(), host_timeout)


def one_pass(config) -> int:
    """Bring this host's index up to date once (building it if it must); return rows applied."""
    index_dir, lock_timeout = config["SEARCH_INDEX_DIR"], config["INDEX_LOCK_TIMEOUT"]
    if is_stale(index_dir):
        log.info("Building the search index (missing, or an older schema).")
        rebuild(index_dir, lock_timeout)
        return 0
    try:
        return apply_pending(index_dir, lock_timeout)
    except hosts.IndexBehind:
        log.warning("The search log was pruned past this index; rebuilding it.")
        rebuild(index_dir, lock_timeout)
    except (IndexBusy, IndexMissing):
        pass  # someone else is applying (or rebuilding): next pass
    return 0


def run(app, stop: threading.Event, interval: float = 1.0, prune_every: float = 600.0) -> None:
    """Loop until ``stop`` is set (the command sets it on SIGTERM or Ctrl-C)."""
    host_timeout = timedelta(hours=app.config.get("SEARCH_HOST_TIMEOUT_HOURS", 24))
    since_prune = prune_every  # prune once at start
    while not stop.is_set():
        with app.app_context():
            try:
                one_pass(app.config)
                if since_prune >= prune_every:
                    since_prune = 0.0
                    pruned = prune_log(host_timeout)
                    if pruned:
                        log.info("Pruned %d search log rows every host has applied.", pruned)
            except Exception:  # noqa: BLE001 (a database restart must not end the worker)
                log.exception("Search worker pass failed; trying again.")
        stop.wait(interval)
        since_prune += interval
