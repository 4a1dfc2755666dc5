"""Relevance benchmark: how many of the relevance set's queries the demo directory serves.

    .venv/bin/python benchmarks/relevance.py [--misses]

Loads the demo data from ``seeds/`` into a temporary folder, then runs every query of
``tests/search/relevance/`` (what residents type, in 21 languages) through the results
page, as a resident's phone would, and judges the first three results with the rules in
``tests/search/relevance_set.py``. Prints "N of M served" for each language and overall;
``--misses`` also lists the queries not served. The test suite holds a floor of 90% in
every language; this prints the figures for the notes.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory_app import create_app  # noqa: E402
from tests.search.relevance_set import run  # noqa: E402


def demo_app(folder: Path):
    config = {
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": "benchmark",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "MAIL_FILE_DIR": str(folder / "mail"),
    }
    app = create_app(config)
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["seed"], ["search", "reindex"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{result.output}")
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries not served")
    arguments = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "translate", "compile"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with tempfile.TemporaryDirectory(prefix="relevance-") as folder:
        figures = run(demo_app(Path(folder)))
    for language, (served, total, missed) in sorted(figures.items()):
        line = f"{language}: {served} of {total} served ({served / total:.0%})"
        if arguments.misses and missed:
            line += "  not served: " + "; ".join(missed)
        print(line)
    served = sum(figures[language][0] for language in figures)
    total = sum(figures[language][1] for language in figures)
    print(f"all: {served} of {total} served ({served / total:.0%}) in {len(figures)} languages")


if __name__ == "__main__":
    main()
