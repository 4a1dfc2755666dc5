"""What an admin should notice about a request for a group account before deciding it."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select

from directory_app.core.extensions import db
from directory_app.models import AccountRequest

# Second-level zones under which a registrable domain has three labels, not two.
THREE_LABEL_SUFFIXES = ("org.uk", "co.uk", "gov.uk", "ac.uk", "nhs.uk")


def registrable_domain(host: str) -> str:
    """The part of a host name an organisation registers, compared loosely: no "www.",
    the last two labels, or three under the UK zones above. Empty for no host."""
    labels = [label for label in host.lower().strip().strip(".").split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    keep = 3 if ".".join(labels[-2:]) in THREE_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def website_domain(website: str) -> str:
    """The registrable domain of a web address, with or without its scheme."""
    website = (website or "").strip()
    if not website:
        return ""
    host = urlsplit(website if "//" in website else "//" + website).hostname or ""
    return registrable_domain(host)


def email_domain_differs(email: str, website: str) -> bool:
    """True when the claimant's address is not at the organisation's listed website.

    Nothing to compare (no website) is no warning."""
    site = website_domain(website)
    if not site or "@" not in (email or ""):
        return False
    return registrable_domain(email.rsplit("@", 1)[1]) != site


@dataclass
class ClaimReview:
    """What an admin should know before deciding a request."""

    request: AccountRequest
    website: str  # the group's listed website, else the one the claimant entered
    domain_differs: bool
    earlier: list[AccountRequest]  # by the same address, or for the same organisation


def review(pending: list[AccountRequest]) -> list[ClaimReview]:
    reviews = []
    for item in pending:
        listed = item.organisation.website if item.organisation else ""
        website = listed or item.organisation_website
        same = func.lower(AccountRequest.email) == item.email.lower()
        if item.organisation_id is not None:
            same = or_(same, AccountRequest.organisation_id == item.organisation_id)
        earlier = db.session.scalars(
            select(AccountRequest)
            .where(AccountRequest.id != item.id, AccountRequest.id < item.id, same)
            .order_by(AccountRequest.id.desc())
        ).all()
        reviews.append(
            ClaimReview(item, website, email_domain_differs(item.email, website), list(earlier))
        )
    return reviews


HISTORY_PAGE_SIZE = 20


def decided(page: int) -> tuple[list[AccountRequest], bool]:
    """One page of decided requests, newest first, and whether there are more."""
    rows = db.session.scalars(
        select(AccountRequest)
        .where(AccountRequest.status != "pending")
        .order_by(AccountRequest.decided_at.desc(), AccountRequest.id.desc())
        .offset((page - 1) * HISTORY_PAGE_SIZE)
        .limit(HISTORY_PAGE_SIZE + 1)
    ).all()
    return list(rows[:HISTORY_PAGE_SIZE]), len(rows) > HISTORY_PAGE_SIZE
