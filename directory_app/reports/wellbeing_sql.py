"""``outcomes.scales.person_changes`` as SQL, for every person of a period at once.

Per request (merged ones left out) and scale, among the measures taken in the period that
give that scale a score: the first is the earliest "start" measure, or the earliest measure
without one; the last is the latest "review" or "end" measure after it. Scores are handled
in hundredths as integers (the SWEMWBS metric has two decimals), so sums are exact on
SQLite, which has no decimal type, as on PostgreSQL.
"""

from sqlalchemy import Integer, case, cast, func, literal, select, tuple_, union_all

from directory_app.core.extensions import db
from directory_app.models import Referral, WellbeingMeasure
from directory_app.outcomes.scales import (
    LOWER_IS_BETTER,
    MEANINGFUL_CHANGE,
    ONS4_SCALES,
    SCALES,
    SWEMWBS_METRIC,
)
from directory_app.reports.periods import Period

M = WellbeingMeasure


def _hundredths(expression):
    return cast(func.round(expression * 100), Integer)


def _swemwbs_metric_hundredths(m):
    """The stored metric score, or the raw total converted with the published table."""
    table = case(
        {raw: int(metric * 100) for raw, metric in SWEMWBS_METRIC.items()}, value=m.raw_total
    )
    return func.coalesce(_hundredths(m.metric_total), table)


def _scores(m) -> list[tuple]:
    """(scale, instrument, score in hundredths) for each scale."""
    scores = [(name, "ons4", getattr(m, name) * 100) for name in ONS4_SCALES]
    return scores + [
        ("swemwbs", "swemwbs", _swemwbs_metric_hundredths(m)),
        ("wemwbs", "wemwbs", m.raw_total * 100),
    ]


def _points(period: Period | None):
    """One row per measure and scale it scores: (request, scale, stage, order, score).

    The period's measures are read once, each paired with the six scales and kept where
    it gives that scale a score (a UNION of six reads cost SQLite six scans)."""
    # "+ 0": SQLite would otherwise walk every unmerged request by the merged_into_id
    # index, six times, instead of the period's measures by their taken_on index.
    conditions = [(Referral.merged_into_id + 0).is_(None)]
    if period is not None:
        conditions += [M.taken_on >= period.start, M.taken_on <= period.end]
    scales = union_all(*(select(literal(name).label("scale")) for name in SCALES)).subquery(
        "scales"
    )
    scale = scales.c.scale
    # The period's measures first, read once (MATERIALIZED), then paired with the scales.
    measures = (
        select(M)
        .join(Referral, Referral.id == M.referral_id)
        .where(*conditions)
        .cte("measures")
        .prefix_with("MATERIALIZED")
    )
    m = measures.c
    score = case(
        *(
            ((scale == name) & (m.instrument == instrument), value)
            for name, instrument, value in _scores(m)
        )
    )
    paired = (
        select(
            m.referral_id.label("referral_id"),
            scale.label("scale"),
            m.stage.label("stage"),
            m.taken_on.label("taken_on"),
            m.recorded_at.label("recorded_at"),
            m.id.label("id"),
            cast(score, Integer).label("score"),
        )
        .select_from(measures)
        .join(scales, literal(True))
        .subquery("paired")
    )
    return select(paired).where(paired.c.score.is_not(None)).cte("points")


def _order(points) -> tuple:
    return (points.c.taken_on, points.c.recorded_at, points.c.id)


def scale_sums(period: Period | None) -> list[tuple[str, int, int, int]]:
    """(scale, people, sum of changes in hundredths, people improved meaningfully).

    Two passes of window functions, no join: the first gives every point its person's
    first measure (score and place in order); the second ranks the later review or end
    measures, latest first. A self-join of the points cost SQLite 900 ms for a year."""
    points = _points(period)
    person = (points.c.referral_id, points.c.scale)
    first_order = (case((points.c.stage == "start", 0), else_=1), *_order(points))

    def first(column):
        return func.first_value(column).over(partition_by=person, order_by=first_order)

    with_first = select(
        points,
        first(points.c.score).label("first_score"),
        first(points.c.taken_on).label("first_taken_on"),
        first(points.c.recorded_at).label("first_recorded_at"),
        first(points.c.id).label("first_id"),
    ).subquery("with_first")
    w = with_first.c
    latest = func.row_number().over(
        partition_by=(w.referral_id, w.scale),
        order_by=(w.taken_on.desc(), w.recorded_at.desc(), w.id.desc()),
    )
    pairs = (
        select(w.scale, (w.score - w.first_score).label("change"), latest.label("rank"))
        .where(
            w.stage.in_(("review", "end")),
            w.id != w.first_id,
            tuple_(w.taken_on, w.recorded_at, w.id)
            > tuple_(w.first_taken_on, w.first_recorded_at, w.first_id),
        )
        .subquery("pairs")
    )
    better_by = case(
        (pairs.c.scale.in_(sorted(LOWER_IS_BETTER)), -pairs.c.change), else_=pairs.c.change
    )
    threshold = case(
        {scale: int(change * 100) for scale, change in MEANINGFUL_CHANGE.items()},
        value=pairs.c.scale,
    )
    query = (
        select(
            pairs.c.scale,
            func.count(),
            func.coalesce(func.sum(pairs.c.change), 0),
            func.coalesce(func.sum(case((better_by >= threshold, 1), else_=0)), 0),
        )
        .where(pairs.c.rank == 1)
        .group_by(pairs.c.scale)
    )
    return [tuple(row) for row in db.session.execute(query)]
