"""Score conversion against the published SWEMWBS table, ranges, and each person's change
per scale (lower is better for anxiety; thresholds as cited in ``outcomes.scales``)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from directory_app.outcomes import scales


@pytest.mark.parametrize(
    ("raw", "metric"),
    [
        # Warwick Medical School's SWEMWBS conversion table (Stewart-Brown et al. 2009).
        (7, "7.00"),
        (8, "9.51"),
        (12, "14.08"),
        (14, "15.32"),
        (20, "18.59"),
        (21, "19.25"),
        (24, "21.54"),
        (28, "25.03"),
        (32, "29.31"),
        (34, "32.55"),
        (35, "35.00"),
    ],
)
def test_swemwbs_raw_scores_convert_as_the_published_table_says(raw, metric):
    assert scales.swemwbs_metric(raw) == Decimal(metric)


def test_the_table_covers_every_raw_score_and_only_rises():
    assert sorted(scales.SWEMWBS_METRIC) == list(range(7, 36))
    values = [scales.SWEMWBS_METRIC[raw] for raw in range(7, 36)]
    assert values == sorted(values) and len(set(values)) == len(values)


@pytest.mark.parametrize("raw", [6, 36, 0, -7])
def test_raw_scores_outside_7_to_35_are_refused(raw):
    with pytest.raises(scales.ScoreOutOfRange):
        scales.swemwbs_metric(raw)


def test_ranges_and_thresholds_are_defined_for_every_scale():
    assert scales.SCALES == (
        "ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious", "swemwbs", "wemwbs",
    )  # fmt: skip
    assert set(scales.MEANINGFUL_CHANGE) == set(scales.SCALES) == set(scales.SCALE_LABELS)
    assert {"ons_anxious"} == scales.LOWER_IS_BETTER
    assert (scales.ONS_RANGE, scales.SWEMWBS_RANGE, scales.WEMWBS_RANGE) == (
        (0, 10), (7, 35), (14, 70),
    )  # fmt: skip


def _ons(stage, day, satisfied, anxious, number):
    return SimpleNamespace(
        id=number, instrument="ons4", stage=stage, taken_on=date(2026, 1, day), recorded_at=None,
        ons_satisfied=satisfied, ons_worthwhile=None, ons_happy=None, ons_anxious=anxious,
        raw_total=None, metric_total=None,
    )  # fmt: skip


def _total(instrument, stage, day, raw, number):
    metric = scales.swemwbs_metric(raw) if instrument == "swemwbs" else None
    return SimpleNamespace(
        id=number, instrument=instrument, stage=stage, taken_on=date(2026, 1, day),
        recorded_at=None, ons_satisfied=None, ons_worthwhile=None, ons_happy=None,
        ons_anxious=None, raw_total=raw, metric_total=metric,
    )  # fmt: skip


def _by_scale(changes):
    return {change.scale: change for change in changes}


def test_anxiety_falling_is_an_improvement_and_rising_is_not():
    better = _by_scale(scales.person_changes([_ons("start", 1, 4, 8, 1), _ons("end", 9, 5, 5, 2)]))
    assert better["ons_anxious"].difference == Decimal(-3)
    assert better["ons_anxious"].improved_meaningfully is True
    assert better["ons_satisfied"].difference == Decimal(1)
    assert better["ons_satisfied"].improved_meaningfully is True  # 1 point: the threshold
    worse = _by_scale(scales.person_changes([_ons("start", 1, 6, 2, 1), _ons("end", 9, 6, 6, 2)]))
    assert worse["ons_anxious"].difference == Decimal(4)
    assert worse["ons_anxious"].improved_meaningfully is False
    assert worse["ons_satisfied"].improved_meaningfully is False  # no change
    assert "ons_worthwhile" not in worse  # never answered


def test_the_first_start_is_compared_with_the_latest_review_or_end():
    measures = [
        _ons("review", 1, 1, 5, 1),  # before the start: not the baseline
        _ons("start", 2, 3, 5, 2),
        _ons("review", 5, 9, 5, 3),
        _ons("start", 6, 2, 5, 4),  # a second "start" is not an end point
        _ons("review", 8, 6, 5, 5),
    ]
    change = _by_scale(scales.person_changes(reversed(measures)))["ons_satisfied"]
    assert (change.first, change.last, change.difference) == (3, 6, 3)


def test_without_a_start_the_earliest_measure_is_the_baseline():
    change = scales.person_changes([_ons("review", 3, 7, 4, 2), _ons("review", 1, 5, 4, 1)])
    assert _by_scale(change)["ons_satisfied"].first == 5


def test_one_measure_or_only_starts_show_no_change_yet():
    assert scales.person_changes([_ons("start", 1, 4, 4, 1)]) == []
    assert scales.person_changes([_ons("start", 1, 4, 4, 1), _ons("start", 2, 9, 4, 2)]) == []


def test_swemwbs_changes_count_in_metric_scores_with_a_3_point_threshold():
    # raw 20 -> 24 is 18.59 -> 21.54, 2.95 metric points: just short of meaningful.
    short = scales.person_changes(
        [_total("swemwbs", "start", 1, 20, 1), _total("swemwbs", "end", 2, 24, 2)]
    )
    assert short[0].difference == Decimal("2.95") and short[0].improved_meaningfully is False
    enough = scales.person_changes(
        [_total("swemwbs", "start", 1, 20, 1), _total("swemwbs", "end", 2, 25, 2)]
    )
    assert enough[0].difference == Decimal("3.76") and enough[0].improved_meaningfully is True


def test_wemwbs_needs_3_points():
    two = scales.person_changes(
        [_total("wemwbs", "start", 1, 40, 1), _total("wemwbs", "end", 2, 42, 2)]
    )
    three = scales.person_changes(
        [_total("wemwbs", "start", 1, 40, 1), _total("wemwbs", "end", 2, 43, 2)]
    )
    assert [c.improved_meaningfully for c in two + three] == [False, True]


def test_scale_values_read_each_instrument():
    assert scales.scale_values(_ons("start", 1, 7, 3, 1)) == {
        "ons_satisfied": Decimal(7), "ons_anxious": Decimal(3),
    }  # fmt: skip
    assert scales.scale_values(_total("swemwbs", "start", 1, 24, 1)) == {
        "swemwbs": Decimal("21.54")
    }
    assert scales.scale_values(_total("wemwbs", "start", 1, 51, 1)) == {"wemwbs": Decimal(51)}
