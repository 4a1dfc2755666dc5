"""The commissioners' report for a period: the counts, suppressed and labelled, as the page
and the CSV file show them. Built once per request; every number on either has been
through ``suppression``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.i18n.labels import KIND_LABELS, label, language_name
from directory_app.inbox.onward_notifications import DECLINE_REASON_LABELS
from directory_app.outcomes.scales import LOWER_IS_BETTER, MEANINGFUL_CHANGE, SCALE_LABELS
from directory_app.referrals.sources import source_label
from directory_app.reports import counts, wellbeing
from directory_app.reports.daily import DaySums
from directory_app.reports.direct import DirectCounts
from directory_app.reports.periods import Period
from directory_app.reports.suppression import Count, breakdown, count, pair, share

ANSWER_LABELS = {
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "awaiting": _l("Waiting for an answer"),
    "withdrawn": _l("Withdrawn"),
}


@dataclass(frozen=True)
class Line:
    """One group in a breakdown: its code (for files), its words, its count."""

    code: str
    label: str
    count: Count


@dataclass(frozen=True)
class Breakdown:
    measure: str  # e.g. "by_source": stable, for the CSV file and element ids
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class FirstContactFigures:
    contacted: Count
    not_yet: Count
    within_target: Count
    late: Count
    share_within_target: float | None
    median_days: float | None


@dataclass(frozen=True)
class ScaleFigures:
    scale: str
    label: str
    meaningful_change: Decimal  # signed: a fall of 1 for a scale where lower is better
    people: Count
    average_change: Decimal | None
    improved: Count
    not_improved: Count
    share_improved: float | None


@dataclass
class CommissionerReport:
    period: Period
    total: Count
    received: list[Breakdown] = field(default_factory=list)
    first_contact: FirstContactFigures | None = None
    declined_by_person: Count | None = None
    onward_sent: Count | None = None
    onward: list[Breakdown] = field(default_factory=list)
    onward_attended: Count | None = None
    onward_six_weeks: Count | None = None
    wellbeing: list[ScaleFigures] = field(default_factory=list)
    buddy_requests: Count | None = None
    buddy_matched: Count | None = None
    buddy_not_matched: Count | None = None
    buddy_attended: Count | None = None


def _lines(rows, words, adds_up: bool = True) -> list[Line]:
    return [Line(code, words(code), c) for code, c in breakdown(rows, adds_up)]


def area_words(code: str) -> str:
    return code or _("Not known")


def age_band_words(code: str) -> str:
    if not code:
        return _("Not known")
    if code.endswith("+"):
        # i18n: the oldest age band, e.g. "65 and over"
        return _("{age} and over").format(age=code[:-1])
    low, high = code.split("-")
    # i18n: an age band, e.g. "25–34"
    return _("{low}–{high}").format(low=low, high=high)


def language_words(code: str) -> str:
    return language_name(code) if code else _("Not recorded")


def decline_words(code: str) -> str:
    return str(DECLINE_REASON_LABELS.get(code, "")) or _("No reason given")


def received_breakdowns(found) -> list[Breakdown]:
    """The requests received, broken down the ways commissioners ask for."""
    return [
        Breakdown(
            "by_kind",
            _("By type of request"),
            _lines(found.by_measure("kind"), lambda c: str(KIND_LABELS.get(c, c))),
        ),
        Breakdown(
            "by_source",
            _("By where the request came from"),
            _lines(found.by_measure("source"), source_label),
        ),
        Breakdown(
            "by_reason",
            _("By reason (a request can give several)"),
            _lines(found.by_reason(), lambda c: label("reason", c), adds_up=False),
        ),
        Breakdown(
            "by_area",
            _("By area"),
            _lines(found.by_measure("area"), area_words),
        ),
        Breakdown(
            "by_age_band",
            _("By age when they asked"),
            _lines(found.by_age_band(), age_band_words),
        ),
        Breakdown(
            "by_language",
            _("By preferred language"),
            _lines(found.by_measure("language"), language_words),
        ),
    ]


def first_contact_figures(contact: counts.FirstContact) -> FirstContactFigures:
    found = contact
    contacted, not_yet = pair(found.contacted, found.not_yet)
    within, late = pair(found.within_target, found.late)
    # A median of one to four waits would be one of those people's wait.
    median = found.median_days if not count(found.contacted).suppressed else None
    return FirstContactFigures(contacted, not_yet, within, late, share(within, late), median)


def scale_figures(change: wellbeing.ScaleChange) -> ScaleFigures:
    people = count(change.people)
    improved, not_improved = pair(change.improved, change.not_improved)
    return ScaleFigures(
        scale=change.scale,
        label=str(SCALE_LABELS[change.scale]),
        meaningful_change=(
            -MEANINGFUL_CHANGE[change.scale]
            if change.scale in LOWER_IS_BETTER
            else MEANINGFUL_CHANGE[change.scale]
        ),
        people=people,
        average_change=None if people.suppressed else change.average_change,
        improved=improved,
        not_improved=not_improved,
        share_improved=share(improved, not_improved),
    )


def commissioner_report(period: Period, direct: bool = False) -> CommissionerReport:
    """Every figure of the report for ``period``, from the daily summaries (``daily``: one
    query, after counting any stale day) or, with ``direct``, counted from the requests
    themselves (about twenty aggregate queries: the reference the summaries must equal)."""
    found = DirectCounts(period) if direct else DaySums.of(period)
    report = CommissionerReport(period, count(found.total()))
    report.received = received_breakdowns(found)
    report.first_contact = first_contact_figures(found.first_contact())
    report.declined_by_person = count(found.declined_by_person())
    onward = found.onward_counts()
    report.onward_sent = count(onward.sent)
    report.onward = [
        Breakdown(
            "onward_answers",
            _("What the groups said"),
            _lines(onward.by_answer, lambda c: str(ANSWER_LABELS[c])),
        ),
        Breakdown(
            "onward_decline_reasons",
            _("Why groups declined"),
            _lines(onward.decline_reasons, decline_words),
        ),
    ]
    report.onward_attended = count(onward.attended)
    report.onward_six_weeks = count(onward.six_weeks)
    changes = wellbeing.person_by_person if direct else wellbeing.wellbeing_changes
    report.wellbeing = [scale_figures(c) for c in changes(period)]
    buddies = found.buddy_counts()
    report.buddy_requests = count(buddies.requests)
    report.buddy_matched, report.buddy_not_matched = pair(
        buddies.matched, buddies.requests - buddies.matched
    )
    report.buddy_attended = count(buddies.attended)
    return report
