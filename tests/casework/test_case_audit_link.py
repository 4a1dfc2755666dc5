"""An admin can go from a case to its audit trail; a link worker, who cannot read the
audit log, is not offered the link."""

import re
from urllib.parse import parse_qs, urlsplit

from tests.casework.caseload_helpers import add_case, case
from tests.staff import sign_in

INBOX = "/staff/referrals/"
LINK_TEXT = "See this case’s audit trail"


def _case_page(app, email: str, referral_id: int) -> str:
    client = app.test_client()
    sign_in(client, email)
    response = client.get(f"{INBOX}{referral_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _audit_link(html: str) -> str:
    return re.search(rf'<a href="([^"]+)">{re.escape(LINK_TEXT)}</a>', html).group(1)


def test_an_admin_sees_a_link_to_the_cases_audit_trail(app, staff):
    referral_id = add_case(app)
    reference = case(app, referral_id).reference
    html = _case_page(app, "admin@example.org", referral_id)
    assert LINK_TEXT in html
    link = urlsplit(_audit_link(html))
    assert link.path == "/staff/audit"
    assert parse_qs(link.query) == {"case": [reference]}
    client = app.test_client()
    sign_in(client, "admin@example.org")
    trail = client.get(f"{link.path}?{link.query}").get_data(as_text=True)
    assert "No case has that reference" not in trail


def test_a_link_worker_is_not_offered_the_audit_trail(app, staff):
    referral_id = add_case(app)
    html = _case_page(app, "link_worker@example.org", referral_id)
    assert LINK_TEXT not in html
    assert "/staff/audit" not in html
