"""The wellbeing change as one SQL statement gives what ``person_changes`` gives person by
person, on SQLite and PostgreSQL: random measures of every scale and stage, same-day
measures, SWEMWBS with and without a stored metric score, merged requests, several ranges."""

import random
from datetime import date, timedelta
from decimal import Decimal

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Referral, WellbeingMeasure
from directory_app.outcomes.scales import SWEMWBS_METRIC
from directory_app.reports.periods import Period
from directory_app.reports.wellbeing import person_by_person, wellbeing_changes
from tests.reports.fixtures import plant, plant_varied

START = date(2026, 1, 1)


def _random_measure(rng, referral_id: int) -> WellbeingMeasure:
    instrument = rng.choice(("ons4", "swemwbs", "wemwbs"))
    measure = WellbeingMeasure(
        referral_id=referral_id,
        instrument=instrument,
        stage=rng.choice(("start", "review", "end")),
        taken_on=START + timedelta(days=rng.randrange(200)),
    )
    if instrument == "ons4":
        for scale in ("ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious"):
            setattr(measure, scale, None if rng.random() < 0.15 else rng.randint(0, 10))
    elif instrument == "swemwbs":
        measure.raw_total = rng.randint(7, 35)
        if rng.random() < 0.5:
            measure.metric_total = SWEMWBS_METRIC[measure.raw_total]
    else:
        measure.raw_total = rng.randint(14, 70)
    return measure


def test_sql_wellbeing_change_equals_the_person_by_person_rule(db_app):
    plant(db_app)
    rng = random.Random(5)
    with db_app.test_request_context():
        ids = plant_varied(rng, 150, START, 150)
        for referral_id in ids:
            for _ in range(rng.randrange(8)):
                db.session.add(_random_measure(rng, referral_id))
        db.session.get(Referral, ids[0]).merged_into_id = ids[1]
        commit()
        for period in (
            None,
            Period(START, date(2026, 12, 31)),
            Period(date(2026, 2, 1), date(2026, 4, 30)),
            Period(date(2026, 3, 3), date(2026, 3, 20)),
        ):
            expected = person_by_person(period)
            assert wellbeing_changes(period) == expected, period
        year = person_by_person(Period(START, date(2026, 12, 31)))
        assert all(change.people > 10 for change in year)
        assert all(isinstance(change.total_change, Decimal) for change in year)
