"""Inbox benchmark (issue #17): the staff pages a busy service opens, at two years' size.

    .venv/bin/python benchmarks/inbox.py [--database sqlite|postgresql|both] [--referrals 100000]
                                         [--audit-events 1000000] [--repeat 30] [--keep DIR]
    .venv/bin/python benchmarks/inbox.py --referrals 2000 --audit-events 20000 --repeat 5   # quick
    .venv/bin/python benchmarks/inbox.py --keep /tmp/inbox-bench --explain all              # plans

On a fresh database per kind (SQLite, and PostgreSQL on a server of the run's own started
with ``tests/postgres_server``) it migrates, seeds the demo directory (the tests' path),
then bulk-inserts a service's casework (``inbox_data.py``: link workers, ``--referrals``
requests over two years with their history, attempts, notes, onward referrals and wellbeing
measures, and ``--audit-events`` audit log entries). With --keep the databases are kept in
that folder and reused on the next run.

In-process, through the Flask test client signed in as a link worker (an admin for the
audit log), it requests each page a couple of times to warm up, then ``--repeat`` times,
and prints p50/p95/p99/max in milliseconds and the SQL statements one request ran: the
inbox list (default, a filter, page 200, oldest first), a search by name, by reference and
by phone digits (POSTed, then the list it redirects to, as a link worker waits for both),
the dashboard, the report for the last 12 months and for a quarter, and the audit log
(first page, one case's events, page 50 through its "older" links); the inbox's page 200
is reached through its "Next" links too (keyset paging has no page numbers). Targets: p95 <= 50 ms
for the list and search, <= 200 ms for a year's report. A page that answers 404 is "not
built". For pages that miss (or all, with --explain all) the two slowest reads are shown,
timed again on their own, with their plans: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
``--try-sql`` runs a statement (say a CREATE INDEX) on each database before measuring, to
measure an index before a migration adds it. Nothing fails: this is a benchmark, not a test.
"""

import argparse
import gc
import json
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inbox_data  # noqa: E402
from search import percentile  # noqa: E402
from sqlalchemy import create_engine, event, select, text  # noqa: E402
from synthetic import ROOT  # noqa: E402,F401  (puts the project on sys.path)

from directory_app import create_app  # noqa: E402
from directory_app.core.extensions import db  # noqa: E402
from directory_app.models import Referral  # noqa: E402
from tests.apps import migrate_seed_and_index  # noqa: E402
from tests.staff import csrf_token, sign_in  # noqa: E402

LIST_TARGET_MS = 50
YEAR_REPORT_TARGET_MS = 200
WARM_UP = 2
INBOX = "/staff/referrals/"


def app_on(url: str, folder: Path):
    """The app on one benchmark database, with its own index and mail folders."""
    return create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "MAIL_FILE_DIR": str(folder / "mail"),
            # One address makes every request here; the limits are measured elsewhere.
            "RATELIMIT_ENABLED": False,
        }
    )


# --- building the data ------------------------------------------------------------------


def prepare(url: str, folder: Path, referrals: int, audit_events: int) -> dict:
    """Migrate, seed and fill the database unless ``folder`` records a build of this size."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "built.json"
    wanted = {"url": url, "referrals": referrals, "audit_events": audit_events}
    if marker.exists():
        built = json.loads(marker.read_text())
        sizes = {key: built.get(key) for key in ("referrals", "audit_events")}
        if same_database(built.get("url"), url) and sizes == {
            "referrals": referrals,
            "audit_events": audit_events,
        }:
            marker.write_text(json.dumps({**built, "url": url}))
            app = app_on(url, folder)
            with app.app_context():
                from flask_migrate import upgrade

                upgrade()  # a kept database may predate newer migrations
                db.engine.dispose()
                vacuum(db.engine)
            return {**built, **count_report_days(app), "reused": True}
    marker.unlink(missing_ok=True)
    shutil.rmtree(folder / "index", ignore_errors=True)
    app = app_on(url, folder)
    started = time.perf_counter()
    migrate_seed_and_index(app)
    seeded = time.perf_counter() - started
    made = inbox_data.fill(app, referrals, audit_events, random.Random(referrals))
    built = {**wanted, "seed_seconds": seeded, **made}
    marker.write_text(json.dumps(built))
    built.update(count_report_days(app))
    return {**built, "reused": False}


def vacuum(engine) -> None:
    """What autovacuum does on a live server soon after a migration rewrites rows (a new
    column filled in): without it PostgreSQL reads twice the rows, dead ones included, and
    cannot answer from an index alone, which is not what the service would see."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def same_database(kept: str | None, url: str) -> bool:
    """Whether two URLs name the same database, whatever port its server has today."""
    from sqlalchemy.engine import make_url

    if not kept:
        return False
    first, second = make_url(kept), make_url(url)
    return (first.drivername, first.database) == (second.drivername, second.database)


def count_report_days(app) -> dict:
    """Count the report's stale days, as ``flask reports refresh`` would after a bulk load:
    the casework was written with core inserts, which the summaries' listener never sees."""
    from directory_app.core.transaction import commit
    from directory_app.reports import daily

    with app.test_request_context():
        started = time.perf_counter()
        days = daily.refresh()
        commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    print(f"counted {days} report days in {seconds:.1f} s")
    return {"report_days": days, "report_days_seconds": seconds}


def sqlite_database(folder: Path, referrals: int, audit_events: int) -> str:
    path = folder / f"inbox-{referrals}-{audit_events}.sqlite3"
    if not (folder / "built.json").exists():
        for leftover in folder.glob("inbox-*.sqlite3*"):
            leftover.unlink()
    return f"sqlite:///{path}"


def postgres_database(server, referrals: int, audit_events: int, folder: Path) -> str:
    """The database's URL; created empty unless a finished build of this size is kept."""
    name = f"inbox_{referrals}_{audit_events}"
    marker = folder / "built.json"
    # The kept server starts on a free port each time: the build is known by its name.
    if marker.exists() and same_database(
        json.loads(marker.read_text()).get("url"), server.url(name)
    ):
        return server.url(name)
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.url(name)


# --- measuring --------------------------------------------------------------------------


@dataclass
class Statements:
    """The SQL statements run while it listens, with how long each took."""

    ran: list = field(default_factory=list)

    def listen(self, engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, connection, _cursor, statement, parameters, _context, _many):
        connection.info["benchmark_started"] = time.perf_counter()

    def _after(self, connection, _cursor, statement, parameters, _context, _many):
        took = (time.perf_counter() - connection.info.pop("benchmark_started")) * 1000
        self.ran.append((statement, parameters, took))

    def take(self) -> list:
        ran, self.ran = self.ran, []
        return ran


@dataclass
class Page:
    name: str
    target_ms: float | None
    url: str | None = None
    search: str | None = None  # typed into the inbox search (POSTed, then the list)
    admin: bool = False


@dataclass
class Figure:
    page: Page
    status: str = ""
    times: list = field(default_factory=list)
    cpu: list = field(default_factory=list)  # this process's CPU time (all of SQLite's work)
    statements: int = 0
    ran: list = field(default_factory=list)  # the last request's statements

    def verdict(self) -> str:
        if self.status or self.page.target_ms is None:
            return ""
        return "PASS" if percentile(self.times, 0.95) <= self.page.target_ms else "MISS"


def pages(app, today: date) -> list[Page]:
    """The pages to time, with real values to search for drawn from the data."""
    with app.app_context():
        sample = db.session.execute(
            select(Referral.reference, Referral.full_name, Referral.phone)
            .where(Referral.merged_into_id.is_(None), Referral.full_name != "")
            .order_by(Referral.id.desc())
            .offset(500)
            .limit(1)
        ).one()
        db.engine.dispose()
    surname = sample.full_name.split()[-1]
    # The reference as read out on the phone and typed: lower case, no dashes.
    reference = sample.reference.replace("-", "").lower()
    digits = "".join(c for c in sample.phone if c.isdigit())[-6:]
    year_ago = today - timedelta(days=365)
    quarter_end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
    quarter_start = date(quarter_end.year, quarter_end.month - 2, 1)
    return [
        # The app's own floor in the same run: a page with no queries to speak of.
        Page("floor: /about", None, "/about"),
        Page("inbox: default (open, urgent)", LIST_TARGET_MS, INBOX),
        Page(
            "inbox: filter (Hackney, lonely)",
            LIST_TARGET_MS,
            f"{INBOX}?area=Hackney&reason=loneliness",
        ),  # fmt: skip
        # Found by following "Next" 199 times (keyset links: after=<the last row's id>).
        Page("inbox: all, page 200", LIST_TARGET_MS, f"{INBOX}?status="),
        Page("inbox: oldest first", LIST_TARGET_MS, f"{INBOX}?sort=oldest"),
        Page("search: surname", LIST_TARGET_MS, search=surname),
        Page("search: reference", LIST_TARGET_MS, search=reference),
        Page("search: phone digits", LIST_TARGET_MS, search=digits),
        Page("dashboard", None, "/staff/referrals/dashboard"),
        Page(
            "report: last 12 months",
            YEAR_REPORT_TARGET_MS,
            f"/staff/reports?from={year_ago}&to={today}",
        ),  # fmt: skip
        Page("report: a quarter", None, f"/staff/reports?from={quarter_start}&to={quarter_end}"),
        Page("audit: first page", None, "/staff/audit", admin=True),
        Page("audit: one case", None, f"/staff/audit?case={sample.reference}", admin=True),
        Page("audit: page 50", None, "/staff/audit", admin=True),  # URL found by following links
    ]


def older_link(html: str) -> str | None:
    """The audit log's link to its next (older) page: the keyset ``before=`` link."""
    links = re.findall(r'<a[^>]+href="([^"]*before=[^"]*)"', html)
    return unescape(links[-1]) if links else None


def next_link(html: str) -> str | None:
    """The inbox's link to its next page."""
    links = re.findall(r'<a href="([^"]*after=[^"]*)" rel="next"', html)
    return unescape(links[-1]) if links else None


def follow(client, url: str, times: int, link) -> tuple[str | None, str]:
    """Follow a list's next-page links ``times`` times, as someone paging on would: the
    last page's URL, or None and what stopped it (an answer that was not a page, a page
    with no link on)."""
    for number in range(1, times + 1):
        response = client.get(url)
        if response.status_code != 200:
            return None, f"HTTP {response.status_code} on page {number}"
        url = link(response.get_data(as_text=True))
        if url is None:
            return None, f"no link on page {number}"
    return url, ""


def page_fifty(client, url: str) -> str | None:
    """Follow the audit log's older links 49 times, as someone paging back would."""
    for _ in range(49):
        response = client.get(url)
        if response.status_code != 200:
            return None
        url = older_link(response.get_data(as_text=True))
        if url is None:
            return None
    return url


def request_once(client, page: Page, token: str):
    if page.search is None:
        return client.get(page.url)
    return client.post(INBOX, data={"csrf_token": token, "q": page.search}, follow_redirects=True)


def measure(app, page: Page, client, repeat: int, statements: Statements) -> Figure:
    figure = Figure(page)
    token = csrf_token(client, INBOX) if page.search is not None else ""
    if page.name == "inbox: all, page 200":
        found, stopped = follow(client, page.url, 199, next_link)
        if found is None:
            figure.status = "no links"
            print(f"{page.name}: {stopped}")
            return figure
        page.url = found
    if page.name == "audit: page 50":
        found = page_fifty(client, page.url) if client.get(page.url).status_code == 200 else None
        if found is None:
            figure.status = "not built" if client.get(page.url).status_code == 404 else "no links"
            return figure
        page.url = found
    for number in range(WARM_UP + repeat):
        statements.take()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = request_once(client, page, token)
        response.get_data()
        took = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        ran = statements.take()
        if response.status_code == 404:
            figure.status = "not built"
            return figure
        if response.status_code != 200:
            figure.status = f"HTTP {response.status_code}"
            return figure
        if number >= WARM_UP:
            figure.times.append(took)
            figure.cpu.append(cpu)
            figure.statements = len(ran)
            figure.ran = ran
    if page.search is not None:
        client.post(INBOX, data={"csrf_token": token, "q": ""})
    return figure


def slowest(app, ran: list, top: int = 2) -> list[tuple[float, str, object]]:
    """The page's ``top`` slowest reads, each run again on its own and fetched to the end.

    SQLite does its work while rows are fetched, not when the statement is sent, so the
    time between the cursor events says little there: each read is timed again whole.
    """
    timed = []
    with app.app_context():
        connection = db.session.connection()
        for statement, parameters, _took in ran:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started = time.perf_counter()
            connection.exec_driver_sql(statement, parameters).all()
            timed.append(((time.perf_counter() - started) * 1000, statement, parameters))
        db.session.rollback()
        db.engine.dispose()
    return sorted(timed, key=lambda item: item[0], reverse=True)[:top]


def explain(app, statement: str, parameters) -> str:
    """The plan of one statement as the database runs it."""
    with app.app_context():
        connection = db.session.connection()
        postgres = connection.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
        db.session.rollback()
        db.engine.dispose()
    if postgres:
        return "\n".join(row[0] for row in rows)
    return "\n".join(f"  {row[-1]}" for row in rows)


def short(statement: str) -> str:
    """The statement on one line, its list of selected columns elided."""
    one_line = re.sub(r"\s+", " ", statement)
    return re.sub(r"SELECT (?!count)[^()]*? FROM", "SELECT … FROM", one_line)[:900]


def run(kind: str, url: str, folder: Path, arguments) -> list[Figure]:
    built = prepare(url, folder, arguments.referrals, arguments.audit_events)
    if built["reused"]:
        print(f"reusing {kind} data in {folder}")
    else:
        tables = ("referral_status_change", "contact_attempt", "referral_note", "wellbeing_measure",
                  "onward_referral", "audit_event")  # fmt: skip
        made = ", ".join(f"{built[table]:,} {table}" for table in tables)
        print(f"{kind}: migrated and seeded in {built['seed_seconds']:.0f} s; "
              f"{built['referrals']:,} referrals, {made} in {built['seconds']:.0f} s")  # fmt: skip
    app = app_on(url, folder)
    for sql in arguments.try_sql or ():
        with app.app_context():
            started = time.perf_counter()
            db.session.execute(text(sql))
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            db.engine.dispose()
        print(f"ran {sql!r} in {time.perf_counter() - started:.1f} s")
    statements = Statements()
    with app.app_context():
        statements.listen(db.engine)
    link_worker, admin = app.test_client(), app.test_client()
    sign_in(link_worker, "link-worker-0@bench.example", inbox_data.PASSWORD)
    admins = inbox_data.LINK_WORKERS + inbox_data.ADMINS - 1
    sign_in(admin, f"admin-{admins}@bench.example", inbox_data.PASSWORD)
    if link_worker.get(INBOX).status_code != 200:
        raise RuntimeError("The benchmark's link worker could not sign in")
    # As a gunicorn worker does once the app is loaded (gunicorn.conf.py, post_worker_init):
    # the loaded app is left out of full collections, which otherwise added about 100 ms to
    # one request in 14.
    gc.collect()
    gc.freeze()
    figures = []
    for page in pages(app, date.today()):
        if arguments.pages and not re.search(arguments.pages, page.name):
            continue
        client = admin if page.admin else link_worker
        figures.append(measure(app, page, client, arguments.repeat, statements))
    print_table(kind, figures)
    for figure in figures:
        if figure.ran and (arguments.explain == "all" or figure.verdict() == "MISS"):
            for took, statement, parameters in slowest(app, figure.ran):
                print(f"\n### {kind}: {figure.page.name}: {took:.1f} ms for\n{short(statement)}")
                print(explain(app, statement, parameters))
    with app.app_context():
        db.engine.dispose()
    return figures


def print_table(kind: str, figures: list[Figure]) -> None:
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"\n## {kind} (ms; load average {load} at the end)")
    print(f"| {'page':<32} | {'p50':>7} | {'p95':>7} | {'p99':>7} | {'max':>7} | {'cpu p50':>7} | {'SQL':>4} | {'target':>7} | {'':<9} |")  # fmt: skip
    print(
        f"|{'-' * 34}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 6}|{'-' * 9}|{'-' * 11}|"
    )
    for figure in figures:
        target = f"<= {figure.page.target_ms:.0f}" if figure.page.target_ms else ""
        if figure.status:
            blank = f"{'':>7} | " * 5
            print(f"| {figure.page.name:<32} | {blank}{'':>4} | {target:>7} | {figure.status:<9} |")
            continue
        values = [statistics_of(figure.times, share) for share in (0.5, 0.95, 0.99)]
        values += [max(figure.times), statistics_of(figure.cpu, 0.5)]
        cells = " | ".join(f"{value:>7.1f}" for value in values)
        print(f"| {figure.page.name:<32} | {cells} | {figure.statements:>4} | {target:>7} | {figure.verdict():<9} |")  # fmt: skip


def statistics_of(times: list[float], share: float) -> float:
    return percentile(times, share)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    parser.add_argument("--explain", choices=("misses", "all"), default="misses")
    parser.add_argument("--pages", help="time only the pages whose name matches this regex")
    parser.add_argument("--try-sql", action="append", help="SQL to run on each database first")
    arguments = parser.parse_args()
    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-inbox-"))
    kinds = ("sqlite", "postgresql") if arguments.database == "both" else (arguments.database,)
    try:
        for kind in kinds:
            folder = scratch / kind
            folder.mkdir(parents=True, exist_ok=True)
            if kind == "sqlite":
                url = sqlite_database(folder, arguments.referrals, arguments.audit_events)
                run(kind, url, folder, arguments)
                continue
            import synthetic_postgres

            server = synthetic_postgres.start_server(arguments.keep and scratch)
            try:
                url = postgres_database(server, arguments.referrals, arguments.audit_events, folder)
                run(kind, url, folder, arguments)
            finally:
                synthetic_postgres.stop_server(server, arguments.keep and scratch)
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
