"""Lighthouse mobile scores for the residents' main pages (issue #14's "Done when").

    .venv/bin/python benchmarks/lighthouse.py [--lighthouse-dir /tmp/lh] [--keep DIR]

It migrates, seeds and indexes the demo directory in a temporary folder (or, with --keep,
a folder kept between runs), serves it on a free loopback port (werkzeug, threaded, as the
browser tests do; each page is asked for once first, as a serving process has its
caches warm), installs Lighthouse from the npm registry into --lighthouse-dir when it
is not there (never into the project's package.json), and runs it with Debian's chromium
(headless, mobile form factor: Lighthouse's default, with its simulated slow 4G and 4x CPU
slowdown) on the home page, a results page, an activity page and the Urdu home page.

It prints one row per page: the performance, accessibility, best-practices and SEO scores
(0-100), the largest contentful paint and the total blocking time; then, for any score
below 90, the audits that cost it points, from Lighthouse's JSON report. Each run is
bounded (--timeout seconds a page, five minutes for the install). The JSON reports stay in
the folder printed at the end. This is a benchmark, not a test: nothing fails.

The results page's SEO score is low by design: robots.txt keeps searches with a query string
away from crawlers (``discovery/robots.py``: endless addresses; the sitemap lists every
listing), and Lighthouse's "is-crawlable" audit reads that as blocked.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from directory_app import create_app  # noqa: E402
from directory_app.core.extensions import db  # noqa: E402
from directory_app.core.transaction import commit  # noqa: E402
from directory_app.models import Activity  # noqa: E402
from directory_app.search.sync import rebuild  # noqa: E402
from directory_app.seeding.loader import load_seeds  # noqa: E402

LIGHTHOUSE = "lighthouse@12"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PASSING = 90


def seeded_app(folder: Path):
    """The demo directory in ``folder``: migrated, seeded and indexed the first time."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "lighthouse-benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'directory.sqlite3'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "MAIL_FILE_DIR": str(folder / "mail"),
        }
    )
    with app.app_context():
        upgrade()
        if db.session.scalar(select(Activity.id).limit(1)) is None:
            load_seeds(app.config["SEEDS_DIR"], date.today())
            commit()
        if not (folder / "index" / "CURRENT").exists():
            rebuild(app.config["SEARCH_INDEX_DIR"], 5.0)
        db.engine.dispose()
    return app


def an_activity_page(app) -> str:
    """The first published listing at a venue: the kind of page a card leads to."""
    with app.app_context():
        activity_id = db.session.scalar(
            select(Activity.id)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
            .limit(1)
        )
        db.session.remove()
    return f"/activities/{activity_id}"


def lighthouse_binary(folder: Path) -> Path:
    """Lighthouse in ``folder``, installed from the npm registry when it is missing."""
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"Installing {LIGHTHOUSE} into {folder} ...", flush=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), LIGHTHOUSE, "--no-audit", "--no-fund"],
            check=True,
            timeout=300,
        )
    return binary


def run_lighthouse(binary: Path, chromium: str, url: str, report: Path, timeout: int) -> dict:
    """Lighthouse's JSON report for one page (mobile, the default form factor)."""
    subprocess.run(
        [
            str(binary),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
        timeout=timeout,
    )
    return json.loads(report.read_text("utf-8"))


def scores(result: dict) -> dict:
    """The four category scores (0-100), the LCP in seconds and the TBT in milliseconds."""
    found = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    found["lcp"] = result["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    found["tbt"] = result["audits"]["total-blocking-time"]["numericValue"]
    return found


def failing_audits(result: dict, category: str) -> list[str]:
    """The weighted audits of a category that did not pass, worst first."""
    failing = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
            failing.append(
                (audit["score"], f"{ref['id']} ({audit['score']:.2f}): {audit['title']}")
            )
    return [line for _, line in sorted(failing)]


def serve(app):
    """The app on a free loopback port, in a thread; the server, to shut down."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def warm_up(url: str) -> None:
    """Ask for a page once before Lighthouse does: a serving process has read the index and
    rendered the popular cards already, and the first request of a fresh one (two seconds
    for the home page here) would be measured as the server's response time."""
    with urlopen(url, timeout=60) as response:  # noqa: S310 - our own loopback server
        response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse-dir", type=Path, default=Path("/tmp/lh"))
    parser.add_argument("--keep", type=Path, help="reuse the seeded directory in this folder")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per page")
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    binary = lighthouse_binary(args.lighthouse_dir)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports = folder / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    app = seeded_app(folder)
    pages = {
        "home": "/",
        "results": "/search?q=walking",
        "activity": an_activity_page(app),
        "home (Urdu)": "/ur/",
    }
    server = serve(app)
    base = f"http://127.0.0.1:{server.server_port}"
    results = {}
    try:
        for path in pages.values():
            warm_up(base + path)
        for name, path in pages.items():
            print(f"Lighthouse: {name} ({path}) ...", flush=True)
            report = reports / f"{name.split()[0]}{'-ur' if '(Urdu)' in name else ''}.json"
            results[name] = run_lighthouse(binary, chromium, base + path, report, args.timeout)
    finally:
        server.shutdown()
        server.server_close()

    print()
    header = f"{'page':<14}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'LCP s':>8}{'TBT ms':>8}"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        row = scores(result)
        print(
            f"{name:<14}{row['performance']:>6}{row['accessibility']:>6}"
            f"{row['best-practices']:>6}{row['seo']:>6}{row['lcp']:>8.2f}{row['tbt']:>8.0f}"
        )
    for name, result in results.items():
        for category in CATEGORIES:
            if round(result["categories"][category]["score"] * 100) < PASSING:
                print(f"\n{name}, {category} below {PASSING}:")
                for line in failing_audits(result, category):
                    print(f"  {line}")
    print(f"\nReports: {reports}")


if __name__ == "__main__":
    main()
