"""What the export shaped after the Social Prescribing Information Standard cites.

The standard (PRSB for NHS England, v1.1, Information Standards Notice of 16 January 2023)
is a person-level record, not a list of counts. Each figure of the export names the
record's element it is counted from, spelled and nested as the standard's v1.1 JSON has
it (``Group > … > Element``). A figure the record has no element for (what a community
group answered about an onward referral, whether the person attended, a person declining
the service) is still exported, with the element left empty rather than invented.

The standard's "Referral to social prescribing services" and "Message back to GP and
referrer" parts could not be read here, so every element named is the record's.

Codes: only SNOMED CT concepts cited with their term and use by an NHS source, which is
given beside each code in the file. 871731000000106 "Referral to social prescribing
service" is *not* put on the count of requests received: the same guidance keeps it for a
person accepting a referral, at the first interaction only, which a count of requests
(including those later declined) is not. The standard names two social prescribing
reference sets (1373501000000105 needs and concerns, 1373511000000107 support), but not
their members, so our referral reasons carry no codes from them.
"""

from dataclasses import dataclass

STANDARD = "https://theprsb.org/standards/social-prescribing-standard/"
PART = "Social Prescribing Information Standard v1.1 (record)"
# NHS guidance for link workers on the two national social prescribing codes.
CODES_SOURCE = (
    "https://www.transformationpartnersinhealthandcare.nhs.uk/our-work/personalised_care/"
    "arrs-roles/social-prescribing/faqs/"
)

# The record's elements the export counts from (v1.1 JSON, names as the standard has them).
REFERRAL_ENTRY = "Referral details > Referral details record entry"
REFERRAL_METHOD = f"{REFERRAL_ENTRY} > Referral method"
# Free text in the standard; ours are the form's categories, so the element is the nearest.
REASON_FOR_REFERRAL = f"{REFERRAL_ENTRY} > Reason for referral"
DATE_OF_BIRTH = "Person demographics > Date of birth"  # the age band at the referral's date
POSTCODE = "Person demographics > Person's address > Postcode"  # the area is worked out from it
# The standard has no language element; the person's preferred language goes here.
HOW_I_COMMUNICATE = "About me > How I communicate and how to communicate with me"
ASSESSMENT_RESULT = (
    "Assessments > Assessments record entry > Structured assessment > Assessment result"
)


@dataclass(frozen=True)
class Code:
    """A SNOMED CT concept: its id, its term, and where we found it cited."""

    concept_id: str
    term: str
    source: str


# "To be used when an individual declines a referral to the SPLW" (CODES_SOURCE).
SOCIAL_PRESCRIBING_DECLINED = Code(
    "871711000000103", "Social prescribing declined (situation)", CODES_SOURCE
)
