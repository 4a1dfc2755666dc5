"""The report as files: every count suppressed exactly as on the page (``<5`` for 1 to 4),
every cell through ``safe_row`` (a group named "=HYPERLINK(…)" stays text), and a UTF-8
byte-order mark added by ``web.downloads.csv_download`` so Excel reads "–" and "£".

Two shapes: the report's own rows (section, measure, group, words, value), and one shaped
after the Social Prescribing Information Standard (``spis``) with codes only where cited.
"""

import csv
import io

from directory_app.reports import spis
from directory_app.reports.report import Breakdown, CommissionerReport
from directory_app.reports.suppression import CSV_MARKER, Count
from directory_app.web.spreadsheets import safe_row

REPORT_COLUMNS = ("section", "measure", "group", "label", "value")
SPIS_COLUMNS = (
    "standard_part",
    "standard_element",
    "measure",
    "group",
    "label",
    "value",
    "snomed_ct_concept_id",
    "snomed_ct_term",
    "code_source",
    "standard_source",
)


def share_cell(value: float | None, parts: tuple[Count, ...]) -> str:
    """A share as a percentage with one decimal; ``<5`` when hidden to protect a small count,
    empty when there was nothing to share."""
    if value is not None:
        return f"{value * 100:.1f}"
    return CSV_MARKER if any(part.suppressed for part in parts) else ""


def number_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a median of 3 days, not "3.0"
    return str(value)


def report_rows(report: CommissionerReport):
    """The report as (section, measure, group, label, value) rows."""
    period = report.period.as_detail()
    yield "period", "from", "", "", period["from"]
    yield "period", "to", "", "", period["to"]
    yield "received", "total", "", "", report.total.csv
    for item in report.received:
        yield from _breakdown_rows("received", item)
    fc = report.first_contact
    yield "first_contact", "contacted", "", "", fc.contacted.csv
    yield "first_contact", "not_yet_contacted", "", "", fc.not_yet.csv
    yield "first_contact", "within_target", "", "", fc.within_target.csv
    yield "first_contact", "after_target", "", "", fc.late.csv
    share = share_cell(fc.share_within_target, (fc.within_target, fc.late))
    yield "first_contact", "percent_within_target", "", "", share
    yield "first_contact", "median_days", "", "", number_cell(fc.median_days)
    yield "onward", "sent", "", "", report.onward_sent.csv
    for item in report.onward:
        yield from _breakdown_rows("onward", item)
    yield "onward", "attended_first_session", "", "", report.onward_attended.csv
    yield "onward", "attending_at_six_weeks", "", "", report.onward_six_weeks.csv
    for scale in report.wellbeing:
        improved = share_cell(scale.share_improved, (scale.improved, scale.not_improved))
        yield "wellbeing", "people", scale.scale, scale.label, scale.people.csv
        yield (
            "wellbeing",
            "average_change",
            scale.scale,
            scale.label,
            number_cell(scale.average_change),
        )
        yield "wellbeing", "improved_meaningfully", scale.scale, scale.label, scale.improved.csv
        yield "wellbeing", "percent_improved_meaningfully", scale.scale, scale.label, improved
    yield "buddies", "requests", "", "", report.buddy_requests.csv
    yield "buddies", "matched", "", "", report.buddy_matched.csv
    yield "buddies", "not_matched", "", "", report.buddy_not_matched.csv
    yield "buddies", "attended_first_session", "", "", report.buddy_attended.csv


def _breakdown_rows(section: str, item: Breakdown):
    for line in item.lines:
        yield section, item.measure, line.code, line.label, line.count.csv


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()


def report_csv(report: CommissionerReport) -> str:
    return _csv(REPORT_COLUMNS, report_rows(report))


# The record's element each of the report's breakdowns is counted from; None where the
# standard has none (a community group's answer to an onward referral, and its reasons).
SPIS_ELEMENTS = {
    "by_source": spis.REFERRAL_METHOD,
    "by_reason": spis.REASON_FOR_REFERRAL,
    "by_age_band": spis.DATE_OF_BIRTH,
    "by_language": spis.HOW_I_COMMUNICATE,
    "by_area": spis.POSTCODE,
    "onward_answers": None,
    "onward_decline_reasons": None,
}


def spis_rows(report: CommissionerReport):
    """Rows of the SPIS-shaped file: part, element, our measure, group, words, value, code,
    term, sources. Part and element are empty where the standard has no element."""

    def row(element, measure, group, label, value, code: spis.Code | None = None):
        part = spis.PART if element else ""
        coded = (code.concept_id, code.term, code.source) if code else ("", "", "")
        return (part, element or "", measure, group, label, value, *coded, spis.STANDARD)

    yield row(spis.REFERRAL_ENTRY, "received", "", "", report.total.csv)
    for item in report.received + report.onward:
        if item.measure in SPIS_ELEMENTS:
            element = SPIS_ELEMENTS[item.measure]
            for line in item.lines:
                yield row(element, item.measure, line.code, line.label, line.count.csv)
    declined = report.declined_by_person.csv
    yield row(None, "declined_by_person", "", "", declined, spis.SOCIAL_PRESCRIBING_DECLINED)
    yield row(None, "attended_first_session", "", "", report.onward_attended.csv)
    for scale in report.wellbeing:
        measured = scale.scale, scale.label
        yield row(spis.ASSESSMENT_RESULT, "wellbeing_people", *measured, scale.people.csv)
        average = number_cell(scale.average_change)
        yield row(spis.ASSESSMENT_RESULT, "wellbeing_average_change", *measured, average)
        improved = scale.improved.csv
        yield row(spis.ASSESSMENT_RESULT, "wellbeing_improved_meaningfully", *measured, improved)


def spis_csv(report: CommissionerReport) -> str:
    return _csv(SPIS_COLUMNS, spis_rows(report))
