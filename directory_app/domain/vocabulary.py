"""The fixed vocabularies the directory is built on: categories, accessibility, audiences.

Codes are stable identifiers stored in the database, the search index and URLs; labels are
translated for display. Adding a code is safe; renaming one needs a data migration.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    code: str
    label: object  # a lazy translated string

    def __str__(self) -> str:
        return str(self.label)


CATEGORIES = (
    Term("arts-crafts", _l("Arts and crafts")),
    Term("physical-activity", _l("Physical activity and sport")),
    Term("social-befriending", _l("Social groups and befriending")),
    Term("mental-wellbeing", _l("Mental wellbeing")),
    Term("learning-skills", _l("Learning and life skills")),
    Term("money-debt", _l("Money and debt advice")),
    Term("food", _l("Food and cooking")),
    Term("gardening-nature", _l("Gardening and nature")),
    Term("volunteering", _l("Volunteering")),
    Term("support-groups", _l("Support groups")),
    Term("parents-families", _l("Parents and families")),
    Term("faith-culture", _l("Faith and culture")),
    Term("digital-skills", _l("Digital skills")),
    Term("employment", _l("Employment and training")),
    Term("housing", _l("Housing advice")),
    Term("recovery", _l("Drug and alcohol recovery")),
)

ACCESS_FEATURES = (
    Term("step-free", _l("Step-free access")),
    Term("wheelchair-entrance", _l("Wheelchair-accessible entrance")),
    Term("accessible-toilet", _l("Accessible toilet")),
    Term("lift", _l("Lift")),
    Term("hearing-loop", _l("Hearing loop")),
    Term("bsl", _l("BSL interpreted sessions available")),
    Term("quiet-space", _l("Quiet or low-sensory space")),
    Term("seating", _l("Seating available")),
    Term("parking", _l("Parking")),
    Term("disabled-parking", _l("Disabled parking")),
    Term("public-transport", _l("Near a bus stop or station")),
    Term("baby-changing", _l("Baby changing")),
    Term("gender-neutral-toilet", _l("Gender-neutral toilet")),
    Term("guide-dogs", _l("Guide dogs welcome")),
    Term("dementia-friendly", _l("Dementia friendly")),
)

# The accessibility features shown on a result card, in this order, when the venue has them.
KEY_ACCESS_FEATURES = ("step-free", "accessible-toilet", "hearing-loop", "quiet-space")

AUDIENCES = (
    Term("everyone", _l("Everyone")),
    Term("women", _l("Women only")),
    Term("men", _l("Men only")),
    Term("over-55s", _l("Over-55s")),
    Term("carers", _l("Carers")),
    Term("parents-babies", _l("Parents with babies")),
    Term("young-people", _l("Young people")),
    Term("lgbtq", _l("LGBTQ+ people")),
    Term("long-term-condition", _l("People living with a health condition")),
    Term("disabled-people", _l("Disabled people")),
    Term("neurodivergent", _l("Neurodivergent people")),
    Term("veterans", _l("Veterans")),
    Term("refugees", _l("Refugees and asylum seekers")),
    Term("bereaved", _l("People who are bereaved")),
)

ATTENDANCE_MODES = (
    Term("in-person", _l("In person")),
    Term("online", _l("Online")),
    Term("phone", _l("By phone")),
    Term("hybrid", _l("In person or online")),
)

COST_TYPES = (
    Term("free", _l("Free")),
    Term("pay-what-you-can", _l("Pay what you can")),
    Term("fixed", _l("Fixed price")),
)

LISTING_STATUSES = (
    Term("draft", _l("Draft")),
    Term("published", _l("Published")),
    Term("paused", _l("Paused")),
    Term("archived", _l("Archived")),
)

TIMES_OF_DAY = (
    Term("morning", _l("Morning (before 12pm)")),
    Term("afternoon", _l("Afternoon (12pm to 5pm)")),
    Term("evening", _l("Evening (after 5pm)")),
)

# Weekday codes follow Python's date.weekday(): Monday is 0.
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Languages an activity can be run in, by BCP 47 code. Their display names come from Babel
# (each in its own language and in the visitor's), so no labels are kept here.
ACTIVITY_LANGUAGES = (
    "en", "pl", "ro", "bn", "ur", "pa", "gu", "tr", "lt", "pt", "es", "ar",
    "so", "bg", "sq", "ku", "yi", "it", "fr", "ru", "ta", "bfi",
)  # fmt: skip


def codes(terms) -> tuple[str, ...]:
    """The codes of a vocabulary, for validation and database constraints."""
    return tuple(term.code for term in terms)


def term_by_code(terms, code: str) -> Term | None:
    """Find a term in a vocabulary by its code, or None for an unknown code."""
    return next((term for term in terms if term.code == code), None)


def time_of_day(start_minutes: int) -> str:
    """Which of morning/afternoon/evening a session starting at this minute of the day is in."""
    if start_minutes < 12 * 60:
        return "morning"
    if start_minutes < 17 * 60:
        return "afternoon"
    return "evening"


# What residents ask for help with, matching the reasons link workers record.
REFERRAL_REASONS = (
    Term("loneliness", _l("Feeling lonely or isolated")),
    Term("mental-health", _l("Mental health or low mood")),
    Term("confidence", _l("Confidence")),
    Term("anxiety", _l("Anxiety or stress")),
    Term("physical-health", _l("Physical health or getting more active")),
    Term("money-debt", _l("Money and debt")),
    Term("housing", _l("Housing")),
    Term("caring", _l("Caring for someone")),
    Term("bereavement", _l("Bereavement")),
    Term("employment-skills", _l("Work, training and skills")),
    Term("something-else", _l("Something else")),
)

BUDDY_HELP = (
    Term("travel", _l("Travel there together")),
    Term("meet-at-door", _l("Meet me at the door")),
    Term("sit-with", _l("Sit with me during the session")),
)

CONTACT_METHODS = (
    Term("phone", _l("Phone call")),
    Term("text", _l("Text message")),
    Term("email", _l("Email")),
)

INTERPRETER_NEEDS = (
    Term("none", _l("No, I do not need an interpreter")),
    Term("spoken", _l("Yes, an interpreter for my language")),
    Term("bsl", _l("Yes, a British Sign Language (BSL) interpreter")),
)
