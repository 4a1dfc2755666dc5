"""Region benchmark: two hosts on PostgreSQL under mixed traffic, then under faults.

    .venv/bin/python benchmarks/load_region.py [--size 100000] [--seconds 45] [--workers 2]
                                               [--clients 2] [--threads 3] [--keep DIR]
    .venv/bin/python benchmarks/load_region.py --size 5000 --seconds 10      # a quick run

Starts a PostgreSQL server of its own (``tests/postgres_server.py``), builds the synthetic
directory on it (``synthetic_postgres.py``; with --keep the data directory and the indexes
are kept and reused), then serves it from two "hosts" on loopback: each a gunicorn with the
project's gunicorn.conf.py and a ``flask search worker``, with its own index folder and
host name; one ``flask mail worker`` sends to a local SMTP server of the benchmark's own.

Client processes spread over both hosts (each step to either, as a balancer without sticky
sessions would) make searches (the mix of ``search.py``), activity pages, staff pages (the
inbox list and case pages, signed in as a link worker made for the run) and, 1 in 100,
a self-referral through the public form (form, check answers, send, the "sent" page; a
unique name each; a 503 is retried as the page invites, with the same submission token);
beside them one resident refers themselves every 3 s, so every fault meets referrals.
Each resident's requests come from an address of their own on 127.0.0.0/8, so the
per-address limits on the forms apply as they would in life.

Phases of --seconds each: the baseline, then the same traffic while (a) one host's search
worker is SIGKILLed and restarted 8 s later while listings are edited, (b) PostgreSQL is
stopped and started 5 s later, (c) the SMTP server hangs (accepts, never answers). After
each: both hosts' /readyz search lag back to 0, and every listing edited in the phase found
by search on both. At the end: no 500s, no referral that reached "sent" missing from the
database, the mail queued during the hang sent once (or still queued, never lost). It never
fails; violations are listed at the end.
"""

import argparse
import logging
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import region_faults as faults  # noqa: E402
import synthetic_postgres as pg  # noqa: E402
from search import percentile, search_mix  # noqa: E402

from directory_app.accounts.service import create_user  # noqa: E402
from directory_app.core.extensions import db  # noqa: E402
from directory_app.core.mail import EmailOutboxMessage  # noqa: E402
from directory_app.core.transaction import unit_of_work  # noqa: E402
from directory_app.models import Activity, Referral  # noqa: E402

HOSTS = ("a", "b")
CATCH_UP_SECONDS = 60
REFERRAL_EVERY = 3.0  # a steady resident's self-referrals, beside the mix's 1 in 100
MAIL_WAIT_SECONDS = 100  # a message that timed out is tried again a minute later
KIND_ORDER = ("search", "activity", "staff inbox", "staff case", "staff sign-in", "referral")


class Editor(threading.Thread):
    """Edits a listing every 2 s through the app's own transaction, as a group would, and
    times how long until each edit is found by search on every host."""

    def __init__(self, app, ports: dict[str, int], size: int, seconds: float, tag: str):
        super().__init__()
        self.app, self.ports, self.size, self.seconds, self.tag = app, ports, size, seconds, tag
        self.edits: list[tuple[str, int, float]] = []  # marker, activity id, when committed
        self.refused = 0
        self.visible: dict[str, list[float]] = {host: [] for host in ports}
        self._watchers: list[threading.Thread] = []

    def run(self) -> None:
        rng = random.Random(self.tag)
        deadline = time.monotonic() + self.seconds - 2
        while time.monotonic() < deadline:
            marker = f"zq{self.tag}{''.join(rng.choices('bcdfghjklmnpqrstvwxz', k=8))}"
            activity_id = rng.randint(1, self.size)
            try:
                with self.app.app_context(), unit_of_work():
                    activity = db.session.get(Activity, activity_id)
                    activity.summary = f"{activity.summary.split(' zq')[0]} {marker}"
            except Exception:  # noqa: BLE001 (the database is away: a group would try again)
                self.refused += 1
                time.sleep(1)
                continue
            committed = time.monotonic()
            self.edits.append((marker, activity_id, committed))
            for host, port in self.ports.items():
                watcher = threading.Thread(
                    target=self._watch, args=(host, port, marker, activity_id, committed)
                )
                watcher.start()
                self._watchers.append(watcher)
            time.sleep(max(0.0, 2 - (time.monotonic() - committed)))

    def _watch(self, host: str, port: int, marker: str, activity_id: int, committed: float):
        while time.monotonic() - committed < CATCH_UP_SECONDS:
            if faults.finds(port, marker, activity_id):
                self.visible[host].append(time.monotonic() - committed)
                return
            time.sleep(0.5)
        self.visible[host].append(float("inf"))

    def finish(self) -> None:
        self.join()
        for watcher in self._watchers:
            watcher.join()


def run_phase(name: str, setup: dict, events: list, edit: bool) -> dict:
    """The traffic for one phase, with ``events`` ((seconds in, what, action)) on time."""
    seconds, ports = setup["seconds"], setup["ports"]
    # Letters only, different for every phase: the run's names and markers carry it.
    code = setup["tag"] + "".join(ch for ch in name if ch.isalpha())[:3]
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=faults.client,
            args=(list(ports.values()), setup["size"], setup["mix"], seconds, setup["threads"],
                  f"{code}{'bcdfghjk'[number % 8]}", setup["staff_email"], queue),
        )
        for number in range(setup["clients"])
    ]  # fmt: skip
    editor = Editor(setup["app"], ports, setup["size"], seconds, code)
    steady = {"timings": [], "referrals": [], "unavailable_pages": []}
    referrer = threading.Thread(
        target=faults.steady_referrals,
        args=(list(ports.values()), setup["size"], seconds, REFERRAL_EVERY,
              f"{code}s", setup["staff_email"], steady),
    )  # fmt: skip
    started = time.monotonic()
    for process in processes:
        process.start()
    referrer.start()
    if edit:
        editor.start()
    happened = []
    for at, what, action in events:
        time.sleep(max(0.0, at - (time.monotonic() - started)))
        result = action()
        happened.append(f"{what} at {time.monotonic() - started:.1f} s" + (result or ""))
    collected = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    referrer.join()
    collected.append(steady)
    if edit:
        editor.finish()
    phase = {
        "name": name,
        "seconds": seconds,
        "timings": [t for c in collected for t in c["timings"]],
        "referrals": [r for c in collected for r in c["referrals"]],
        "unavailable_pages": [p for c in collected for p in c["unavailable_pages"]],
        "events": happened,
        "editor": editor if edit else None,
    }
    phase["catch_up"] = catch_up(setup, editor.edits if edit else [])
    return phase


def catch_up(setup: dict, edits: list) -> dict:
    """Seconds until each host's lag is 0, and how many of the edits each host finds."""
    result = {}
    for name, host in setup["hosts"].items():
        started = time.monotonic()
        lag = host.lag()
        while (lag is None or lag > 0) and time.monotonic() - started < CATCH_UP_SECONDS:
            time.sleep(0.5)
            lag = host.lag()
        found = sum(faults.finds(host.port, marker, aid) for marker, aid, _ in edits)
        result[name] = {
            "seconds": time.monotonic() - started if lag == 0 else None,
            "found": found,
            "edits": len(edits),
        }
    return result


def summarise(phase: dict) -> dict:
    """Requests/s, percentiles and status counts per kind (referral steps taken together)."""
    kinds: dict[str, list] = {}
    for kind, status, elapsed in phase["timings"]:
        kinds.setdefault("referral" if kind.startswith("referral") else kind, []).append(
            (status, elapsed)
        )
    figures = {}
    for kind, rows in kinds.items():
        latencies = [elapsed for _, elapsed in rows]
        statuses: dict[int, int] = {}
        for status, _ in rows:
            statuses[status] = statuses.get(status, 0) + 1
        figures[kind] = {
            "n": len(rows),
            "rate": len(rows) / phase["seconds"],
            "p50": percentile(latencies, 0.50),
            "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99),
            "statuses": statuses,
        }
    return figures


def print_phase(phase: dict) -> None:
    figures = summarise(phase)
    total = sum(f["n"] for f in figures.values())
    print(f"\n## {phase['name']}: {total:,} requests, {total / phase['seconds']:.1f} req/s")
    for event in phase["events"]:
        print(f"   {event}")
    print(f"   {'kind':<14} {'reqs':>6} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7}  statuses")
    for kind in KIND_ORDER:
        if kind in figures:
            f = figures[kind]
            codes = " ".join(f"{code or 'none'}:{n}" for code, n in sorted(f["statuses"].items()))
            print(
                f"   {kind:<14} {f['n']:>6} {f['rate']:>6.1f} {f['p50']:>7.1f} {f['p95']:>7.1f} "
                f"{f['p99']:>7.1f}  {codes}"
            )
    outcomes: dict[str, int] = {}
    for referral in phase["referrals"]:
        outcomes[referral["outcome"]] = outcomes.get(referral["outcome"], 0) + 1
    retried = sum(1 for r in phase["referrals"] if r["send_503"])
    print(f"   referrals: {outcomes or 'none'}; a send that got 503 first: {retried}")
    editor = phase["editor"]
    if editor is not None:
        seen = ", ".join(
            f"host {host} median {_median(times):.1f} s, max {max(times, default=0):.1f} s"
            for host, times in editor.visible.items()
        )
        print(f"   {len(editor.edits)} edits ({editor.refused} refused); searchable: {seen}")
    caught = ", ".join(
        f"host {host}: lag 0 after {_seconds(c['seconds'])}, finds {c['found']}/{c['edits']} edits"
        for host, c in phase["catch_up"].items()
    )
    print(f"   afterwards: {caught}")


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else 0.0


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def stored_referrals(app, tag: str) -> dict[str, int]:
    """How many referrals the database holds under each of this run's names."""
    with app.app_context():
        names = db.session.scalars(
            db.select(Referral.full_name).where(Referral.full_name.like(f"Bench {tag}%"))
        ).all()
        db.session.remove()
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return counts


def mail_after(app, first_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            db.select(EmailOutboxMessage.sent_at, EmailOutboxMessage.failed_at).where(
                EmailOutboxMessage.id > first_id
            )
        ).all()
        db.session.remove()
    return {
        "queued": len(rows),
        "sent": sum(1 for sent, _ in rows if sent is not None),
        "failed": sum(1 for _, failed in rows if failed is not None),
        "waiting": sum(1 for sent, failed in rows if sent is None and failed is None),
    }


def last_mail_id(app) -> int:
    with app.app_context():
        found = db.session.scalar(db.select(db.func.max(EmailOutboxMessage.id))) or 0
        db.session.remove()
    return found


def checks(phases: list[dict], app, tag: str, smtp, mail: dict) -> list[tuple[bool, str]]:
    """Each promise of the issue, kept or not, in words."""
    results = []
    errors = [(p["name"], s) for p in phases for _, s, _ in p["timings"] if s >= 500 and s != 503]
    no_answer = [f"{p['name']}: {k}" for p in phases for k, s, _ in p["timings"] if s == 0]
    results.append((not errors, f"no 500s ({len(errors)} 5xx other than 503)"))
    results.append(
        (
            not no_answer,
            f"every request answered ({len(no_answer)} without an answer{': ' if no_answer else ''}"
            f"{'; '.join(no_answer[:5])})",
        )
    )
    for phase in phases:
        unavailable = sum(1 for _, s, _ in phase["timings"] if s == 503)
        expected = phase["name"].startswith("(b)")
        pages = phase["unavailable_pages"]
        right = sum(1 for page in pages if page["try_again"] and page["lang"] == page["expected"])
        results.append(
            (expected or not unavailable,
             f"{phase['name']}: {unavailable} × 503" + (f" (the try-again page in the page's "
             f"language: {right}/{len(pages)})" if unavailable else "")),
        )  # fmt: skip
    stored = stored_referrals(app, tag)
    reached = [r for p in phases for r in p["referrals"] if r["outcome"] == "sent"]
    lost = [r["name"] for r in reached if r["name"] not in stored]
    doubled = [name for name, count in stored.items() if count > 1]
    after_503 = [r for p in phases for r in p["referrals"] if r["send_503"]]
    results.append((not lost, f"no referral lost: {len(reached)} reached 'sent', {len(lost)} "
                    f"missing from the database"))  # fmt: skip
    results.append((not doubled, f"no referral stored twice ({len(doubled)} names twice)"))
    results.append(
        (True, f"sends that got a 503: {len(after_503)}; of them sent on a retry "
         f"{sum(1 for r in after_503 if r['outcome'] == 'sent')}, stored "
         f"{sum(1 for r in after_503 if r['name'] in stored)}"),
    )  # fmt: skip
    for phase in phases:
        for host, caught in phase["catch_up"].items():
            results.append(
                (caught["seconds"] is not None and caught["found"] == caught["edits"],
                 f"{phase['name']}: host {host} caught up ({_seconds(caught['seconds'])}, "
                 f"finds {caught['found']}/{caught['edits']} edits)"),
            )  # fmt: skip
    received = smtp.received
    results.append((len(received) == len(set(received)), f"no email sent twice "
                    f"({len(received) - len(set(received))} Message-IDs received twice)"))  # fmt: skip
    results.append(
        (mail["failed"] == 0 and mail["sent"] + mail["waiting"] == mail["queued"],
         f"mail queued during the hang: {mail['queued']}, sent {mail['sent']} after it ended, "
         f"still queued {mail['waiting']}, failed {mail['failed']}"),
    )  # fmt: skip
    return results


def markdown_table(phases: list[dict]) -> list[str]:
    lines = [
        "| phase | req/s | search p50/p95/p99 ms | activity page p50/p95/p99 | staff pages "
        "p50/p95/p99 | referrals sent | 503s | 500s | edits searchable on a / b (max) |",
        "|---|---:|---|---|---|---:|---:|---:|---|",
    ]
    for phase in phases:
        figures = summarise(phase)
        total = sum(f["n"] for f in figures.values())

        def cell(*kinds, timings=phase["timings"]):
            rows = [t[2] for t in timings if t[0] in kinds]
            if not rows:
                return "–"
            return "/".join(f"{percentile(rows, q):.0f}" for q in (0.5, 0.95, 0.99))

        statuses = [t[1] for t in phase["timings"]]
        sent = sum(1 for r in phase["referrals"] if r["outcome"] == "sent")
        editor = phase["editor"]
        lags = (
            "–"
            if editor is None or not editor.edits
            else " / ".join(f"{max(times, default=0):.1f} s" for times in editor.visible.values())
        )
        lines.append(
            f"| {phase['name']} | {total / phase['seconds']:.1f} | {cell('search')} | "
            f"{cell('activity')} | {cell('staff inbox', 'staff case')} | "
            f"{sent}/{len(phase['referrals'])} | {statuses.count(503)} | "
            f"{sum(1 for s in statuses if s >= 500 and s != 503)} | {lags} |"
        )
    return lines


def machine_facts() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return f"{os.cpu_count()} cores ({model.group(1) if model else 'unknown CPU'}), load average {load}"


def prepare(arguments, folder: Path, server) -> tuple[dict, object]:
    built = pg.build(server, folder, arguments.size, HOSTS)
    if built["reused"]:
        print(f"reusing the database and indexes in {folder}")
    else:
        print(
            f"built {arguments.size:,} listings on PostgreSQL in {built['load']:.0f} s "
            f"(bulk inserts, migrations included); index {built['index']:.0f} s for "
            f"{built['documents']:,} documents, copied to the second host"
        )
    app = pg.app_on(built["url"], folder, index="no-index")
    # The benchmark's own edits have no index here: the hosts' appliers must apply them.
    logging.getLogger("directory_app.search.sync").setLevel(logging.ERROR)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    tag = "".join(random.Random().choices("bcdfghjklmnpqrstvwxz", k=5))
    email = f"bench-{tag}@example.org"
    with app.app_context(), unit_of_work():
        create_user(email, "Bench link worker", "link_worker", faults.STAFF_PASSWORD)
    with app.app_context():
        db.engine.dispose()
    return {"url": built["url"], "tag": tag, "staff_email": email}, app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=45, help="length of each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=3, help="threads per client process")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the database and indexes")
    arguments = parser.parse_args()
    began = time.monotonic()
    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="load-region-"))
    scratch.mkdir(parents=True, exist_ok=True)
    scratch.chmod(0o755)  # the server runs as postgres and must reach its folder
    folder = scratch / str(arguments.size)
    server = pg.start_server(arguments.keep)
    smtp = faults.SwitchableSmtp()
    hosts: dict[str, faults.Host] = {}
    mail_worker = app = None
    try:
        shared, app = prepare(arguments, folder, server)
        shutil.rmtree(folder / "logs", ignore_errors=True)
        env = faults.environment(shared["url"], smtp.port, "http://127.0.0.1:5000")
        hosts = {name: faults.Host(name, folder, env, arguments.workers) for name in HOSTS}
        for host in hosts.values():
            host.start()
        mail_worker = faults.start_mail_worker(hosts["a"].env, folder)
        setup = {
            **shared, "app": app, "hosts": hosts, "size": arguments.size,
            "ports": {name: host.port for name, host in hosts.items()},
            "mix": [url for _, url in search_mix(random.Random(7), 2000)],
            "seconds": arguments.seconds, "clients": arguments.clients,
            "threads": arguments.threads,
        }  # fmt: skip
        print(
            f"2 hosts × {arguments.workers} gunicorn workers + a search worker each, one mail "
            f"worker; {arguments.clients} client processes × {arguments.threads} threads; "
            f"{arguments.size:,} listings; {arguments.seconds:.0f} s a phase; {machine_facts()}"
        )
        run_phase("warm-up", {**setup, "seconds": min(10.0, arguments.seconds)}, [], False)
        seconds = arguments.seconds
        host_a = hosts["a"]
        phases = [run_phase("baseline", setup, [], False)]
        print_phase(phases[-1])
        phases.append(run_phase("(a) search worker killed", setup, [
            (seconds * 0.2, "host a's search worker SIGKILLed", host_a.kill_search_worker),
            (seconds * 0.2 + 8, "restarted", host_a.start_search_worker),
        ], True))  # fmt: skip
        print_phase(phases[-1])
        phases.append(run_phase("(b) PostgreSQL restarted", setup, [
            (seconds * 0.25, "PostgreSQL stopped (fast), started 5 s later",
             lambda: f"; down {pg.restart(server, 5):.1f} s"),
        ], True))  # fmt: skip
        print_phase(phases[-1])
        first_mail = last_mail_id(app)
        phases.append(run_phase("(c) SMTP server hangs", setup, [
            (0, "SMTP server hangs", smtp.hang),
            (seconds - 1, "SMTP server answers again", smtp.answer),
        ], True))  # fmt: skip
        print_phase(phases[-1])
        waited = time.monotonic()
        mail = mail_after(app, first_mail)
        while mail["waiting"] and time.monotonic() - waited < MAIL_WAIT_SECONDS:
            time.sleep(2)
            mail = mail_after(app, first_mail)
        print(f"\nmail queued during the hang: {mail} ({time.monotonic() - waited:.0f} s after)")
        stopped = [name for name, process in
                   [*((f"search worker {n}", h.search_worker) for n, h in hosts.items()),
                    *((f"gunicorn {n}", h.web) for n, h in hosts.items()),
                    ("mail worker", mail_worker)] if process.poll() is not None]  # fmt: skip
        results = checks(phases, app, shared["tag"], smtp, mail)
        results.append((not stopped, f"every process still running ({stopped or 'all up'})"))
        deaths = faults.worker_deaths(folder)
        results.append((not deaths, f"no gunicorn worker died ({deaths or 'none'})"))
        print("\n## Summary (paste into the README)\n")
        print(f"{arguments.size:,} listings on PostgreSQL 15, 2 hosts × {arguments.workers} "
              f"gunicorn workers, {arguments.clients * arguments.threads} client threads, "
              f"{seconds:.0f} s a phase; {machine_facts()}\n")  # fmt: skip
        print("\n".join(markdown_table(phases)))
        print()
        for kept, words in results:
            print(f"- {'ok  ' if kept else 'FAIL'} {words}")
        logged = faults.tracebacks(folder)
        if logged:
            print(f"- tracebacks in the logs ({folder / 'logs'}): {logged}")
        violations = [words for kept, words in results if not kept]
        print(f"\n{len(violations)} violations; whole run {time.monotonic() - began:.0f} s")
    finally:
        for host in hosts.values():
            host.stop()
        if mail_worker is not None:
            faults.stop(mail_worker)
        smtp.close()
        if app is not None:
            with app.app_context():
                db.engine.dispose()
        pg.stop_server(server, arguments.keep)
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
