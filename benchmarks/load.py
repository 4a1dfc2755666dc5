"""Load benchmark: gunicorn with two workers, a mixed workload, side by side with /about.

    .venv/bin/python benchmarks/load.py [--size 10000] [--seconds 20] [--clients 4] [--keep DIR]

Builds (or, with --keep, reuses) the synthetic directory of ``benchmarks/synthetic.py``,
serves it with the project's gunicorn settings on loopback, and drives it from client
processes (each connection new, as gunicorn's sync workers close them; every request asks
for brotli or gzip as browsers do) in three timed phases of the same run:

1. ``/about`` only: the floor of the app's own WSGI path;
2. the search mix of ``benchmarks/search.py`` (words, the relevance set's queries in 20
   languages, postcodes, filters, sorts, later pages, the home page);
3. the same mix while a listing is edited every 2 seconds through the app's own
   transaction; after each edit the benchmark times how long until ten searches in a row
   (spread over both workers) find the changed listing.

For each it prints requests/s, p50/p95/p99 latency and bytes on the wire, and the ratio of
search to /about. The clients share the machine's cores with the server, so the absolute
figures are lower bounds; the ratios are the comparison. Nothing fails: this is a benchmark.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import percentile, search_mix  # noqa: E402
from synthetic import ROOT, app_for, build  # noqa: E402

VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, url: str, compressed: bool = True) -> tuple[int, int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Encoding": "br, gzip"} if compressed else {}
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body), body
    finally:
        connection.close()


def _client(port: int, urls: list[str], seconds: float, threads: int, results) -> None:
    """One client process: ``threads`` loops over ``urls`` until the time is up."""
    deadline = time.monotonic() + seconds
    timings: list[tuple[float, int, int]] = []
    lock = threading.Lock()

    def loop(offset: int) -> None:
        index = offset
        while time.monotonic() < deadline:
            url = urls[index % len(urls)]
            index += threads
            started = time.perf_counter()
            status, size, _ = _get(port, url)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append((elapsed, status, size))

    workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put(timings)


def phase(port: int, urls: list[str], seconds: float, clients: int) -> dict:
    """Drive the server with ``clients`` processes of two threads each."""
    results = multiprocessing.Queue()
    rng = random.Random(clients)
    processes = []
    for _ in range(clients):
        shuffled = urls[:]
        rng.shuffle(shuffled)
        process = multiprocessing.Process(
            target=_client, args=(port, shuffled, seconds, 2, results)
        )
        process.start()
        processes.append(process)
    timings = [t for _ in processes for t in results.get()]
    for process in processes:
        process.join()
    latencies = [t[0] for t in timings]
    errors = sum(1 for t in timings if t[1] != 200)
    return {
        "requests": len(timings),
        "per_second": len(timings) / seconds,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "bytes": statistics.median(t[2] for t in timings),
        "errors": errors,
    }


def edits_during(folder: Path, port: int, seconds: float, size: int, found: list) -> None:
    """Edit a listing every 2 s; record how long until 10 searches in a row find it."""
    from directory_app.core.extensions import db
    from directory_app.core.transaction import unit_of_work
    from directory_app.models import Activity

    app = app_for(folder)
    rng = random.Random(11)
    deadline = time.monotonic() + seconds - 3
    number = 0
    while time.monotonic() < deadline:
        number += 1
        marker = f"zqmark{os.getpid()}x{number}"
        with app.app_context(), unit_of_work():
            activity = db.session.get(Activity, rng.randint(1, size))
            activity.summary = f"{activity.summary.split(' zqmark')[0]} {marker}"
        changed = time.perf_counter()
        in_a_row = 0
        while in_a_row < 10 and time.perf_counter() - changed < 10:
            _, _, body = _get(port, f"/search?q={marker}", compressed=False)
            in_a_row = in_a_row + 1 if b'class="card"' in body else 0
        found.append(time.perf_counter() - changed if in_a_row >= 10 else float("inf"))
        time.sleep(max(0.0, 2 - (time.perf_counter() - changed)))
    with app.app_context():
        db.engine.dispose()


def serve(folder: Path, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "MAIL_FILE_DIR": str(folder / "mail"),
        "SECRET_KEY": "benchmark",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
    }
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--access-logfile",
         "/dev/null", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/about")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Resident memory (MB) of each gunicorn worker."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS"))
        sizes.append(int(line.split()[1]) // 1024)
    return sizes


def report(name: str, figures: dict, about: dict | None = None) -> None:
    ratio = f"{about['per_second'] / figures['per_second']:>7.1f}" if about else f"{'':>7}"
    print(
        f"{name:<22} {figures['requests']:>6} {figures['per_second']:>7.0f} {figures['p50']:>6.1f} "
        f"{figures['p95']:>6.1f} {figures['p99']:>6.1f} {figures['bytes'] / 1024:>7.1f} "
        f"{figures['errors']:>4} {ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=2, help="processes of two threads each")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the data in this folder")
    arguments = parser.parse_args()
    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="load-"))
    folder = scratch / str(arguments.size)
    try:
        built = build(folder, arguments.size)
        if not built["reused"]:
            print(f"built {arguments.size:,} listings in {built['load'] + built['index']:.0f} s")
        mix = [url for _, url in search_mix(random.Random(7), 2000)]
        port = _free_port()
        server = serve(folder, port, arguments.workers)
        try:
            phase(port, mix[:200], 3, arguments.clients)  # both workers open their searchers
            print(
                f"gunicorn, {arguments.workers} workers, {arguments.clients * 2} client threads, "
                f"{arguments.size:,} listings, {arguments.seconds:.0f} s a phase"
            )
            print(
                f"{'phase':<22} {'reqs':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
                f"{'KB/resp':>7} {'err':>4} {'÷about':>7}"
            )
            about = phase(port, ["/about"], arguments.seconds, arguments.clients)
            report("/about", about)
            report("search mix", phase(port, mix, arguments.seconds, arguments.clients), about)
            found: list[float] = []
            editor = threading.Thread(
                target=edits_during, args=(folder, port, arguments.seconds, arguments.size, found)
            )
            editor.start()
            changing = phase(port, mix, arguments.seconds, arguments.clients)
            editor.join()
            report("search mix + edits", changing, about)
            if found:
                print(
                    f"{len(found)} edits: searchable on every worker (10 searches in a row) after "
                    f"median {statistics.median(found) * 1000:.0f} ms, "
                    f"max {max(found) * 1000:.0f} ms"
                )
            print(f"worker memory (MB): {worker_memory(server)}")
        finally:
            server.terminate()
            server.wait(30)
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
