"""``flask reports refresh``: count the report's stale days ahead of the first reader.

Reports stay right without it (a read counts any stale day of its range first, see
``daily``); run it from cron at night so the morning's first report does not wait, or with
``--all`` after data was written around the ORM (a bulk load), which no listener sees.
"""

import click
from flask.cli import AppGroup
from flask_babel import ngettext
from sqlalchemy import delete

from directory_app.core.extensions import db
from directory_app.core.transaction import unit_of_work
from directory_app.models.report_summaries import ReportDay, ReportWellbeing
from directory_app.reports import daily

reports_group = AppGroup("reports", help="Commissioners' reports.")
DAYS_PER_COMMIT = 31  # a month per transaction: progress is kept if it is stopped


@reports_group.command("refresh")
@click.option(
    "--all", "everything", is_flag=True, help="Count every day again, not only stale ones."
)
def refresh_command(everything: bool) -> None:
    """Count every day with no up-to-date counts."""
    with unit_of_work():
        if everything:
            db.session.execute(delete(ReportDay))
            db.session.execute(delete(ReportWellbeing))
        span = daily.recorded_span()
        stale = daily.stale_days(*span) if span else []
    with click.progressbar(length=len(stale), label="Counting report days") as bar:
        for start in range(0, len(stale), DAYS_PER_COMMIT):
            batch = stale[start : start + DAYS_PER_COMMIT]
            with unit_of_work():
                daily.count_days(batch)
            bar.update(len(batch))
    click.echo(ngettext("Counted %(num)d day.", "Counted %(num)d days.", len(stale)))
