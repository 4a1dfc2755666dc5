"""What an admin should notice about a request for a group account before deciding it."""

from urllib.parse import urlsplit

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
