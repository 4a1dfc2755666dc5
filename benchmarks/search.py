"""Search benchmark: build synthetic directories of 10,000 and 100,000 listings and time the
full results page through the WSGI app.

    .venv/bin/python benchmarks/search.py [--sizes 10000 100000] [--repeats 60]

For each size it prints the index build time, the median and 95th-percentile server time of
the results page (query + database + rendering) for one-word, two-word, filtered, postcode
and typo searches, the gzipped size of the page with its CSS and JavaScript, and the peak
memory of this process. Everything lives in a scratch folder that is deleted afterwards.
This is a benchmark, not a test: nothing here fails on a slow machine.
"""

import argparse
import gc
import gzip
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from directory_app import create_app  # noqa: E402
from directory_app.core.extensions import db  # noqa: E402
from directory_app.domain.vocabulary import ACCESS_FEATURES, codes  # noqa: E402
from directory_app.geo.postcodes import _area_data, to_point  # noqa: E402
from directory_app.models import (  # noqa: E402
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
    ActivitySchedule,
    ActivityTranslation,
    Organisation,
    Venue,
    VenueAccessFeature,
)
from directory_app.search.sync import rebuild  # noqa: E402

QUERIES = {
    "one word": "/search?q=yoga",
    "two words": "/search?q=walking+football",
    "filtered": "/search?q=coffee&access=step-free&free=1&day=tue&day=thu&time=morning",
    "postcode": "/search?q=advice&near=E8+1AG&within=3",
    "postcode only": "/search?near=IG11+7AF&within=2",
    "typo": "/search?q=fotball",
    "Polish words": "/pl/search?q=kawa+rozmowa",
    "Urdu words": "/ur/search?q=%D8%AA%D9%86%DB%81%D8%A7%D8%A6%DB%8C",
    "next session": "/search?q=walking&sort=next",
    "home page": "/",
}
AREAS = {"Walsall": ("ws",), "Barking and Dagenham": ("ig", "rm"), "Hackney": ("e", "n")}
OUTWARD = {"ws": ("WS1", "WS2", "WS3", "WS4", "WS5", "WS8", "WS9", "WS10"),
           "ig": ("IG11",), "rm": ("RM8", "RM9", "RM10"), "e": ("E5", "E8", "E9"), "n": ("N16",)}  # fmt: skip


def real_postcodes(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(postcode, borough) pairs drawn from Code-Point Open in the three boroughs."""
    pool = []
    for borough, areas in AREAS.items():
        for area in areas:
            for postcode in _area_data(area.upper()):
                if postcode.split()[0] in OUTWARD[area]:
                    pool.append((postcode, borough))
    return rng.sample(pool, min(count, len(pool)))


def build_directory(app, size: int, rng: random.Random) -> None:
    """Insert ``size`` activities modelled on the demo data, with core bulk inserts."""
    templates = json.loads((ROOT / "seeds" / "activities.json").read_text())
    # Listings of the kinds the demo data translates carry the same translations (pl, ro,
    # ur, ar, bn, pa, tr, es), so the per-language index fields are as full as in the demo.
    translated = json.loads((ROOT / "seeds" / "translations.json").read_text())["activities"]
    access = codes(ACCESS_FEATURES)
    with app.app_context():
        upgrade()
        organisations = [
            {"id": i + 1, "key": f"org-{i}", "name": f"Community group {i}", "description": ""}
            for i in range(max(40, size // 25))
        ]
        db.session.execute(insert(Organisation), organisations)
        venues, features = [], []
        for index, (postcode, borough) in enumerate(real_postcodes(rng, max(50, size // 10))):
            area, _ = postcode.split()
            grid = _area_data("".join(c for c in area if c.isalpha()))[postcode]
            point = to_point(*grid)
            venues.append({
                "id": index + 1, "key": f"venue-{index}", "name": f"Community hall {index}",
                "address_line": "High Street", "town": borough, "postcode": postcode,
                "easting": grid[0], "northing": grid[1], "latitude": point.latitude,
                "longitude": point.longitude, "borough": borough, "neighbourhood": area,
            })  # fmt: skip
            features += [
                {"venue_id": index + 1, "feature": code}
                for code in rng.sample(access, rng.randint(0, 10))
            ]
        db.session.execute(insert(Venue), venues)
        db.session.execute(insert(VenueAccessFeature), features)
        activities, categories, audiences, languages, slots, texts = [], [], [], [], [], []
        for index in range(size):
            template = rng.choice(templates)
            activity_id = index + 1
            venue = rng.choice(venues)
            activities.append({
                "id": activity_id, "key": f"activity-{index}", "organisation_id": rng.choice(organisations)["id"],
                "venue_id": venue["id"] if template["venue"] else None, "attendance_mode": template["attendance_mode"],
                "title": f"{template['title'].split(' in ')[0]} in {venue['neighbourhood']} {index}",
                "summary": template["summary"], "description": template["description"], "first_visit": template["first_visit"],
                "age_min": template["age_min"], "age_max": template["age_max"], "cost_type": template["cost_type"],
                "cost_pence": template["cost_pence"], "status": "published", "last_confirmed_on": date.today(),
            })  # fmt: skip
            categories += [
                {"activity_id": activity_id, "category": code} for code in template["categories"]
            ]
            audiences += [
                {"activity_id": activity_id, "audience": code} for code in template["audiences"]
            ]
            languages += [
                {"activity_id": activity_id, "language": code} for code in template["languages"]
            ]
            for kind in translated:
                if template["key"].startswith(kind["match"]):
                    texts += [
                        {"activity_id": activity_id, "language": language, "description": "",
                         "first_visit": "", "title": fields["title"].replace("{place}", venue["neighbourhood"]),
                         "summary": fields["summary"]}
                        for language, fields in kind.items() if language != "match"
                    ]  # fmt: skip
            weekday = rng.randrange(7)
            slots.append({"activity_id": activity_id, "frequency": "weekly", "weekday": weekday,
                          "start_time": clock(rng.choice([9, 10, 13, 18])), "end_time": clock(rng.choice([20, 21]))})  # fmt: skip
        for table, rows in ((Activity, activities), (ActivityCategory, categories), (ActivityAudience, audiences),
                            (ActivityLanguage, languages), (ActivitySchedule, slots), (ActivityTranslation, texts)):  # fmt: skip
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(table), rows[start : start + 5000])
        db.session.commit()
        print(
            f"{len({row['activity_id'] for row in texts}):,} listings carry {len(texts):,} translations"
        )


def results_count(body: bytes) -> str:
    """The number in the page's "N results" heading, or '-' for pages without one."""
    marker = b'class="results-count"'
    if marker not in body:
        return "-"
    return body.split(marker, 1)[1].split(b">", 1)[1].split(b" ", 1)[0].decode()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(size: int, repeats: int, keep: Path | None) -> None:
    scratch = (keep / str(size)) if keep else Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    reuse = keep is not None and (scratch / "bench.sqlite3").exists()
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        app = create_app({
            "INSTANCE_PATH": str(scratch), "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(scratch / "index"),
        })  # fmt: skip
        print(f"\n## {size:,} listings")
        if reuse:
            print(f"reusing the database and index in {scratch}")
        else:
            rng = random.Random(size)
            started = time.perf_counter()
            build_directory(app, size, rng)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            with app.app_context():
                indexed = rebuild(app.config["SEARCH_INDEX_DIR"], 5.0)
            build_seconds = time.perf_counter() - started
            print(
                f"database load {loaded:.1f} s; index build {build_seconds:.1f} s for {indexed:,} documents"
            )
        client = app.test_client()
        static = ROOT / "static"
        assets = sum(
            len(gzip.compress(p.read_bytes()))
            for p in (static / "css" / "site.css", static / "js" / "enhance.js")
        )
        print(
            f"{'query':<14} {'results':>8} {'median ms':>10} {'p95 ms':>8} {'page+css+js gz KB':>18}"
        )
        for name, url in QUERIES.items():
            for _ in range(3):  # warm the searcher, caches and postcode files
                client.get(url)
            timings = []
            body = b""
            for _ in range(repeats):
                gc.collect()
                started = time.perf_counter()
                response = client.get(url)
                body = response.get_data()
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            count = results_count(body)
            size_kb = (len(gzip.compress(body)) + assets) / 1024
            print(
                f"{name:<14} {count:>8} {statistics.median(timings):>10.1f} {percentile(timings, 0.95):>8.1f} {size_kb:>18.1f}"
            )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process so far: {peak_mb:.0f} MB")
        with app.app_context():
            db.engine.dispose()
    finally:
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument(
        "--keep", type=Path, help="keep (and on later runs reuse) the scratch data here"
    )
    arguments = parser.parse_args()
    for size in arguments.sizes:
        run(size, arguments.repeats, arguments.keep)


if __name__ == "__main__":
    main()
