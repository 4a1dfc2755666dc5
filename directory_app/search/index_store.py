"""Where search indexes live on disk, and reusable searchers.

``SEARCH_INDEX_DIR`` holds one folder per index generation and a ``CURRENT`` file naming the
live one. A rebuild writes a new generation beside the live one and then swaps ``CURRENT``
atomically, so search never goes offline; searchers notice the swap on their next use.

Whoosh allows one writer per index at a time. Writers here wait briefly for the lock and
otherwise raise ``IndexBusy``, which callers handle (the change stays in the outbox), so a
``LockError`` never reaches a resident.
"""

import logging
import os
import shutil
import threading
import time
from pathlib import Path

from whoosh import index
from whoosh.index import LockError

from directory_app.search.schema import build_schema, schema_stamp

log = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
STAMP_FILE = "SCHEMA"
GENERATIONS_KEPT = 2


class IndexBusy(Exception):
    """Another process holds the index's write lock."""


class IndexMissing(Exception):
    """No index has been built yet (run ``flask search reindex``)."""


def current_generation(index_dir: str | Path) -> str | None:
    """The name of the live generation folder, or None when there is no index yet."""
    try:
        return (Path(index_dir) / CURRENT_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


def open_current(index_dir: str | Path):
    """Open the live index, or raise IndexMissing."""
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(str(index_dir))
    return index.open_dir(str(Path(index_dir) / generation))


def create_generation(index_dir: str | Path):
    """Create a new, empty, not-yet-live generation; return (name, index)."""
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.time_ns()}"
    path = root / name
    path.mkdir()
    (path / STAMP_FILE).write_text(schema_stamp())
    return name, index.create_in(str(path), build_schema())


def is_stale(index_dir: str | Path) -> bool:
    """True when there is no live index or it was built with another schema than this code's.

    Writing a listing with a field the old index lacks would fail, and old analysis would
    miss what new queries look for, so such an index is rebuilt rather than used.
    """
    generation = current_generation(index_dir)
    if generation is None:
        return True
    try:
        return (Path(index_dir) / generation / STAMP_FILE).read_text() != schema_stamp()
    except FileNotFoundError:
        return True


def make_live(index_dir: str | Path, generation: str) -> None:
    """Point CURRENT at a generation atomically and remove generations no longer needed."""
    root = Path(index_dir)
    temporary = root / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    temporary.write_text(generation)
    os.replace(temporary, root / CURRENT_FILE)
    generations = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.startswith("gen-"))
    live_index = generations.index(generation) if generation in generations else len(generations)
    # Keep the live one and the one before it (a reader may still have it open briefly).
    for old in generations[: max(0, live_index - (GENERATIONS_KEPT - 1))]:
        shutil.rmtree(root / old, ignore_errors=True)


def writer_for(ix, lock_timeout: float):
    """A writer for the index, waiting up to ``lock_timeout`` seconds for the lock."""
    try:
        # Separate files, as a rebuild writes them (see ``sync.rebuild``).
        return ix.writer(timeout=lock_timeout, delay=0.05, compound=False)
    except LockError as error:
        raise IndexBusy(str(error)) from error


def per_searcher(searcher) -> dict:
    """A dict that lives and dies with one searcher, for data derived from its index.

    Searchers are replaced whenever the index changes, so nothing kept here goes stale.
    """
    cache = getattr(searcher, "_directory_cache", None)
    if cache is None:
        cache = searcher._directory_cache = {}
    return cache


class SearcherCache:
    """One searcher per thread per index folder, replaced only when the index has changed.

    Opening a searcher reads segment files; reusing it makes each search cheap. Whoosh
    searchers are not safe to share between threads, hence one per thread. A threaded
    server ends threads without telling anyone, so each time a searcher is opened those of
    threads that have ended are closed: otherwise their open segment files would wait for
    the garbage collector (one file per segment and part, since indexes are not compound).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, str], tuple[str, object]] = {}

    def searcher(self, index_dir: str | Path):
        generation = current_generation(index_dir)
        if generation is None:
            raise IndexMissing(str(index_dir))
        key = (threading.get_ident(), str(index_dir))
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] == generation and entry[1].up_to_date():
            return entry[1]
        if entry is not None:
            # A fresh searcher, not Searcher.refresh(): refresh() reuses readers of unchanged
            # segments without their new deletions, so an updated listing showed twice.
            entry[1].close()
        searcher = index.open_dir(str(Path(index_dir) / generation)).searcher()
        with self._lock:
            self._entries[key] = (generation, searcher)
            self._close(self._ended_threads())
        return searcher

    def close_all(self) -> None:
        """Close this thread's searchers and those of ended threads (used by tests and
        before a rebuild removes files); other live threads' stay, as they may be in use."""
        with self._lock:
            me = threading.get_ident()
            self._close([key for key in self._entries if key[0] == me] + self._ended_threads())

    def _ended_threads(self) -> list[tuple[int, str]]:
        alive = {thread.ident for thread in threading.enumerate()}
        return [key for key in self._entries if key[0] not in alive]

    def _close(self, keys) -> None:
        for key in keys:
            entry = self._entries.pop(key, None)
            if entry is not None:
                entry[1].close()


searchers = SearcherCache()
