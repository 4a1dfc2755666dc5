"""Search benchmark: the results page through the WSGI app, as residents really use it.

    .venv/bin/python benchmarks/search.py [--sizes 10000 100000] [--requests 400] [--keep DIR]

For each size it builds (or, with --keep, reuses) a synthetic directory, then serves a
varied stream of searches drawn from a realistic mix: single words, the multilingual
relevance set's queries, postcodes, filters, sorting, later pages and the home page, with
repeats as popular searches repeat. It prints, side by side with the app's own /about page
measured in the same run (one /about between searches):

- cold figures (the first time each search is made: postings not yet read) and warm ones;
- the first request of each page type after a listing changes (every 50 searches a random
  listing is edited through the app's own transaction, so the index changes under it);
- the memory of a serving process (a fresh process that has served the mix), not of the
  process that built the data.

No garbage collection is forced. This is a benchmark, not a test: nothing fails.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ROOT, app_for, build  # noqa: E402

from directory_app.core.extensions import db  # noqa: E402
from directory_app.core.transaction import unit_of_work  # noqa: E402
from directory_app.domain.vocabulary import ACCESS_FEATURES, CATEGORIES, codes  # noqa: E402
from directory_app.models import Activity  # noqa: E402

WORDS = (
    "yoga", "walking football", "coffee", "debt advice", "english", "art", "lonely", "garden",
    "choir", "chair yoga", "lunch club", "knit", "digital", "job club", "housing", "walk",
    "men's shed", "dance", "cooking", "carers", "memory cafe", "swimming", "grief", "baby",
    "fotball", "yogo", "i feel lonely", "money worries", "stay and play", "recovery",
)  # fmt: skip
POSTCODES = ("E8 1AG", "E5 0LL", "N16 7UJ", "IG11 7AF", "RM10 8QJ", "RM9 4AR", "WS1 1DA",
             "WS3 1AF", "WS2 8LW", "E9 6AE")  # fmt: skip
PAGE_TYPES = {
    "words": "/search?q=coffee",
    "postcode": "/search?near=E8+1AG&within=3",
    "next session": "/search?q=walking&sort=next",
    "home": "/",
}


def relevance_queries() -> list[tuple[str, str]]:
    """(language, query) from the relevance set kept with the tests."""
    found = []
    for path in sorted((ROOT / "tests" / "search" / "relevance").glob("*.json")):
        found += [(path.stem, entry["query"]) for entry in json.loads(path.read_text("utf-8"))]
    return found


def search_mix(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(kind, URL) drawn from a realistic mix; popular words come back often (Zipf)."""
    multilingual = relevance_queries()
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    mix = []
    for _ in range(count):
        roll = rng.random()
        words = rng.choices(WORDS, weights)[0]
        if roll < 0.35:
            mix.append(("words", f"/search?q={quote_plus(words)}"))
        elif roll < 0.50 and multilingual:
            language, query = rng.choice(multilingual)
            prefix = "" if language == "en" else f"/{language}"
            mix.append(("languages", f"{prefix}/search?q={quote_plus(query)}"))
        elif roll < 0.65:
            near = quote_plus(rng.choice(POSTCODES))
            text = f"&q={quote_plus(words)}" if rng.random() < 0.5 else ""
            mix.append(("postcode", f"/search?near={near}&within={rng.choice([1, 2, 3, 5])}{text}"))
        elif roll < 0.75:
            filters = [f"category={rng.choice(codes(CATEGORIES))}"]
            if rng.random() < 0.5:
                filters.append(f"access={rng.choice(codes(ACCESS_FEATURES))}")
            if rng.random() < 0.5:
                filters.append("free=1")
            if rng.random() < 0.3:
                filters.append(f"day={rng.choice(['mon', 'tue', 'wed', 'thu', 'fri'])}")
            mix.append(("filtered", f"/search?q={quote_plus(words)}&{'&'.join(filters)}"))
        elif roll < 0.85:
            sort = rng.choice(["next", "distance"])
            near = f"&near={quote_plus(rng.choice(POSTCODES))}" if sort == "distance" else ""
            mix.append(("sorted", f"/search?q={quote_plus(words)}&sort={sort}{near}"))
        elif roll < 0.90:
            mix.append(("later pages", f"/search?q={quote_plus(words)}&page={rng.choice([2, 3])}"))
        else:
            mix.append(("home", "/"))
    return mix


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    response.get_data()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def change_a_listing(app, rng: random.Random, size: int) -> None:
    """Edit a random listing as a group's approved change would: one unit of work, after
    which the search outbox is applied to the index."""
    with app.app_context(), unit_of_work():
        activity = db.session.get(Activity, rng.randint(1, size))
        activity.summary = activity.summary.rstrip(".") + "."


def run(size: int, requests: int, folder: Path) -> None:
    print(f"\n## {size:,} listings")
    built = build(folder, size)
    if built["reused"]:
        print(f"reusing the database and index in {folder}")
    else:
        print(
            f"database load {built['load']:.1f} s; "
            f"index build {built['index']:.1f} s for {built['documents']:,} documents"
        )
    app = app_for(folder)
    client = app.test_client()
    rng = random.Random(7)
    mix = search_mix(rng, requests)
    seen: set[str] = set()
    cold: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    about: list[float] = []
    after_change: dict[str, list[float]] = {name: [] for name in PAGE_TYPES}
    for number, (kind, url) in enumerate(mix, start=1):
        (warm if url in seen else cold).setdefault(kind, []).append(timed(client, url))
        seen.add(url)
        about.append(timed(client, "/about"))
        if number % 50 == 0:
            change_a_listing(app, rng, size)
            for name, page in PAGE_TYPES.items():
                after_change[name].append(timed(client, page))
    about_median = statistics.median(about)
    print(f"/about: median {about_median:.1f} ms, p95 {percentile(about, 0.95):.1f} ms")
    print(
        f"{'searches':<12} {'cold n':>6} {'median':>7} {'p95':>7} {'warm n':>7} {'median':>7} {'p95':>7} {'÷ about':>8}"
    )
    every_warm = []
    for kind in sorted(set(cold) | set(warm)):
        c, w = cold.get(kind, []), warm.get(kind, [])
        every_warm += w
        warm_median = statistics.median(w) if w else float("nan")
        print(
            f"{kind:<12} {len(c):>6} {statistics.median(c) if c else float('nan'):>7.1f} "
            f"{percentile(c, 0.95) if c else float('nan'):>7.1f} {len(w):>7} {warm_median:>7.1f} "
            f"{percentile(w, 0.95) if w else float('nan'):>7.1f} {warm_median / about_median:>8.1f}"
        )
    every_cold = [t for values in cold.values() for t in values]
    print(
        f"{'all':<12} {len(every_cold):>6} {statistics.median(every_cold):>7.1f} "
        f"{percentile(every_cold, 0.95):>7.1f} {len(every_warm):>7} "
        f"{statistics.median(every_warm):>7.1f} {percentile(every_warm, 0.95):>7.1f} "
        f"{statistics.median(every_warm) / about_median:>8.1f}"
    )
    print("first request after a listing changed (ms):")
    for name, values in after_change.items():
        if values:
            print(f"  {name:<13} median {statistics.median(values):.1f}, max {max(values):.1f}")
    with app.app_context():
        db.engine.dispose()
    memory = subprocess.run(
        [sys.executable, __file__, "--serve-memory", str(folder), "--requests", str(requests)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(f"memory of a serving process after the mix: {memory}")


def serving_memory(folder: Path, requests: int) -> None:
    """Serve the mix in a fresh process and print its resident memory, as a worker's."""
    app = app_for(folder)
    client = app.test_client()
    for _kind, url in search_mix(random.Random(7), requests):
        client.get(url).get_data()
    status = Path("/proc/self/status").read_text()
    rss_kb = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
    print(f"{rss_kb / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the data in this folder")
    parser.add_argument("--serve-memory", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve_memory:
        serving_memory(arguments.serve_memory, arguments.requests)
        return
    import shutil
    import tempfile

    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        for size in arguments.sizes:
            run(size, arguments.requests, scratch / str(size))
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
