"""A synthetic directory modelled on the demo data, for the benchmarks.

``build(folder, size)`` makes (or, when the folder has one, reuses) a migrated SQLite
database of ``size`` listings with real postcodes in the three boroughs and the demo's
translations, and its search index. Nothing here is imported by the app.
"""

import json
import random
import sys
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


def app_for(folder: Path, **config):
    """The app on a benchmark folder's database and index."""
    return create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "MAIL_FILE_DIR": str(folder / "mail"),
            **config,
        }
    )


def build(folder: Path, size: int) -> dict:
    """Make the directory in ``folder`` unless it is there already; timings in seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    app = app_for(folder)
    if (folder / "bench.sqlite3").exists() and (folder / "index" / "CURRENT").exists():
        with app.app_context():
            upgrade()  # a folder kept from an older run may lack newer columns
            db.engine.dispose()
        return {"reused": True}
    rng = random.Random(size)
    started = time.perf_counter()
    build_directory(app, size, rng)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with app.app_context():
        indexed = rebuild(app.config["SEARCH_INDEX_DIR"], 5.0)
        db.engine.dispose()
    return {
        "reused": False,
        "load": loaded,
        "index": time.perf_counter() - started,
        "documents": indexed,
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
