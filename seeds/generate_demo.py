"""Regenerate the demo data in this folder: ``python seeds/generate_demo.py``.

The organisations and activities are fictional; the venue postcodes are real postcodes of
Walsall, Barking and Dagenham, and Hackney (present in Code-Point Open), so that distance
search works on the demo.

The demo is kept as data; this script only expands it. It reads:

- ``venues.json`` (next to this script): the venues. This file is both source and output:
  edit it by hand; the script reads it and writes it back unchanged (normalised formatting).
- ``source/organisations.json``: the organisations, each with its borough (``null`` for one
  that works in more than one). The borough picks the venues and the contact phone number
  of its activities; it is not written to ``organisations.json``.
- ``source/activity_templates.json``: one template per kind of activity, with the keys of the
  organisations that run it. Each template becomes an activity per organisation and venue.
- ``source/tables.json``: the small tables (time slots, schedule notes, contact names,
  languages by organisation, chances, ...) and the random seed.

It writes ``organisations.json``, ``venues.json`` and ``activities.json``, which ``flask seed``
loads. ``translations.json`` is written by hand. Output is deterministic (a fixed random seed),
so regenerating gives the same files unless the data or this script change. Every draw from
the random generator must stay in the same order, or every activity after it changes.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
OUTPUTS = ("organisations", "venues", "activities")


def read_json(path: Path):
    """Read one JSON data file."""
    return json.loads(path.read_text("utf-8"))


def domain(org_key: str) -> str:
    """The fictional web domain of an organisation, for its website and email address."""
    return f"{org_key.replace('-', '')}.example.org"


def schedules_for(rng: random.Random, tables: dict, frequency: str, weekday: int, slot: dict):
    """The schedule rows of one activity; weekly ones sometimes meet on a second day too."""
    times = {"start": slot["start"], "end": slot["end"]}
    if frequency == "weekly":
        schedules = [{"frequency": "weekly", "weekday": weekday, **times}]
        if rng.random() < tables["chances"]["second_weekly_day"]:
            # "% 6", not "% 7": the second day is never a Sunday (and Friday's is Monday).
            schedules.append({"frequency": "weekly", "weekday": (weekday + 2) % 6, **times})
        return schedules
    if frequency == "fortnightly":
        anchor = {"anchor_weeks_from_now": rng.choice(tables["fortnightly_anchor_weeks"])}
        return [{"frequency": "fortnightly", "weekday": weekday, **anchor, **times}]
    return [
        {"frequency": "once", "days_from_now": weeks * 7 + weekday, **times}
        for weeks in tables["once_weeks_from_now"]
    ]


def shaped_like_the_stem(schedules: list, shape: dict | None) -> list:
    """Repeating sessions as some kinds of activity really run (no random draw, so nothing
    after them changes): term time only, a weekday of the month, or a course of weeks."""
    if not shape:
        return schedules
    shaped = []
    for slot in schedules:
        if slot["frequency"] in ("weekly", "fortnightly"):
            slot = dict(slot)
            if shape.get("month_week"):
                slot = {key: value for key, value in slot.items() if key != "anchor_weeks_from_now"}
                slot.update(frequency="monthly", month_week=shape["month_week"])
            elif shape.get("course_weeks"):
                slot.update(
                    frequency="course",
                    course_weeks=shape["course_weeks"],
                    anchor_weeks_from_now=shape.get("starts_in_weeks", 1),
                )
            if shape.get("term_time_only") and slot["frequency"] != "course":
                slot["term_time_only"] = True
        shaped.append(slot)
    return shaped


def phone_for(rng: random.Random, tables: dict, borough: str | None) -> str:
    """A fictional contact number: local to the borough where the data has a prefix for it."""
    prefix = tables["phone_prefix_by_borough"].get(borough)
    if prefix:
        return f"{prefix} {rng.randint(100000, 999999)}"
    area_code = rng.choice(tables["other_phone_area_codes"])
    return f"{area_code} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def build_activity(rng, tables, template, org, venue) -> dict:
    """One activity: the template run by the organisation at the venue (or online/by phone)."""
    stem, chances = template["stem"], tables["chances"]
    time_band = tables["time_bands_by_stem"].get(stem) or rng.choice(tables["time_band_pool"])
    slot = rng.choice(tables["slots"][time_band])
    weights = tables["frequency_weights"]
    frequency = rng.choices(list(weights), weights=list(weights.values()))[0]
    weekday = tables["weekdays_by_stem"].get(stem)
    if weekday is None:
        weekday = rng.choice(tables["weekday_pool"])
    schedules = shaped_like_the_stem(
        schedules_for(rng, tables, frequency, weekday, slot),
        tables.get("schedule_shapes_by_stem", {}).get(stem),
    )
    cost_type = template["cost_type"]
    if cost_type == "pay-what-you-can" and rng.random() < chances["pay_what_you_can_is_free"]:
        cost_type = "free"
    mode = template["attendance_mode"]
    # "<=": it stays in person only if the draw is above the chance (as the data always had).
    if mode == "in-person" and rng.random() <= chances["in_person_is_hybrid"]:
        mode = "hybrid"
    at_venue = mode in ("in-person", "hybrid")
    activity = {
        "key": f"{stem}-{org['key']}-{venue['key']}"[:80],
        "organisation": org["key"],
        "venue": venue["key"] if at_venue else None,
        "attendance_mode": mode,
        "title": f"{template['title']} in {venue['neighbourhood']}"
        if at_venue
        else template["title"],
        "summary": template["summary"],
        "description": template["description"],
        "first_visit": template["first_visit"],
        "categories": template["categories"],
        "audiences": template["audiences"],
        "age_min": template["age_min"],
        "age_max": template["age_max"],
        "cost_type": cost_type,
        "cost_pence": template["cost_pence"],
        "cost_notes": tables["paid_cost_notes"] if cost_type != "free" else "",
        "booking_required": template["booking_required"],
        # What to expect (run_by, usual_group_size, bring, carer_free): no random draw.
        **template.get("what_to_expect", {}),
        "languages": tables["languages_by_organisation"].get(
            org["key"], tables["default_languages"]
        ),
        "schedules": schedules,
        "schedule_notes": rng.choice(tables["schedule_notes"]),
        "contact_name": rng.choice(tables["contact_first_names"]),
        "contact_phone": phone_for(rng, tables, org["borough"]),
        "contact_email": f"hello@{domain(org['key'])}",
        "contact_website": f"https://{domain(org['key'])}",
        "status": "published",
        "last_confirmed_days_ago": rng.choice(tables["confirmed_days_ago"]),
    }
    drop_in = mode == "in-person" and not template["booking_required"]
    if drop_in and rng.random() < chances["drop_in_is_not_published"]:
        activity["status"] = rng.choice(tables["not_published_statuses"])
    return activity


def build_activities(organisations: list, venues: list, templates: list, tables: dict) -> list:
    """Expand every template, for each organisation that runs it, over venues in its borough."""
    rng = random.Random(tables["random_seed"])
    organisations_by_key = {org["key"]: org for org in organisations}
    activities = []
    for template in templates:
        repeats = 2 if template["stem"] in tables["stems_held_at_two_venues"] else 1
        for org_key in template["organisations"]:
            org = organisations_by_key[org_key]
            borough = org["borough"]  # None: the organisation works in every borough
            candidates = [v for v in venues if borough is None or v["borough"] == borough]
            for venue in rng.sample(candidates, k=min(repeats, len(candidates))):
                activities.append(build_activity(rng, tables, template, org, venue))
    return activities


def build_demo() -> dict[str, list]:
    """The three output files' rows, by name (``organisations``, ``venues``, ``activities``)."""
    organisations = read_json(SOURCE / "organisations.json")
    venues = read_json(HERE / "venues.json")
    templates = read_json(SOURCE / "activity_templates.json")
    tables = read_json(SOURCE / "tables.json")
    return {
        "organisations": [
            {
                "key": org["key"],
                "name": org["name"],
                "description": org["description"],
                "website": f"https://{domain(org['key'])}",
                "email": f"hello@{domain(org['key'])}",
                "phone": None,
                "charity_number": org["charity_number"],
            }
            for org in organisations
        ],
        "venues": venues,
        "activities": build_activities(organisations, venues, templates, tables),
    }


def render(rows: list) -> str:
    """The exact text of an output file."""
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the three output files next to this script."""
    demo = build_demo()
    for name in OUTPUTS:
        (HERE / f"{name}.json").write_text(render(demo[name]), encoding="utf-8")
    print(", ".join(f"{len(demo[name])} {name}" for name in OUTPUTS))


if __name__ == "__main__":
    main()
