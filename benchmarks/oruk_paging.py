"""Open Referral UK feed benchmark: paging through 100,000 services through the WSGI app.

    .venv/bin/python benchmarks/oruk_paging.py [--size 100000] [--repeats 15] [--folder DIR]

Builds (or reuses: it is kept in /tmp/oruk-paging-<size> unless --folder says otherwise) a
SQLite directory of ``size`` published listings with ``synthetic.build_directory``, the
search benchmark's generator (without a search index: paging does not use it), then
prints, for ``/api/oruk/services``:

- p50/p95 of the first, middle and last page at per_page 50 and 1000 (and a fully nested
  page of 1000), each asked ``repeats`` times after one warm-up request;
- a full walk of every page at per_page=1000: time, items, and that no id repeats;
- p50/p95 of ``/services/{id}`` for ids drawn from the walk;
- the HSDS-UK 3.0 schema errors in a sample of pages and records (the schemas are read
  from the standard's folder, as the tests find it; without it, that part is skipped);
- schemathesis over every operation of the served OpenAPI document (``--examples`` each).

This is a benchmark, not a test: nothing fails.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask_migrate import upgrade  # noqa: E402
from synthetic import app_for, build_directory  # noqa: E402 (it puts the project on the path)

from directory_app.core.extensions import db  # noqa: E402
from tests.oruk.standard import (  # noqa: E402
    RECORD_SCHEMAS,
    envelope_errors,
    errors_in,
    run_schemathesis,
    schema_folder,
    validator,
)

API = "/api/oruk"
BUILT = "oruk-paging-built"


def prepare(folder: Path, size: int):
    """The app on a folder holding ``size`` synthetic listings, built once and then kept."""
    folder.mkdir(parents=True, exist_ok=True)
    app = app_for(folder, RATELIMIT_ENABLED=False)
    with app.app_context():
        if (folder / BUILT).exists():
            upgrade()  # a folder kept from an older run may lack newer columns
            print(f"reusing the database in {folder}")
        else:
            started = time.perf_counter()
            build_directory(app, size, random.Random(size))
            print(f"built {size:,} listings in {time.perf_counter() - started:.0f} s ({folder})")
            (folder / BUILT).write_text(str(size))
        db.engine.dispose()
    return app


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client, url: str, cpu: list | None = None) -> tuple[float, dict]:
    """Milliseconds to answer (the body read and parsed too), and the body. ``cpu`` gets
    the process's CPU milliseconds, which other work on a busy machine does not inflate."""
    started, started_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    body = response.get_json()
    elapsed = (time.perf_counter() - started) * 1000
    if cpu is not None:
        cpu.append((time.process_time() - started_cpu) * 1000)
    assert response.status_code == 200, (url, response.status_code, body)
    return elapsed, body


def measure(client, url: str, repeats: int) -> tuple[float, float, float, dict]:
    """(p50, p95, CPU p50) in milliseconds after one warm-up, and the body."""
    _elapsed, body = timed(client, url)
    cpu: list[float] = []
    times = [timed(client, url, cpu)[0] for _ in range(repeats)]
    return statistics.median(times), percentile(times, 0.95), statistics.median(cpu), body


def pages(client, repeats: int) -> None:
    print("\n/services pages                           p50 ms   p95 ms   CPU p50   items")
    for per_page, extra in ((50, ""), (1000, ""), (1000, "&full=true")):
        _elapsed, first = timed(client, f"{API}/services?per_page={per_page}{extra}")
        last = first["total_pages"]
        for label, page in (("first", 1), ("middle", (last + 1) // 2), ("last", last)):
            url = f"{API}/services?page={page}&per_page={per_page}{extra}"
            p50, p95, cpu, body = measure(client, url, repeats)
            name = f"per_page={per_page}{extra} {label} (page {page:,})"
            print(f"  {name:<38} {p50:7.1f}  {p95:7.1f}  {cpu:8.1f}  {body['size']:6,}")


def walk(client) -> list[str]:
    """Every page at per_page=1000; returns the ids in feed order."""
    started, ids, page = time.perf_counter(), [], 1
    slowest = 0.0
    while True:
        elapsed, body = timed(client, f"{API}/services?page={page}&per_page=1000")
        slowest = max(slowest, elapsed)
        ids += [service["id"] for service in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    seconds = time.perf_counter() - started
    print(
        f"\nfull walk at per_page=1000: {page:,} pages, {len(ids):,} services "
        f"({body['total_items']:,} listed), {len(set(ids)):,} distinct ids, "
        f"{seconds:.1f} s ({seconds / page * 1000:.0f} ms a page, slowest {slowest:.0f} ms)"
    )
    return ids


def records(client, ids: list[str], count: int) -> None:
    sample = random.Random(1).sample(ids, min(count, len(ids)))
    times = [timed(client, f"{API}/services/{identifier}")[0] for identifier in sample]
    print(
        f"/services/{{id}} ({len(sample)} ids): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms"
    )


def validate(client, ids: list[str]) -> None:
    folder = schema_folder()
    if folder is None:
        print("schema check skipped: the HSDS-UK 3.0 schemas are not on this machine")
        return
    errors, checked = [], 0
    item = validator(folder, "compiled/service_list.json")
    _elapsed, first = timed(client, f"{API}/services?per_page=1000")
    last = first["total_pages"]
    for page in sorted({1, 2, (last + 1) // 2, last - 1, last} - {0}):
        _elapsed, body = timed(client, f"{API}/services?page={page}&per_page=1000")
        errors += envelope_errors(folder, body, page, 1000, f"page {page}")
        for number, service in enumerate(body["contents"]):
            errors += errors_in(item, service, f"page {page} item {number}")
            checked += 1
    record = validator(folder, RECORD_SCHEMAS["/services"])
    for identifier in random.Random(2).sample(ids, min(200, len(ids))):
        _elapsed, body = timed(client, f"{API}/services/{identifier}")
        errors += errors_in(record, body, f"/services/{identifier}")
        checked += 1
    print(f"schema check: {checked:,} documents, {len(errors)} schema errors")
    for error in errors[:10]:
        print("  ", error)


def fuzz(app, examples: int) -> None:
    """Schemathesis over every operation at this size, valid and invalid requests."""
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    failures, requests = [], 0
    for path in schema.raw_schema["paths"]:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and path in ("/", "/openapi.json"):
                continue
            try:
                requests += len(run_schemathesis(app, schema, path, mode, examples))
            except Exception as error:  # a failed check: report it, go on with the rest
                failures.append(f"{path} {mode.value}: {str(error).splitlines()[0]}")
    print(f"schemathesis: {requests:,} requests, {len(failures)} failing operations")
    for failure in failures:
        print("  ", failure)


def machine() -> str:
    """How busy the machine was: the figures are wall-clock times."""
    try:
        load = Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return ""
    return f"load average {load} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--examples", type=int, default=10, help="schemathesis cases per operation")
    arguments = parser.parse_args()
    folder = arguments.folder or Path(f"/tmp/oruk-paging-{arguments.size}")
    app = prepare(folder, arguments.size)
    client = app.test_client()
    print(machine())
    pages(client, arguments.repeats)
    ids = walk(client)
    records(client, ids, 200)
    validate(client, ids)
    fuzz(app, arguments.examples)
    print(machine())


if __name__ == "__main__":
    main()
