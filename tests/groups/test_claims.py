"""What the admin is told about a claim, and what approving a new group publishes."""

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.groups.claim_checks import email_domain_differs, registrable_domain
from directory_app.models import AccountRequest, Organisation
from tests.staff import csrf_token


@pytest.mark.parametrize(
    ("email", "website", "differs"),
    [
        ("sam@leamore.org.uk", "https://www.leamore.org.uk/about", False),
        ("sam@mail.leamore.org.uk", "leamore.org.uk", False),
        ("sam@gmail.com", "https://leamore.org.uk", True),
        ("sam@other.org.uk", "https://leamore.org.uk", True),
        ("sam@gmail.com", "", False),  # nothing listed, nothing to compare
    ],
)
def test_email_domain_is_compared_with_the_listed_website(email, website, differs):
    assert email_domain_differs(email, website) is differs


def test_registrable_domains_keep_three_labels_under_uk_zones():
    assert registrable_domain("www.a.b.nhs.uk") == "b.nhs.uk"
    assert registrable_domain("www.example.com") == "example.com"


def test_approving_a_new_group_does_not_publish_the_requesters_email(app, admin):
    client = app.test_client()
    client.post(
        "/groups/join",
        data={
            "csrf_token": csrf_token(client, "/groups/join"),
            "contact_name": "Sam",
            "email": "sam@home.example",
            "organisation_name": "Walsall Knitters",
        },
    )
    with app.app_context():
        request_id = db.session.scalar(select(AccountRequest.id))
    admin.post(
        f"/staff/account-requests/{request_id}/approve",
        data={"csrf_token": csrf_token(admin, "/staff/account-requests")},
    )
    with app.app_context():
        group = db.session.scalar(
            select(Organisation).where(Organisation.name == "Walsall Knitters")
        )
        assert group is not None and not group.email


def test_the_admin_sees_the_website_a_domain_warning_repeats_and_the_history(app, admin):
    from directory_app.core.extensions import db
    from directory_app.core.transaction import commit
    from directory_app.models import AccountRequest, Organisation

    with app.app_context():
        group = db.session.query(Organisation).filter(Organisation.website != "").first()
        assert group is not None and group.website
        name, website = group.name, group.website
        earlier = AccountRequest(
            contact_name="Sam", email="sam@gmail.example", organisation_id=group.id,
            status="declined", decline_reason="Could not confirm they run it",
        )  # fmt: skip
        db.session.add(earlier)
        db.session.add(
            AccountRequest(contact_name="Sam", email="Sam@gmail.example", organisation_id=group.id)
        )
        commit()
    page = admin.get("/staff/account-requests").get_data(as_text=True)
    assert website in page
    assert "is not at the group's website's domain" in page
    assert "Asked before: 1 earlier request" in page
    assert "Could not confirm they run it" in page  # in the earlier outcome and the history
    assert "Decided requests" in page and name in page.split("Decided requests")[1]
