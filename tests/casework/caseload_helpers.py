"""Cases for the caseload and contact-attempt tests, stored as the app stores requests."""

import re
import secrets
from datetime import date

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today
from directory_app.models import AuditEvent, Referral
from directory_app.referrals.service import store_request
from tests.staff import csrf_token, sign_in

INBOX = "/staff/referrals/"


def today(app) -> date:
    """Today where the app is (its timezone), as its deadlines count it."""
    with app.app_context():
        return local_today()


def add_case(app, full_name="Ann Example", kind="self_referral", **changes) -> int:
    """A request stored by ``referrals.service``, then changed as a test needs; its id."""
    fields = {
        "full_name": full_name,
        "preferred_name": changes.pop("preferred_name", ""),
        "phone": changes.pop("phone", "07700 900982"),
        "email": changes.pop("email", "ann@example.com"),
        "reasons": changes.pop("reasons", ["loneliness"]),
        "consent_referral": True,
    }
    with app.app_context():
        referral, _ = store_request(kind, secrets.token_hex(16), fields, local_today(), 5)
        for name, value in changes.items():
            setattr(referral, name, value)
        commit()
        return referral.id


def case(app, referral_id: int) -> Referral:
    """The request as stored now, detached so it can be read outside the app context."""
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        _ = referral.attempts, referral.history
        db.session.expunge(referral)
        return referral


def audit_details(app, action: str) -> list[dict]:
    """The details of each audit event of this kind, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def names_in_order(html: str, names: list[str]) -> list[str]:
    """The given names in the order the page lists them."""
    found = [(html.find(name), name) for name in names if name in html]
    return [name for _, name in sorted(found)]


def visible_text(html: str) -> str:
    """The page's text without tags, with spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def signed_in(app, role="link_worker"):
    """A test client signed in as the ``staff`` fixture's user of that role."""
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    return client


def search(client, text: str, **fields) -> str:
    """Search as the inbox form does (by POST, never in the URL); the page it leads to."""
    response = client.post(
        INBOX, data={"csrf_token": csrf_token(client, "/staff/"), "q": text, **fields}
    )
    assert response.status_code == 302 and (not text or text not in response.headers["Location"])
    return client.get(response.headers["Location"]).get_data(as_text=True)


def assign(client, referral_id, assignee):
    """Assign the case through its form."""
    token = csrf_token(client, f"{INBOX}{referral_id}")
    return client.post(
        f"{INBOX}{referral_id}/assign", data={"csrf_token": token, "assignee": assignee}
    )
