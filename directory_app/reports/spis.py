"""What the export shaped after the Social Prescribing Information Standard cites.

The standard (NHS England's, written by the Professional Record Standards Body, v1.1,
Information Standards Notice of 16 January 2023) has three parts: the social prescribing
record, "Referral to social prescribing services" and "Message back to GP and referrer".
Its person-level items are not for a commissioner's count, so the export gives, for each
figure, the part it belongs to; the item's name is ours where we could not read the
standard's own wording.

Codes: only SNOMED CT concepts we found cited with their term, each with that source
beside it (and in the file). Other rows leave the code empty rather than guess one: the
social prescribing reference sets NHS England is developing are available only on request.
"""

from dataclasses import dataclass

STANDARD = "https://theprsb.org/standards/social-prescribing-standard/"
RECORD_PART = "Social Prescribing Information Standard"
REFERRAL_PART = "Referral to social prescribing services"
MESSAGE_PART = "Message back to GP and referrer"
# Lists the national SNOMED CT codes for social prescribing with their terms and use.
CODES_SOURCE = "https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important"


@dataclass(frozen=True)
class Code:
    """A SNOMED CT concept: its id, its term, and where we found it cited."""

    concept_id: str
    term: str
    source: str


REFERRAL_TO_SOCIAL_PRESCRIBING = Code(
    "871731000000106", "Referral to social prescribing service", CODES_SOURCE
)
# "used when a person is contacted by a link worker and explicitly states they do not wish
# to make use of the social prescribing service" (same source).
SOCIAL_PRESCRIBING_DECLINED = Code("871711000000103", "Social prescribing declined", CODES_SOURCE)
