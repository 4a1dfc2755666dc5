"""``flask referrals purge``: a job safe to run from cron."""

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from directory_app.core.transaction import unit_of_work
from directory_app.referrals.retention import purge

referrals_group = AppGroup("referrals", help="Referral records.")


@referrals_group.command("purge")
def purge_command() -> None:
    """Anonymise closed requests past their retention period; delete expired drafts."""
    config = current_app.config
    with unit_of_work():
        report = purge(
            datetime.now(UTC), config["RETENTION_MONTHS"], config["INVALID_RETENTION_DAYS"]
        )
    click.echo(
        f"Anonymised {report.anonymised_closed} closed or declined requests older than "
        f"{config['RETENTION_MONTHS']} months and {report.anonymised_invalid} declined as not "
        f"genuine older than {config['INVALID_RETENTION_DAYS']} days. "
        f"Deleted {report.expired_drafts} unsent drafts past their time."
    )
