"""Recording wellbeing measures on a case: ONS4 answers, or a SWEMWBS or WEMWBS total.

Which instruments a service uses is its own choice (``WELLBEING_MEASURES``): SWEMWBS and
WEMWBS need a licence, and their item texts are licensed, so staff enter the total from the
paper form and only numbers are kept. Scores are health data: the audit log records that a
measure was taken, of which instrument and at which stage, never the scores.
"""

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.models import Referral, StaffUser
from directory_app.models.outcomes import INSTRUMENTS, STAGES, WellbeingMeasure
from directory_app.outcomes import scales

# i18n: a wellbeing measure's name on the case page.
INSTRUMENT_LABELS = {
    "ons4": _l("ONS personal wellbeing (ONS4)"),
    "swemwbs": _l("SWEMWBS (short Warwick-Edinburgh scale)"),
    "wemwbs": _l("WEMWBS (Warwick-Edinburgh scale)"),
}
# i18n: when in the case a wellbeing measure was taken.
STAGE_LABELS = {
    "start": _l("At the start"),
    "review": _l("At a review"),
    "end": _l("At the end"),
}
# The scores each instrument takes, with their valid ranges.
SCORE_RANGES = {
    "ons4": {scale: scales.ONS_RANGE for scale in scales.ONS4_SCALES},
    "swemwbs": {"raw_total": scales.SWEMWBS_RANGE},
    "wemwbs": {"raw_total": scales.WEMWBS_RANGE},
}


class MeasureRefused(ValueError):
    """A measure that cannot be recorded; each kind has its own class and message."""


class InstrumentNotEnabled(MeasureRefused):
    """An instrument this service does not use (or one we do not know)."""


class UnknownStage(MeasureRefused):
    """A stage other than start, review or end."""


class DateMissing(MeasureRefused):
    """No date: a measure without one cannot be put in order."""


class DateInFuture(MeasureRefused):
    """A date after today: measures are recorded once taken."""


class DateBeforeRequest(MeasureRefused):
    """A date before the request arrived, most likely a mistyped year."""


class ScoreMissing(MeasureRefused):
    """An answer the instrument needs was not given."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class UnexpectedScore(MeasureRefused):
    """A score the instrument does not have (an ONS answer on a SWEMWBS form)."""


class CaseNotWorkable(MeasureRefused):
    """The request is anonymised or merged into another."""


def enabled_instruments() -> tuple[str, ...]:
    """The instruments this service uses, in a fixed order, from ``WELLBEING_MEASURES``
    (unknown names are left out rather than offered)."""
    configured = {
        name.strip().lower()
        for name in str(current_app.config.get("WELLBEING_MEASURES", "")).split(",")
    }
    return tuple(code for code in INSTRUMENTS if code in configured)


def record_measure(
    referral: Referral,
    actor: StaffUser,
    instrument: str,
    stage: str,
    taken_on: date | None,
    today: date | None = None,
    **scores: int | None,
) -> WellbeingMeasure:
    """Record one measure, checking everything first so a refused one changes nothing. A
    SWEMWBS raw total is stored with its metric score from the published table."""
    if referral.anonymised_at is not None or referral.merged_into_id is not None:
        raise CaseNotWorkable()
    if instrument not in enabled_instruments():
        raise InstrumentNotEnabled()
    if stage not in STAGES:
        raise UnknownStage()
    today = today or local_today()
    if taken_on is None:
        raise DateMissing()
    if taken_on > today:
        raise DateInFuture()
    if referral.created_at is not None and taken_on < referral.created_at.date():
        raise DateBeforeRequest()
    ranges = SCORE_RANGES[instrument]
    if set(scores) - set(ranges):
        raise UnexpectedScore()
    for field, (low, high) in ranges.items():
        if scores.get(field) is None:
            raise ScoreMissing(field)
        scales.check_range(field, scores[field], low, high)
    measure = WellbeingMeasure(
        instrument=instrument,
        stage=stage,
        taken_on=taken_on,
        recorded_by_id=actor.id,
        **{field: scores[field] for field in ranges},
    )
    if instrument == "swemwbs":
        measure.metric_total = scales.swemwbs_metric(scores["raw_total"])
    referral.measures.append(measure)
    db.session.flush()
    audit.record(
        "wellbeing.recorded",
        referral,
        actor=actor,
        measure=measure.id,
        instrument=instrument,
        stage=stage,
    )
    return measure
