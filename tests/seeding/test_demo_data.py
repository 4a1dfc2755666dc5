"""The demo data is big, varied and real enough to try the product on."""

import json
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.vocabulary import CATEGORIES, codes
from directory_app.geo.postcodes import lookup_postcode
from directory_app.i18n.locale import shipped_locales
from directory_app.models import (
    Activity,
    ActivityTranslation,
    Organisation,
    SearchOutboxEntry,
    Venue,
)
from directory_app.seeding.loader import load_seeds

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _load(name):
    return json.loads((SEEDS / f"{name}.json").read_text("utf-8"))


def test_size_and_spread():
    activities = _load("activities")
    assert len(activities) >= 150
    assert len({a["organisation"] for a in activities}) >= 40
    boroughs = Counter(v["borough"] for v in _load("venues"))
    assert set(boroughs) == {"Walsall", "Barking and Dagenham", "Hackney"}
    assert min(boroughs.values()) >= 10


def test_every_category_is_covered():
    used = {code for a in _load("activities") for code in a["categories"]}
    assert used == set(codes(CATEGORIES))


def test_common_referral_reasons_are_covered():
    text = " ".join(
        f"{a['title']} {a['summary']} {a['description']}".lower() for a in _load("activities")
    )
    for reason in ("lonel", "mental health", "confidence", "anxiety", "independently", "health",
                   "disabilit", "debt", "housing", "alcohol"):  # fmt: skip
        assert reason in text, reason


def test_variety_of_schedules_costs_and_access():
    activities = _load("activities")
    assert {s["frequency"] for a in activities for s in a["schedules"]} == {
        "weekly",
        "fortnightly",
        "monthly",
        "course",
        "once",
    }
    assert any(s.get("term_time_only") for a in activities for s in a["schedules"])
    assert {a["cost_type"] for a in activities} == {"free", "pay-what-you-can", "fixed"}
    assert {a["attendance_mode"] for a in activities} >= {"in-person", "online", "phone", "hybrid"}
    feature_sets = {tuple(sorted(v["access_features"])) for v in _load("venues")}
    assert len(feature_sets) > 20


def test_every_venue_postcode_is_real():
    for venue in _load("venues"):
        assert lookup_postcode(venue["postcode"]).label == venue["postcode"]


def test_every_translation_matches_published_activities():
    published = [
        a["key"] for a in _load("activities") if a.get("status", "published") == "published"
    ]
    for entry in _load("translations")["activities"]:
        assert any(key.startswith(entry["match"]) for key in published), entry["match"]


def test_every_shipped_language_has_translated_published_activities(app):
    """The demo shows each interface language with listings written in it, not only English."""
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(ActivityTranslation.language, func.count())
                .join(Activity, Activity.id == ActivityTranslation.activity_id)
                .where(Activity.status == "published")
                .group_by(ActivityTranslation.language)
            ).all()
        )
        languages = [code for code in shipped_locales(app) if not code.startswith("en")]
    assert len(languages) >= 20, languages
    assert {code: counts.get(code, 0) for code in languages if counts.get(code, 0) < 20} == {}


def test_seeding_twice_changes_nothing(db_app):
    with db_app.app_context():
        outbox_before = db.session.scalar(select(func.count()).select_from(SearchOutboxEntry))
        summary = load_seeds(db_app.config["SEEDS_DIR"], date.today())
        commit()
        assert summary.created == 0
        assert db.session.scalar(select(func.count()).select_from(Activity)) == len(
            _load("activities")
        )
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == len(
            _load("organisations")
        )
        assert db.session.scalar(select(func.count()).select_from(Venue)) == len(_load("venues"))
        # Nothing changed, so nothing was queued for the search index either.
        assert (
            db.session.scalar(select(func.count()).select_from(SearchOutboxEntry)) == outbox_before
        )
