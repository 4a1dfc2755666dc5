"""The wellbeing scales a case is measured on, how scores convert and what counts as a
meaningful improvement: one home for these rules, shared by the case page and the reports.

ONS4 counts as four scales (one per question: they are reported separately, never summed);
SWEMWBS counts in metric scores (the raw total converted with the published table), WEMWBS
in raw totals.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

SCALES = (
    "ons_satisfied",
    "ons_worthwhile",
    "ons_happy",
    "ons_anxious",
    "swemwbs",
    "wemwbs",
)
ONS4_SCALES = SCALES[:4]

# "Overall, how anxious did you feel yesterday?": 0 is not at all anxious, so a fall is better.
LOWER_IS_BETTER = {"ons_anxious"}

# The smallest change, in the direction of better, counted as a meaningful improvement
# for one person (first measure to latest).
MEANINGFUL_CHANGE: dict[str, Decimal] = {
    # ONS4: we found no published minimal important difference for the ONS personal
    # well-being questions; the ONS publishes thresholds of level (e.g. life satisfaction
    # 0-4 "low", 9-10 "very high"; ONS, "Personal well-being user guidance"), not of change.
    # We count a change of 1 point, the smallest step on the 0-10 answer scale: a
    # convention, not an evidence-based threshold. Revisit it if one is published.
    "ons_satisfied": Decimal("1"),
    "ons_worthwhile": Decimal("1"),
    "ons_happy": Decimal("1"),
    "ons_anxious": Decimal("1"),
    # SWEMWBS (metric score): "at individual level a change of between 1 and 3 points meets
    # thresholds for statistically important change" (Shah N et al. (2018)
    # "Responsiveness of the Short Warwick Edinburgh Mental
    # Well-Being Scale (SWEMWBS): evaluation a clinical sample", Health and Quality of Life
    # Outcomes 16:239); we take the stricter end, 2.77 standard errors of measurement
    # (2.87 points), rounded up to 3.
    "swemwbs": Decimal("3"),
    # WEMWBS: the standard error of measurement is 2.4-3.1 points, and 2.77 SEM, about 3
    # points, marks an important individual improvement (Maheswaran H, Weich S, Powell J,
    # Stewart-Brown S (2012) "Evaluating the responsiveness of the Warwick Edinburgh Mental
    # Well-Being Scale (WEMWBS): group and individual level analysis", Health and Quality of
    # Life Outcomes 10:156); Warwick Medical School's WEMWBS user guide counts a change of
    # 3 or more points as meaningful.
    "wemwbs": Decimal("3"),
}

SCALE_LABELS = {
    "ons_satisfied": _l("Life satisfaction (ONS)"),
    "ons_worthwhile": _l("Things done are worthwhile (ONS)"),
    "ons_happy": _l("Happiness yesterday (ONS)"),
    "ons_anxious": _l("Anxiety yesterday (ONS, lower is better)"),
    "swemwbs": _l("SWEMWBS metric score"),
    "wemwbs": _l("WEMWBS total"),
}

# The range of a valid entry for each score a measure keeps.
ONS_RANGE = (0, 10)
SWEMWBS_RANGE = (7, 35)
WEMWBS_RANGE = (14, 70)

# SWEMWBS raw total (sum of the seven items, 7-35) to metric score: the conversion table
# published by Warwick Medical School (WEMWBS user guide, "SWEMWBS raw score to metric
# score conversion table"; https://warwick.ac.uk/fac/sci/med/research/platform/wemwbs/),
# from the Rasch analysis in Stewart-Brown S, Tennant A, Tennant R, Platt S, Parkinson J,
# Weich S (2009) "Internal construct validity of the Warwick-Edinburgh Mental Well-being
# Scale (WEMWBS): a Rasch analysis using data from the Scottish Health Education
# Population Survey", Health and Quality of Life Outcomes 7:15.
SWEMWBS_METRIC = {
    7: Decimal("7.00"),
    8: Decimal("9.51"),
    9: Decimal("11.25"),
    10: Decimal("12.40"),
    11: Decimal("13.33"),
    12: Decimal("14.08"),
    13: Decimal("14.75"),
    14: Decimal("15.32"),
    15: Decimal("15.84"),
    16: Decimal("16.36"),
    17: Decimal("16.88"),
    18: Decimal("17.43"),
    19: Decimal("17.98"),
    20: Decimal("18.59"),
    21: Decimal("19.25"),
    22: Decimal("19.98"),
    23: Decimal("20.73"),
    24: Decimal("21.54"),
    25: Decimal("22.35"),
    26: Decimal("23.21"),
    27: Decimal("24.11"),
    28: Decimal("25.03"),
    29: Decimal("26.02"),
    30: Decimal("27.03"),
    31: Decimal("28.13"),
    32: Decimal("29.31"),
    33: Decimal("30.70"),
    34: Decimal("32.55"),
    35: Decimal("35.00"),
}


class ScoreOutOfRange(ValueError):
    """A score outside its scale's range: refused rather than stored, since a wrong number
    would quietly skew each person's change and every report."""

    def __init__(self, field: str, low: int, high: int):
        super().__init__(f"{field} must be from {low} to {high}")
        self.field = field
        self.low = low
        self.high = high


def check_range(field: str, value: int, low: int, high: int) -> int:
    """Return ``value`` if it lies in ``low``-``high``, else raise :class:`ScoreOutOfRange`."""
    if not low <= value <= high:
        raise ScoreOutOfRange(field, low, high)
    return value


def swemwbs_metric(raw_total: int) -> Decimal:
    """The SWEMWBS metric score for a raw total, from the published table: the raw total is
    ordinal, the metric score is interval, so changes and averages use the metric."""
    check_range("raw_total", raw_total, *SWEMWBS_RANGE)
    return SWEMWBS_METRIC[raw_total]


def scale_values(measure) -> dict[str, Decimal]:
    """The scores one measure gives, keyed by scale code (only the scales it measured)."""
    if measure.instrument == "ons4":
        return {
            scale: Decimal(getattr(measure, scale))
            for scale in ONS4_SCALES
            if getattr(measure, scale) is not None
        }
    if measure.instrument == "swemwbs":
        if measure.metric_total is not None:
            return {"swemwbs": Decimal(measure.metric_total)}
        if measure.raw_total is not None:
            return {"swemwbs": swemwbs_metric(measure.raw_total)}
        return {}
    if measure.instrument == "wemwbs" and measure.raw_total is not None:
        return {"wemwbs": Decimal(measure.raw_total)}
    return {}


@dataclass(frozen=True)
class Change:
    """One person's change on one scale, from the first measure to the latest."""

    scale: str
    first: Decimal
    last: Decimal
    difference: Decimal
    improved_meaningfully: bool

    @property
    def label(self):
        """The scale's translated name."""
        return SCALE_LABELS[self.scale]


def is_meaningful_improvement(scale: str, difference: Decimal) -> bool:
    """Whether a change of ``difference`` (last minus first) is a meaningful improvement."""
    better_by = -difference if scale in LOWER_IS_BETTER else difference
    return better_by >= MEANINGFUL_CHANGE[scale]


def _order(measure):
    return (measure.taken_on, measure.recorded_at is None, measure.recorded_at, measure.id or 0)


def person_changes(measures: Iterable) -> list[Change]:
    """Each scale's change for one person: the earliest "start" measure (or, without one, the
    earliest measure) against the latest "review" or "end" measure taken after it. A scale
    measured only once has no change yet and is left out."""
    ordered = sorted(measures, key=_order)
    changes = []
    for scale in SCALES:
        taken = [(m, scale_values(m)[scale]) for m in ordered if scale in scale_values(m)]
        if len(taken) < 2:
            continue
        starts = [pair for pair in taken if pair[0].stage == "start"]
        first_measure, first = starts[0] if starts else taken[0]
        later = [
            pair
            for pair in taken
            if pair[0].stage in ("review", "end")
            and pair[0] is not first_measure
            and _order(pair[0]) > _order(first_measure)
        ]
        if not later:
            continue
        last = later[-1][1]
        difference = last - first
        changes.append(
            Change(
                scale=scale,
                first=first,
                last=last,
                difference=difference,
                improved_meaningfully=is_meaningful_improvement(scale, difference),
            )
        )
    return changes
