"""Reports for commissioners, on screen and as CSV."""

from flask import render_template, request

from directory_app.core import audit
from directory_app.domain.dates import local_today
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.reports import page
from directory_app.reports.exports import report_csv, spis_csv
from directory_app.reports.periods import CUSTOM, PRESETS, PeriodError, period_from_args
from directory_app.reports.report import commissioner_report
from directory_app.reports.suppression import SUPPRESS_BELOW
from directory_app.web.access import StaffArea
from directory_app.web.downloads import csv_download

blueprint = StaffArea("reports", __name__, REFERRAL_ROLES, url_prefix="/staff/reports")

blueprint.add_app_template_global(page.percent_text, "report_percent")
blueprint.add_app_template_global(page.change_text, "report_change")
blueprint.add_app_template_global(page.days_text, "report_days")


def _form_values() -> dict:
    return {name: request.args.get(name, "") for name in ("period", "from", "to")}


@blueprint.get("")
def report_page():
    """The report for the range asked for (last quarter by default), or the form's errors."""
    context = {"presets": PRESETS, "custom": CUSTOM, "values": _form_values()}
    try:
        period = period_from_args(request.args, local_today())
    except PeriodError as error:
        page_html = render_template("reports/report.html", errors=error.errors, **context)
        return page_html, 400
    report = commissioner_report(period)
    audit.record("report.viewed", preset=period.preset, **period.as_detail())
    return render_template(
        "reports/report.html",
        errors={},
        report=report,
        charts=page.report_charts(report),
        suppress_below=SUPPRESS_BELOW,
        query=period.as_detail(),
        **context,
    )


def _export(render, kind: str, stem: str):
    try:
        period = period_from_args(request.args, local_today())
    except PeriodError as error:
        return render_template(
            "reports/report.html",
            errors=error.errors,
            presets=PRESETS,
            custom=CUSTOM,
            values=_form_values(),
        ), 400
    report = commissioner_report(period)
    audit.record("report.exported", file=kind, preset=period.preset, **period.as_detail())
    return csv_download(render(report), f"{stem}-{period.start}-to-{period.end}.csv")


@blueprint.get("/report.csv")
def report_csv_download():
    """Every figure of the page, suppressed the same way."""
    return _export(report_csv, "report", "referral-report")


@blueprint.get("/spis.csv")
def spis_csv_download():
    """The figures shaped after the Social Prescribing Information Standard."""
    return _export(spis_csv, "spis", "social-prescribing-figures")
