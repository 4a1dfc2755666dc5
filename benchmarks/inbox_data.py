"""A busy service's casework, made fast for ``benchmarks/inbox.py``.

``fill(app, referrals, audit_events)`` adds, to a migrated and seeded database, the staff of
a service (link workers and admins), ``referrals`` requests spread over the last two years,
their status history, contact attempts, notes, onward referrals and wellbeing measures, and
``audit_events`` audit log entries, as two years of link workers' work would leave them:
most old requests closed, the recent ones new or in progress, a few merged or anonymised.

Rows are built in Python from a seeded random generator (the same data every run) and
written with PostgreSQL's COPY or, on SQLite, core executemany inserts in batches: ORM
objects would take an hour at this size. The person keys the duplicate check reads are set
here, since the mapper events that keep them in step do not fire for core inserts.
Nothing here is imported by the app.
"""

import json
import random
import secrets
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, inspect, select, text
from werkzeug.security import generate_password_hash

from directory_app.core.extensions import db
from directory_app.domain.people import name_key, search_key
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.models import (
    Activity,
    AuditEvent,
    ContactAttempt,
    OnwardReferral,
    Referral,
    ReferralNote,
    ReferralStatusChange,
    StaffUser,
    WellbeingMeasure,
)
from directory_app.referrals.service import REFERENCE_ALPHABET, add_working_days

PASSWORD = "a long enough benchmark passphrase"  # noqa: S105  (the benchmark's own accounts)
LINK_WORKERS = 24
ADMINS = 3
DAYS = 730
BATCH = 10_000
FIRST_NAMES = (
    "Ann", "Mohammed", "Olivia", "Amelia", "Fatima", "Jan", "Maria", "Ion", "Aisha", "George",
    "Margaret", "David", "Zoë", "Krzysztof", "Priya", "Tomasz", "Ayesha", "Elena", "Sean",
    "Grace", "Rahul", "Mehmet", "Ana", "Joseph", "Bridget", "Kwame", "Yusuf", "Irina", "Paul",
    "Harpreet", "Susan", "Abdul", "Niamh", "Chidi", "Lucía", "Wojciech", "Shirley", "Arjun",
)  # fmt: skip
SURNAMES = (
    "Smith", "Khan", "Jones", "Begum", "Kowalski", "Popescu", "Ahmed", "Williams", "Hussain",
    "Nowak", "Brown", "Ali", "O'Brien", "Patel", "Taylor", "Yilmaz", "Singh", "Davies", "Kaur",
    "Ionescu", "Mensah", "García", "Evans", "Wiśniewski", "Rahman", "Okafor", "Murphy",
    "Thomas", "Chowdhury", "Lewandowski", "Roberts", "Islam", "Walker", "Demir", "Wright",
    "Sandhu", "Green", "Adeyemi", "Hall", "Miah", "Clarke", "Kaya", "Hughes", "Uddin",
)  # fmt: skip
AREAS = (("Walsall", 0.4), ("Barking and Dagenham", 0.3), ("Hackney", 0.25), ("", 0.05))
POSTCODES = {"Walsall": ("WS1 1DA", "WS3 1AF", "WS2 8LW"), "Hackney": ("E8 1AG", "E5 0LL"),
             "Barking and Dagenham": ("IG11 7AF", "RM10 8QJ", "RM9 4AR"), "": ("",)}  # fmt: skip
LANGUAGES = (("en", 70), ("pl", 6), ("ro", 5), ("ur", 4), ("bn", 4), ("pa", 3), ("ar", 3),
             ("tr", 2), ("es", 2), ("pt", 1))  # fmt: skip
SOURCES = (("self", 55), ("professional", 25), ("phone", 15), ("in_person", 5))
REASON_WEIGHTS = (30, 25, 15, 20, 15, 12, 8, 7, 5, 6, 4)
REFERRERS = ("gp_practice", "pharmacy", "housing", "mental_health", "vcse", "council")
ACTIONS = (
    ("referral.viewed", 52), ("inbox.listed", 24), ("referral.status_changed", 6),
    ("referral.contact_attempted", 4), ("referral.assigned", 3), ("referral.note_added", 2),
    ("referral.follow_up_set", 2), ("sign_in.succeeded", 2), ("dashboard.viewed", 1),
    ("onward.sent", 1), ("referral.message_sent", 1), ("onward.listed", 1), ("sign_out", 1),
)  # fmt: skip
_OPEN_PATHS = ("contacted", "in_progress", "buddy_matched", "referred_on", "attended")


def fill(app, referrals: int, audit_events: int, rng: random.Random) -> dict:
    """Add the staff, casework and audit log; returns what was made and how long it took."""
    started = time.perf_counter()
    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            # The app stops statements after 15 s; a COPY of 100,000 rows may take longer.
            connection.execute(text("SET statement_timeout = 0"))
        staff = _add_staff(connection)
        activities = db.session.execute(select(Activity.id, Activity.organisation_id)).all()
        now = datetime.now(UTC).replace(microsecond=0)
        first_referral = (db.session.scalar(select(func.max(Referral.id))) or 0) + 1
        rows = _referrals(rng, first_referral, referrals, staff["link_workers"], activities, now)
        write(connection, Referral.__table__, rows)
        made = {"referrals": len(rows)}
        for table, build in (
            (ReferralStatusChange.__table__, _status_changes),
            (ContactAttempt.__table__, _attempts),
            (ReferralNote.__table__, _notes),
            (WellbeingMeasure.__table__, _measures),
        ):
            children = build(rng, rows, staff["link_workers"], now)
            write(connection, table, children)
            made[table.name] = len(children)
        onward = _onward(rng, rows, staff["link_workers"], activities, now)
        write(connection, OnwardReferral.__table__, onward)
        made["onward_referral"] = len(onward)
        first_event = (db.session.scalar(select(func.max(AuditEvent.id))) or 0) + 1
        for start in range(0, audit_events, 100_000):
            events = _audit_events(
                rng, first_event + start, min(100_000, audit_events - start), audit_events,
                rows, staff, now,
            )  # fmt: skip
            write(connection, AuditEvent.__table__, events)
        made["audit_event"] = audit_events
        if connection.dialect.name == "postgresql":
            advance_sequences(connection)
        db.session.commit()
        if connection.dialect.name == "postgresql":
            # What autovacuum would have done by the time a service had this much data.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE"))
        db.engine.dispose()
    made["seconds"] = time.perf_counter() - started
    return made


def write(connection, table, rows: list[dict]) -> None:
    """Insert ``rows`` into ``table``: COPY on PostgreSQL, batched executemany elsewhere.

    Every row carries every column: missing ones take the column's Python default, as an
    ORM insert would give them.
    """
    if not rows:
        return
    columns = [column for column in table.columns if column.name in rows[0] or column.default]
    defaults = {
        column.name: column.default.arg
        for column in columns
        if column.default is not None and column.name not in rows[0]
    }
    for name, value in list(defaults.items()):
        defaults[name] = value(None) if callable(value) else value
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), BATCH):
            connection.execute(
                insert(table), [{**defaults, **row} for row in rows[start : start + BATCH]]
            )
        return
    names = [column.name for column in columns]
    jsons = {column.name for column in columns if column.type.__class__.__name__ == "JSON"}
    copy_sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    raw = connection.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            values = {**defaults, **row}
            copy.write_row([json.dumps(values[n]) if n in jsons else values[n] for n in names])


def advance_sequences(connection) -> None:
    """COPY gave ids itself: move each sequence past them, so the app's own inserts (the
    audit events the benchmark's page views write) get fresh ids."""
    schema = inspect(connection)
    for table in schema.get_table_names():
        if "id" not in {column["name"] for column in schema.get_columns(table)}:
            continue
        sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        if sequence:
            connection.execute(
                # The table names are the schema's own, read from the database.
                text(f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"),  # noqa: S608
                {"s": sequence},
            )


def _add_staff(connection) -> dict:
    """Link workers and admins, all with one password (hashed once: hashing is slow)."""
    password_hash = generate_password_hash(PASSWORD)
    first = (db.session.scalar(select(func.max(StaffUser.id))) or 0) + 1
    rows = []
    for number in range(LINK_WORKERS + ADMINS):
        role = "link_worker" if number < LINK_WORKERS else "admin"
        rows.append({
            "id": first + number, "email": f"{role.replace('_', '-')}-{number}@bench.example",
            "name": f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {SURNAMES[number]}", "role": role,
            "password_hash": password_hash, "active": True, "session_token": secrets.token_hex(32),
            "inbox_search": "",
        })  # fmt: skip
    write(connection, StaffUser.__table__, rows)
    return {
        "link_workers": [row["id"] for row in rows if row["role"] == "link_worker"],
        "admins": [row["id"] for row in rows if row["role"] == "admin"],
        "link_worker_email": rows[0]["email"],
        "admin_email": rows[-1]["email"],
    }


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def _status(rng: random.Random, age_days: float) -> str:
    """Where a request of this age has got to: new ones wait days, old ones are mostly done."""
    if age_days < 4:
        return "new" if rng.random() < 0.7 else rng.choice(("contacted", "in_progress"))
    if age_days < 45:
        roll = rng.random()
        if roll < 0.05:
            return "new"
        if roll < 0.75:
            return rng.choice(_OPEN_PATHS)
        return rng.choice(("closed", "closed", "declined"))
    if rng.random() < 0.06:  # long-running cases
        return rng.choice(_OPEN_PATHS[1:])
    return "closed" if rng.random() < 0.85 else "declined"


def _referrals(
    rng, first_id: int, count: int, workers: list[int], activities, now: datetime
) -> list[dict]:
    today = now.date()
    respond_by: dict[date, date] = {}
    reasons = [term.code for term in REFERRAL_REASONS]
    # Later requests are a little more frequent: the service grew over the two years.
    ages = sorted((DAYS * rng.random() ** 0.85 for _ in range(count)), reverse=True)
    rows, people = [], []
    for number, age in enumerate(ages, start=first_id):
        created = now - timedelta(days=age)
        status = _status(rng, age)
        kind = "buddy" if rng.random() < 0.12 else "self_referral"
        source = _weighted(rng, SOURCES) if kind == "self_referral" else "self"
        area = _weighted(rng, AREAS)
        person = None
        merged_into = None
        if people and rng.random() < 0.02:  # someone who asked twice: merged into the first
            merged_into, person = rng.choice(people[-2000:])
            status = "closed"
        if person is None:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            digits = f"7{rng.randrange(10**9):09d}"
            person = {
                "full_name": f"{first} {last}",
                "preferred_name": first if rng.random() < 0.3 else "",
                "phone": f"0{digits[:4]} {digits[4:]}",
                "phone_key": f"+44{digits}",
                "email": f"{first}.{last}{number}@example.org".lower().replace("'", "")
                if rng.random() < 0.6
                else "",
                "date_of_birth": date(1930 + rng.randrange(77), rng.randint(1, 12), rng.randint(1, 28)),
            }  # fmt: skip
            people.append((number, person))
        contacted = None
        if status != "new":
            contacted = created + timedelta(hours=rng.uniform(2, 24 * 12))
        closed = None
        if status in ("closed", "declined"):
            closed = min(now, created + timedelta(days=rng.uniform(5, 90)))
            contacted = min(contacted, closed)
        follow_up = None
        if status in _OPEN_PATHS and rng.random() < 0.8:
            follow_up = today + timedelta(days=rng.randint(-21, 35))
        assigned = None
        if status != "new" or rng.random() < 0.3:
            assigned = rng.choice(workers)
        anonymised = status in ("closed", "declined") and age > 550 and rng.random() < 0.4
        day = created.date()
        if day not in respond_by:
            respond_by[day] = add_working_days(day, 3)
        reference = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        details = {key: "" for key in ("full_name", "preferred_name", "phone", "email")}
        if not anonymised:
            details = {key: person[key] for key in details}
        rows.append({
            "id": number, "reference": f"{'SR' if kind == 'self_referral' else 'BR'}-{reference[:4]}-{reference[4:]}",
            "submission_token": f"{rng.getrandbits(128):032x}", "kind": kind, "status": status,
            "activity_id": rng.choice(activities).id if rng.random() < 0.5 else None,
            "source": source, "consent_method": "online_form" if source == "self" else "verbal",
            "consent_given_at": created, "referrer_kind": rng.choice(REFERRERS) if source == "professional" else "",
            "referrer_organisation": "Riverside Surgery" if source == "professional" else "",
            **details, "date_of_birth": None if anonymised else person["date_of_birth"],
            "confirmed_adult": True, "preferred_contact": "phone", "postcode": "" if anonymised else rng.choice(POSTCODES[area]),
            "area": area, "language": _weighted(rng, LANGUAGES), "interpreter": "",
            "phone_key": "" if anonymised else person["phone_key"], "email_key": details["email"].lower(),
            "name_key": name_key(details["full_name"]),
            "search_key": search_key(details["full_name"], details["preferred_name"], details["phone"]),
            "reasons": rng.sample(reasons, rng.choices((1, 2, 3), (50, 35, 15))[0]) if kind == "self_referral" else [],
            "help_wanted": "" if anonymised else "I would like to meet people nearby.",
            "consent_referral": True, "consent_share_with_gp": rng.random() < 0.6,
            "assigned_to_id": assigned, "respond_by": respond_by[day], "follow_up_on": follow_up,
            "first_contacted_at": contacted, "closed_at": closed,
            "outcome": "Joined a group" if status == "closed" else ("Not wanted now" if status == "declined" else ""),
            "merged_into_id": merged_into, "anonymised_at": closed + timedelta(days=365) if anonymised else None,
            "created_at": created, "updated_at": closed or contacted or created,
        })  # fmt: skip
    return rows


def _status_changes(rng, referrals, workers, now) -> list[dict]:
    """new -> contacted when first contacted, then on to where the request is now."""
    rows = []
    for referral in referrals:
        if referral["status"] == "new":
            continue
        actor = referral["assigned_to_id"] or rng.choice(workers)
        rows.append({"referral_id": referral["id"], "changed_by_id": actor, "from_status": "new",
                     "to_status": "contacted", "changed_at": referral["first_contacted_at"]})  # fmt: skip
        if referral["status"] != "contacted":
            at = referral["closed_at"] or min(
                now, referral["first_contacted_at"] + timedelta(days=rng.uniform(1, 20))
            )
            rows.append({"referral_id": referral["id"], "changed_by_id": actor, "from_status": "contacted",
                         "to_status": referral["status"], "changed_at": at})  # fmt: skip
    return rows


def _attempts(rng, referrals, workers, now) -> list[dict]:
    rows = []
    for referral in referrals:
        if rng.random() > 0.45:
            continue
        made = referral["created_at"]
        for _ in range(rng.choice((1, 1, 2, 3))):
            made = min(now, made + timedelta(hours=rng.uniform(3, 72)))
            rows.append({"referral_id": referral["id"], "made_by_id": rng.choice(workers), "made_at": made,
                         "method": "phone", "outcome": rng.choice(("no_answer", "voicemail", "answered")),
                         "note": ""})  # fmt: skip
    return rows


def _notes(rng, referrals, workers, now) -> list[dict]:
    return [
        {
            "referral_id": referral["id"],
            "author_id": rng.choice(workers),
            "text": "Spoke to them; call again next week.",
            "written_at": min(now, referral["created_at"] + timedelta(days=rng.uniform(0.5, 10))),
        }  # fmt: skip
        for referral in referrals
        if referral["status"] != "new" and referral["anonymised_at"] is None and rng.random() < 0.2
    ]


def _measures(rng, referrals, workers, now) -> list[dict]:
    """SWEMWBS at the start for a third of the cases, and at the end for most closed ones."""
    rows = []
    for referral in referrals:
        if referral["status"] == "new" or rng.random() > 0.33:
            continue
        start = rng.randint(12, 28)
        taken = [
            ("start", referral["created_at"].date() + timedelta(days=rng.randint(1, 14)), start)
        ]
        if referral["status"] == "closed" and rng.random() < 0.7:
            taken.append(("end", referral["closed_at"].date(), min(35, start + rng.randint(-3, 7))))
        for stage, day, total in taken:
            rows.append({"referral_id": referral["id"], "instrument": "swemwbs", "stage": stage,
                         "taken_on": min(day, now.date()), "raw_total": total,
                         "metric_total": Decimal(f"{7 + total * 0.8:.2f}"), "recorded_by_id": rng.choice(workers),
                         "recorded_at": now})  # fmt: skip
    return rows


def _onward(rng, referrals, workers, activities, now) -> list[dict]:
    """A quarter of the contacted cases referred on to a group, which answered most."""
    rows = []
    for referral in referrals:
        if referral["status"] in ("new", "declined") or rng.random() > 0.25:
            continue
        activity = rng.choice(activities)
        sent = min(now, referral["first_contacted_at"] + timedelta(days=rng.uniform(1, 10)))
        status = rng.choices(
            ("sent", "accepted", "declined", "contacted", "attending", "stopped"),
            (10, 15, 10, 15, 40, 10),
        )[0]  # fmt: skip
        answered = (
            None if status == "sent" else min(now, sent + timedelta(days=rng.uniform(0.5, 6)))
        )
        rows.append({
            "referral_id": referral["id"], "activity_id": activity.id, "organisation_id": activity.organisation_id,
            "status": status, "shared": {"first_name": "", "contact": "phone"}, "message": "",
            "sent_by_id": rng.choice(workers), "sent_at": sent, "answered_at": answered,
            "decline_reason": "full" if status == "declined" else "",
            "first_contact_at": answered if status in ("contacted", "attending", "stopped") else None,
            "check_due_on": sent.date() + timedelta(days=14),
            "attended_first_session": True if status in ("attending", "stopped") else None,
            "still_attending_at_six_weeks": (status == "attending") if status in ("attending", "stopped") else None,
        })  # fmt: skip
    return rows


def _audit_events(rng, first_id, count, total, referrals, staff, now) -> list[dict]:
    """A slice of two years of audit log, in time order: ids and moments rise together."""
    workers, admins = staff["link_workers"], staff["admins"]
    actions = [action for action, _ in ACTIONS]
    weights = [weight for _, weight in ACTIONS]
    span = DAYS * 86400
    rows = []
    for offset, action in enumerate(rng.choices(actions, weights, k=count)):
        position = (first_id + offset) / (first_id + total)
        at = now - timedelta(seconds=span * (1 - position))
        # The request viewed is one of those that had arrived by then, recent ones most.
        newest = max(1, int(len(referrals) * position))
        subject, detail = "", {}
        subject_id = None
        if action.startswith(("referral.", "onward.sent")):
            subject, subject_id = "Referral", max(1, newest - int(rng.expovariate(1 / 400)))
            if action == "referral.status_changed":
                detail = {"from_status": "new", "to_status": "contacted"}
            elif action == "referral.contact_attempted":
                detail = {"method": "phone", "outcome": "no_answer"}
        elif action == "inbox.listed":
            detail = {"filters": "||open|", "shown": 25}
        elif action in ("sign_in.succeeded", "sign_out"):
            subject = "StaffUser"
        actor = rng.choice(admins) if rng.random() < 0.03 else rng.choice(workers)
        if subject == "StaffUser":
            subject_id = actor
        rows.append({"id": first_id + offset, "at": at, "actor_id": actor, "action": action,
                     "subject_type": subject, "subject_id": subject_id, "detail": detail})  # fmt: skip
    return rows
