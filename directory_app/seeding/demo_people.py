"""Fictional people for the demo casework: who asks for help, in the form fields they fill.

Everything here is invented: first names and surnames from a short list, mobile numbers in
Ofcom's range kept for drama (07700 900000 to 900999, never given to a real line), email
addresses at example.org (reserved for examples), postcodes of the demo venues (so each
request falls in a demo borough). Pure functions of the random generator they are given,
so the same seed gives the same people.
"""

import random
from datetime import date, datetime

from directory_app.domain.vocabulary import BUDDY_HELP, REFERRAL_REASONS, codes

FIRST_NAMES = (
    "Ada", "Bilal", "Carys", "Dorota", "Emeka", "Farah", "Gheorghe", "Hana", "Idris", "Jolanta",
    "Kemal", "Leila", "Mihai", "Nadia", "Oskar", "Parveen", "Quentin", "Rosa", "Sunita", "Tariq",
    "Una", "Vesna", "Wale", "Ximena", "Yasmin", "Zofia",
)  # fmt: skip
SURNAMES = (
    "Ashdown", "Brackley", "Corrigan", "Dunmore", "Elsworth", "Fenwick", "Garrow", "Hollins",
    "Inchley", "Jessop", "Kettering", "Larkham", "Morrow", "Norbury", "Oakridge", "Pellow",
    "Quarrie", "Redfern", "Stallard", "Thorley", "Upwood", "Vellacott", "Wexley", "Yardley",
)  # fmt: skip
# Most people ask in English; the others in the languages the site ships in, so each can be
# seen in the report's language breakdown (the rarer ones suppressed, as they would be).
ENGLISH_SHARE = 0.55
HELP_WANTED = (
    "I would like to meet people nearby and get out of the house more.",
    "Something gentle to do in the week now that I have retired.",
    "Help to feel more confident going to new places on my own.",
    "I am caring for my mum and need a break and someone to talk to.",
    "I want to get more active but I do not know where to start.",
    "Advice about bills and a group where I can practise my English.",
    "Since my husband died I hardly see anyone.",
    "I would like to find volunteering or a course to get back into work.",
)
WORRIES = (
    "Walking into a room where I do not know anyone.",
    "Finding the place and the bus on my own.",
    "Not understanding what people say.",
    "",
)
AVAILABILITY = ("Weekday mornings", "Afternoons after 2pm", "Any time on Tuesdays", "Weekends")
REFERRER_KINDS = ("gp_practice", "pharmacy", "housing", "mental_health", "vcse", "council")
REFERRER_ROLES = ("Care coordinator", "Practice nurse", "Housing officer", "Pharmacist")


def phone_number(rng: random.Random) -> str:
    """A number in Ofcom's drama range (07700 900000–900999): never a real line."""
    return f"07700 900{rng.randrange(1000):03d}"


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def date_of_birth(rng: random.Random, on: date) -> date:
    """A birthday making them 18 to 90 on ``on``."""
    age = min(90, 18 + int(73 * rng.random()))
    born = date(on.year - age - 1, 1, 1).toordinal() + rng.randrange(365)
    found = date.fromordinal(born)
    return found if 18 <= age_on(found, on) <= 90 else date(on.year - 40, 6, 15)


def language(rng: random.Random, shipped: list[str]) -> str:
    """English for most; otherwise one of the shipped languages, earlier ones more often."""
    others = [code for code in shipped if code != "en"]
    if rng.random() < ENGLISH_SHARE or not others:
        return "en"
    return others[min(len(others) - 1, int(len(others) * rng.random() ** 1.6))]


def contact_fields(rng: random.Random, index: int, shipped: list[str]) -> dict:
    """Name, phone, email (for most), language and interpreter, as the forms store them."""
    first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    has_email = rng.random() < 0.7
    spoken = language(rng, shipped)
    interpreter = "spoken" if spoken != "en" and rng.random() < 0.4 else "none"
    if spoken == "en" and rng.random() < 0.02:
        interpreter = "bsl"
    return {
        "full_name": f"{first} {surname}",
        "preferred_name": first if rng.random() < 0.3 else "",
        "phone": phone_number(rng),
        # The index keeps each address unique, so the duplicate check sees different people.
        "email": f"{first}.{surname}.{index}@example.org".lower() if has_email else "",
        "preferred_contact": "email" if has_email and rng.random() < 0.4 else "phone",
        "good_times": rng.choice(("", "Mornings", "After 3pm", "Not on Fridays")),
        "may_leave_message": rng.random() < 0.7,
        "may_text": rng.random() < 0.6,
        "language": spoken,
        "interpreter": interpreter,
        "access_needs": rng.choice(("", "", "", "I use a walking frame.", "Large print, please.")),
    }


def reasons(rng: random.Random) -> list[str]:
    """One to three reasons; loneliness and low mood the most common, as services report."""
    weights = (30, 24, 14, 18, 14, 8, 6, 6, 5, 6, 3)
    chosen = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        code = rng.choices(codes(REFERRAL_REASONS), weights)[0]
        if code not in chosen:
            chosen.append(code)
    return chosen


def self_referral_fields(rng, index: int, shipped: list[str], postcodes: list[str], on) -> dict:
    """The fields of a self-referral form (also what a professional or a link worker fills)."""
    fields = contact_fields(rng, index, shipped)
    fields.update(
        date_of_birth=date_of_birth(rng, on) if rng.random() < 0.9 else None,
        confirmed_adult=True,
        postcode=rng.choice(postcodes) if postcodes and rng.random() < 0.95 else "",
        gp_practice=rng.choice(("", "Parkside Surgery", "Riverside Medical Centre")),
        reasons=reasons(rng),
        help_wanted=rng.choice(HELP_WANTED),
        consent_referral=True,
        consent_share_with_gp=rng.random() < 0.6,
        consent_feedback=rng.random() < 0.5,
    )
    return fields


def professional_fields(rng: random.Random) -> dict:
    """Who referred them: a fictional professional with an example.org address."""
    first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    return {
        "referrer_kind": rng.choice(REFERRER_KINDS),
        "referrer_name": f"{first} {surname}",
        "referrer_role": rng.choice(REFERRER_ROLES),
        "referrer_organisation": rng.choice(
            ("Parkside Surgery", "Eastway Housing", "Northside Wellbeing Hub")
        ),
        "referrer_email": f"{first}.{surname}@example.org".lower(),
        "referrer_phone": phone_number(rng),
    }


def buddy_fields(rng: random.Random, index: int, shipped: list[str], activity) -> dict:
    """The fields of a buddy request, for ``activity`` (or one named in words)."""
    fields = contact_fields(rng, index, shipped)
    fields.update(
        activity_id=activity.id if activity is not None else None,
        hoped_session="",
        buddy_help=rng.sample(codes(BUDDY_HELP), rng.randint(1, 2)),
        worries=rng.choice(WORRIES),
        buddy_preferences=rng.choice(("", "Someone who speaks my language", "A woman")),
        availability=rng.choice(AVAILABILITY),
        consent_referral=True,
        consent_share_with_volunteer=True,
        help_wanted="" if activity is not None else "A walking group near me",
    )
    return fields


def consent(source: str, moment: datetime) -> dict:
    """How and when they agreed, as each way in records it."""
    method = {
        "self": "online_form",
        "professional": "confirmed_by_referrer",
        "phone": "verbal",
        "in_person": "written",
    }[source]
    return {"source": source, "consent_method": method, "consent_given_at": moment}


def start_scores(rng: random.Random) -> dict:
    """Scores of someone who asked for help: lowish wellbeing, highish anxiety."""
    return {
        "ons_satisfied": rng.randint(2, 6),
        "ons_worthwhile": rng.randint(3, 7),
        "ons_happy": rng.randint(2, 6),
        "ons_anxious": rng.randint(4, 9),
        "raw_total": rng.randint(12, 24),
    }


def end_scores(rng: random.Random, start: dict) -> dict:
    """Most people better at the end, by an amount that varies; some the same or worse."""
    better = rng.random() < 0.65

    def moved(value: int, low: int, high: int, step: int, lower_is_better: bool = False) -> int:
        change = rng.randint(1, step) if better else rng.randint(-2, 0)
        return max(low, min(high, value - change if lower_is_better else value + change))

    return {
        "ons_satisfied": moved(start["ons_satisfied"], 0, 10, 4),
        "ons_worthwhile": moved(start["ons_worthwhile"], 0, 10, 3),
        "ons_happy": moved(start["ons_happy"], 0, 10, 4),
        "ons_anxious": moved(start["ons_anxious"], 0, 10, 4, lower_is_better=True),
        "raw_total": moved(start["raw_total"], 7, 35, 7),
    }
