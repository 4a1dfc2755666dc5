"""The audit log, for admins: filtered by person, case, action and dates, paged, grouped,
and exported for a subject access request or a data-protection review."""

import csv
import io
import json
from zoneinfo import ZoneInfo

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _

from directory_app.accounts import audit_queries, people
from directory_app.accounts.audit_queries import AuditFilters
from directory_app.core import audit
from directory_app.domain.dates import aware, local_today
from directory_app.web.access import StaffArea
from directory_app.web.downloads import csv_download
from directory_app.web.spreadsheets import safe_row

blueprint = StaffArea("audit", __name__, ("admin",), url_prefix="/staff/audit")


@blueprint.get("")
def audit_log():
    filters = AuditFilters.from_args(request.args)
    page = audit_queries.AuditPage() if filters.errors else audit_queries.events_page(filters)
    # Recorded against the case when there is one: who read a case's trail is part of it.
    audit.record("audit_log.viewed", filters.referral, **filters.audit_detail())
    return render_template(
        "accounts/audit.html",
        filters=filters,
        page=page,
        staff=people.find_people(limit=None),
        actions=audit_queries.actions_present(),
        list_views=audit_queries.LIST_VIEWS,
        page_size=audit_queries.PAGE_SIZE,
        export_limit=audit_queries.EXPORT_LIMIT,
        export_limit_shown=format_decimal(audit_queries.EXPORT_LIMIT),
    )


@blueprint.get("/export.csv")
def export():
    filters = AuditFilters.from_args(request.args)
    if filters.errors:  # the page says what is wrong with them
        return redirect(url_for("audit.audit_log", **filters.query_args()))
    text, rows = _csv_text(audit_queries.export_rows(filters))
    audit.record("audit_log.exported", filters.referral, rows=rows, **filters.audit_detail())
    name = filters.referral.reference if filters.referral else local_today().isoformat()
    return csv_download(text, f"audit-log-{name}.csv")


def _csv_text(rows) -> tuple[str, int]:
    """The events as CSV, times in the service's time zone with their offset; every cell
    made safe to open in a spreadsheet."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        safe_row(
            [
                _("Event"),
                _("When"),
                _("Who"),
                _("Account id"),
                _("What"),
                _("Record type"),
                _("Record id"),
                _("Details"),
            ]
        )
    )
    count = 0
    for row in rows:
        writer.writerow(
            safe_row(
                [
                    row.id,
                    aware(row.at).astimezone(zone).isoformat(timespec="seconds"),
                    row.actor_name or "",
                    row.actor_id or "",
                    row.action,
                    row.subject_type,
                    row.subject_id or "",
                    json.dumps(row.detail or {}, ensure_ascii=False, sort_keys=True),
                ]
            )
        )
        count += 1
    return buffer.getvalue(), count
