"""Email that could not be sent, for admins: nothing is dropped without someone seeing it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.core.mail import EmailOutboxMessage
from directory_app.core.mail_sender import try_again
from directory_app.web.access import StaffArea

blueprint = StaffArea("outbox", __name__, ("admin",), url_prefix="/staff/outbox")


@blueprint.get("")
def failed_mail():
    failed = db.session.scalars(
        select(EmailOutboxMessage)
        .where(EmailOutboxMessage.failed_at.is_not(None), EmailOutboxMessage.sent_at.is_(None))
        .order_by(EmailOutboxMessage.id.desc())
        .limit(200)
    ).all()
    audit.record("outbox.failed_listed", shown=len(failed))
    return render_template("accounts/outbox.html", failed=failed)


@blueprint.post("/<int:message_id>/retry")
def retry(message_id: int):
    try_again(message_id)
    audit.record("outbox.retried", message_id=message_id)
    flash(_("The email will be tried again within a minute."))
    return redirect(url_for("outbox.failed_mail"))
