"""A self-referral sent as a resident sends one, then worked on by a signed-in link worker."""

import re

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import AuditEvent, Referral
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import sign_in

CASES = "/staff/referrals/"


def self_referral(app) -> int:
    """Send a self-referral through the public form; the new request's id."""
    response = submit(app.test_client(), SELF_REFERRAL, valid_self_referral())
    assert response.status_code in (200, 302), response.status_code
    with app.app_context():
        return db.session.scalar(select(Referral.id).order_by(Referral.id.desc()).limit(1))


def signed_in(app, role="link_worker"):
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    return client


def token_on(html: str, prefix: str) -> str:
    """The CSRF token of the form whose fields carry ``prefix``."""
    return re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', html).group(1)


def save_plan(client, referral_id, **fields):
    page = client.get(f"{CASES}{referral_id}").get_data(as_text=True)
    data = {"plan-csrf_token": token_on(page, "plan")}
    data |= {f"plan-{name}": value for name, value in fields.items()}
    return client.post(f"{CASES}{referral_id}/plan", data=data, follow_redirects=True)


def record(client, referral_id, instrument, **fields):
    prefix = f"wellbeing-{instrument}"
    page = client.get(f"{CASES}{referral_id}").get_data(as_text=True)
    data = {f"{prefix}-csrf_token": token_on(page, prefix)}
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(
        f"{CASES}{referral_id}/wellbeing/{instrument}", data=data, follow_redirects=True
    )


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def error_summary(html: str) -> list[str]:
    found = re.search(r'class="error-summary".*?<ul>(.*?)</ul>', html, re.S)
    return (
        [visible_text(item) for item in re.findall(r"<a [^>]*>(.*?)</a>", found.group(1))]
        if found
        else []
    )


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()
        for event in found:
            db.session.expunge(event)
        return found
