"""What the report page draws: a chart per breakdown, and numbers in the page's locale."""

from decimal import Decimal

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from directory_app.reports.charts import Chart, bar_chart
from directory_app.reports.report import Breakdown, CommissionerReport


def breakdown_chart(item: Breakdown, value_heading: str) -> Chart:
    rows = [(line.label, line.count) for line in item.lines]
    return bar_chart(f"chart-{item.measure}", item.title, rows, value_heading)


def report_charts(report: CommissionerReport) -> dict[str, Chart]:
    """Each breakdown's chart, by its measure."""
    charts = {item.measure: breakdown_chart(item, _("Requests")) for item in report.received}
    for item in report.onward:
        charts[item.measure] = breakdown_chart(item, _("Onward referrals"))
    return charts


def percent_text(share: float | None) -> str:
    """A share as "64%", or a dash when it is hidden or there is nothing to share."""
    return "–" if share is None else format_percent(share)


def change_text(change: Decimal | float | None) -> str:
    """A change with its sign, "+2.3" or "−1.0"; a dash when hidden or not known."""
    if change is None:
        return "–"
    return format_decimal(change, format="+#,##0.0;-#,##0.0")


def days_text(days: float | None) -> str:
    return "–" if days is None else format_decimal(days, format="#,##0.#")
