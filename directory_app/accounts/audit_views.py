"""The audit log, for admins."""

from flask import render_template
from sqlalchemy import select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.web.access import StaffArea

blueprint = StaffArea("audit", __name__, ("admin",), url_prefix="/staff/audit")
PAGE_SIZE = 100


@blueprint.get("")
def audit_log():
    events = db.session.scalars(
        select(audit.AuditEvent).order_by(audit.AuditEvent.id.desc()).limit(PAGE_SIZE)
    ).all()
    audit.record("audit_log.viewed")
    return render_template("accounts/audit.html", events=events)
