"""Migrations from the previous release's schema: a database that release left behind, full
of the rows it wrote, upgrades to the head with every row intact and readable by today's
models and pages, and downgrades back without losing them.

The rows are written with plain SQL on the tables as that release made them (reflected),
never with today's models, whose columns are newer.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, create_engine, select, text

from directory_app.accounts.service import change_password
from directory_app.core.audit import AuditEvent
from directory_app.core.extensions import db
from directory_app.core.mail import EmailOutboxMessage
from directory_app.core.transaction import commit
from directory_app.domain.people import email_key, name_key, phone_key, search_key
from directory_app.models import (
    Activity,
    ListingReminder,
    Organisation,
    ProblemReport,
    Referral,
    StaffUser,
    Venue,
)
from tests.apps import app_for, build_app, drop_postgres_copy
from tests.staff import PASSWORD, sign_in

# The Alembic head of the last release that landed ("Open data: indexes", 2026-12-01).
# Move this to the new head at each release, so the next release is tested from this one.
PREVIOUS_RELEASE = "5d6e7f8a9b0c"

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
TODAY = date.today()
SELF_REFERRAL = {
    "reference": "SR-7Q4K2M",
    "full_name": "Zofia Kowalska-Nowak",
    "phone": "07700 900461",
    "email": "Zofia.K@Example.com",
}
BUDDY_REQUEST = {
    "reference": "BR-3H8J6P",
    "full_name": "Bob Example",
    "phone": "+44 7700 900123",
    "email": "",
}
NOTE = "Called on Tuesday; she would like the Polish-speaking walking group."


@pytest.fixture(params=["sqlite", "postgresql"])
def release_database(request, tmp_path):
    """The URL of an empty database of its own, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'release.sqlite3'}"
        return
    server = request.getfixturevalue("postgres")
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE directory_from_release"))
    admin.dispose()
    url = server.url("directory_from_release")
    yield url
    drop_postgres_copy(url)


def _public_id(connection) -> uuid.UUID | str:
    """A public UUID as that release stored it: 32 hex characters on SQLite."""
    value = uuid.uuid4()
    return value.hex if connection.dialect.name == "sqlite" else value


def _referral_row(kind: str, person: dict, activity_id: int, **extra) -> dict:
    """Every column the previous release's referral table had, filled as its forms did."""
    row = {
        "submission_token": uuid.uuid4().hex,
        "kind": kind,
        "status": "new",
        "activity_id": activity_id,
        "preferred_name": "",
        "date_of_birth": date(1958, 2, 14),
        "confirmed_adult": True,
        "preferred_contact": "phone",
        "good_times": "Mornings",
        "may_leave_message": True,
        "may_text": False,
        "postcode": "E8 1AG",
        "area": "Hackney Central",
        "gp_practice": "",
        "language": "pl",
        "interpreter": "none",
        "access_needs": "",
        "reasons": ["loneliness", "anxiety"],
        "help_wanted": "I would like to meet people.",
        "hoped_session": "",
        "buddy_help": [],
        "worries": "",
        "buddy_preferences": "",
        "availability": "",
        "volunteer_name": "",
        "volunteer_contact": "",
        "buddy_session_on": None,
        "attended_first_session": None,
        "consent_referral": True,
        "consent_share_with_gp": False,
        "consent_feedback": True,
        "consent_share_with_volunteer": False,
        "assigned_to_id": None,
        "respond_by": TODAY + timedelta(days=2),
        "follow_up_on": None,
        "first_contacted_at": None,
        "outcome": "",
        "declined_as_invalid": False,
        "closed_at": None,
        "merged_into_id": None,
        "anonymised_at": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return row | person | extra


def _write_previous_release_data(connection) -> dict:
    """A small but complete dataset of the previous release; returns the ids given."""
    tables = MetaData()
    tables.reflect(bind=connection)

    def insert(table_name: str, /, **values) -> int | None:
        table = tables.tables[table_name]
        statement = table.insert().values(**values)
        if "id" in table.c:
            return connection.execute(statement.returning(table.c.id)).scalar_one()
        connection.execute(statement)
        return None

    stamps = {"created_at": NOW, "updated_at": NOW}
    organisation = insert(
        "organisation",
        key="dalston-walkers",
        name="Dalston Walkers",
        description="Friendly walks for all paces.",
        website="https://walkers.example.org",
        email="hello@walkers.example.org",
        phone="020 7946 0001",
        charity_number="1234567",
        trusted=True,
        text_language="en",
        public_id=_public_id(connection),
        **stamps,
    )
    venue = insert(
        "venue",
        key="ridley-road-hall",
        name="Ridley Road Hall",
        address_line="1 Ridley Road",
        town="London",
        postcode="E8 2NP",
        easting=533900,
        northing=185100,
        latitude=51.5478,
        longitude=-0.0726,
        borough="Hackney",
        neighbourhood="Dalston",
        getting_there="Two minutes from Dalston Kingsland station.",
        accessibility_detail="Ramp at the side door.",
        added_by_organisation_id=organisation,
        public_id=_public_id(connection),
        **stamps,
    )
    insert("venue_access_feature", venue_id=venue, feature="step-free")
    activity = insert(
        "activity",
        key="dalston-polish-walk",
        organisation_id=organisation,
        venue_id=venue,
        attendance_mode="in-person",
        title="Polish-speaking walking group",
        summary="A gentle hour's walk with tea afterwards.",
        description="We walk together every Tuesday, whatever the weather.",
        first_visit="Meet at the hall's front door; look for the green flag.",
        age_min=18,
        age_max=None,
        audience_notes="",
        cost_type="free",
        cost_pence=None,
        cost_notes="",
        booking_required=False,
        booking_notes="",
        starts_on=None,
        ends_on=None,
        schedule_notes="",
        contact_name="Ewa",
        contact_phone="020 7946 0002",
        contact_email="ewa@walkers.example.org",
        contact_website="",
        status="published",
        last_confirmed_on=TODAY - timedelta(days=10),
        text_language="en",
        content_version=3,
        public_id=_public_id(connection),
        at_venue_public_id=_public_id(connection),
        **stamps,
    )
    for category in ("physical-activity", "social-befriending"):
        insert("activity_category", activity_id=activity, category=category)
    insert("activity_audience", activity_id=activity, audience="everyone")
    insert("activity_language", activity_id=activity, language="pl")
    insert(
        "activity_schedule",
        activity_id=activity,
        frequency="weekly",
        weekday=1,
        on_date=None,
        start_time=time(10, 30),
        end_time=time(11, 30),
    )
    staff = {"password_hash": "!", "active": True, "language": "en", **stamps}
    link_worker = insert(
        "staff_user",
        email="lw@example.org",
        name="Lin Worker",
        role="link_worker",
        session_token=uuid.uuid4().hex,
        **staff,
    )
    provider = insert(
        "staff_user",
        email="ewa@walkers.example.org",
        name="Ewa Provider",
        role="provider",
        session_token=uuid.uuid4().hex,
        **staff,
    )
    insert("provider_organisation", staff_user_id=provider, organisation_id=organisation)
    referral = insert(
        "referral", **_referral_row("self_referral", SELF_REFERRAL, activity, status="contacted")
    )
    buddy = insert(
        "referral",
        **_referral_row(
            "buddy",
            BUDDY_REQUEST,
            activity,
            buddy_help=["meet-at-door"],
            volunteer_name="Sam",
            volunteer_contact="07700 900999",
            consent_share_with_volunteer=True,
        ),
    )
    insert("referral_note", referral_id=referral, author_id=link_worker, written_at=NOW, text=NOTE)
    insert(
        "referral_status_change",
        referral_id=referral,
        changed_by_id=link_worker,
        changed_at=NOW,
        from_status="new",
        to_status="contacted",
    )
    insert(
        "audit_event",
        at=NOW,
        actor_id=link_worker,
        action="referral.viewed",
        subject_type="referral",
        subject_id=referral,
        detail={},
    )
    insert(
        "email_outbox",
        created_at=NOW,
        to_address="lw@example.org",
        subject="A new request for help",
        body="There is a new request in the inbox.",
        attempts=0,
        last_error="",
        sent_at=None,
    )
    insert(
        "listing_reminder",
        activity_id=activity,
        stage_months=6,
        cycle_confirmed_on=TODAY - timedelta(days=10),
        token_id=uuid.uuid4().hex,
        sent_at=NOW,
        used_at=None,
    )
    insert(
        "problem_report",
        activity_id=activity,
        kind="wrong-time",
        details="The walk now starts at eleven.",
        reply_email="",
        created_at=NOW,
        resolved_at=None,
        resolved_by_id=None,
    )
    return {
        "activity": activity,
        "referral": referral,
        "buddy": buddy,
        "link_worker": link_worker,
        "provider": provider,
        "organisation": organisation,
    }


def _check_rows_read_by_todays_models(ids: dict) -> None:
    activity = db.session.get(Activity, ids["activity"])
    assert activity.title == "Polish-speaking walking group"
    assert activity.intake == "open" and activity.intake_wait_weeks is None
    assert activity.content_version == 3
    assert sorted(c.category for c in activity.categories) == [
        "physical-activity",
        "social-befriending",
    ]
    assert [(s.weekday, s.start_time) for s in activity.schedules] == [(1, time(10, 30))]
    assert activity.venue.name == "Ridley Road Hall"
    assert activity.organisation.name == "Dalston Walkers"
    assert db.session.scalar(select(Venue.postcode)) == "E8 2NP"

    referral = db.session.get(Referral, ids["referral"])
    assert referral.reference == SELF_REFERRAL["reference"]
    assert referral.source == "self" and referral.referrer_name == ""
    assert referral.buddy_id is None and referral.consent_method == ""
    # The casework migration gave stored requests their duplicate-check keys.
    assert referral.phone_key == phone_key(SELF_REFERRAL["phone"]) == "+447700900461"
    assert referral.email_key == email_key(SELF_REFERRAL["email"]) != ""
    assert referral.name_key == name_key(SELF_REFERRAL["full_name"]) != ""
    # The inbox search's key is filled in for requests made before it existed.
    assert referral.search_key == search_key(
        SELF_REFERRAL["full_name"], SELF_REFERRAL.get("preferred_name"), SELF_REFERRAL["phone"]
    )
    assert [note.text for note in referral.notes] == [NOTE]
    assert [(c.from_status, c.to_status) for c in referral.history] == [("new", "contacted")]
    buddy = db.session.get(Referral, ids["buddy"])
    assert buddy.kind == "buddy" and buddy.buddy_help == ["meet-at-door"]
    assert buddy.phone_key == phone_key(BUDDY_REQUEST["phone"]) == "+447700900123"

    provider = db.session.get(StaffUser, ids["provider"])
    assert [o.id for o in provider.organisations] == [ids["organisation"]]
    assert provider.deactivated_at is None
    assert db.session.get(Organisation, ids["organisation"]).trusted is True

    (message,) = db.session.scalars(select(EmailOutboxMessage)).all()
    assert message.subject == "A new request for help" and message.attachments == []
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.subject_id) == ("referral.viewed", ids["referral"])
    (reminder,) = db.session.scalars(select(ListingReminder)).all()
    assert reminder.activity_id == ids["activity"] and reminder.used_at is None
    (report,) = db.session.scalars(select(ProblemReport)).all()
    assert report.details == "The walk now starts at eleven." and report.language == ""


def _check_pages(app, ids: dict) -> None:
    with app.app_context():
        change_password(db.session.get(StaffUser, ids["link_worker"]), PASSWORD)
        commit()
    staff = app.test_client()
    assert sign_in(staff, "lw@example.org").status_code == 302
    inbox = staff.get("/staff/referrals/")
    assert inbox.status_code == 200
    assert SELF_REFERRAL["reference"] in inbox.get_data(as_text=True)
    case = staff.get(f"/staff/referrals/{ids['referral']}")
    assert case.status_code == 200
    html = case.get_data(as_text=True)
    assert SELF_REFERRAL["full_name"] in html and "Polish-speaking walking group" in html
    public = app.test_client().get(f"/activities/{ids['activity']}")
    assert public.status_code == 200
    assert "Polish-speaking walking group" in public.get_data(as_text=True)


def _old_rows(connection) -> dict:
    counts = {
        table: connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
        for table in (
            "organisation",
            "venue",
            "activity",
            "activity_category",
            "activity_schedule",
            "staff_user",
            "provider_organisation",
            "referral",
            "referral_note",
            "referral_status_change",
            "email_outbox",
            "listing_reminder",
            "problem_report",
        )
    }
    counts["referral names"] = sorted(
        connection.scalars(text("SELECT full_name FROM referral")).all()
    )
    return counts


def test_the_previous_release_upgrades_with_its_data_and_downgrades_back(
    release_database, tmp_path
):
    for app in app_for(release_database, tmp_path):
        with app.app_context():
            upgrade(revision=PREVIOUS_RELEASE)
            with db.engine.begin() as connection:
                ids = _write_previous_release_data(connection)
                before = _old_rows(connection)

            upgrade()
            _check_rows_read_by_todays_models(ids)
            db.session.remove()
        _check_pages(app, ids)

        with app.app_context():
            db.session.remove()
            db.engine.dispose()
            downgrade(revision=PREVIOUS_RELEASE)
            with db.engine.connect() as connection:
                version = connection.scalar(text("SELECT version_num FROM alembic_version"))
                assert version == PREVIOUS_RELEASE
                assert "source" not in {
                    column["name"] for column in db.inspect(connection).get_columns("referral")
                }
                assert _old_rows(connection) == before
                note = connection.scalar(text("SELECT text FROM referral_note"))
                assert note == NOTE
            db.engine.dispose()


def test_the_previous_release_is_in_the_chain(tmp_path):
    """PREVIOUS_RELEASE names a revision that still exists, below the head."""
    app = build_app(tmp_path, f"sqlite:///{tmp_path / 'chain.sqlite3'}")
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        below_head = [revision.revision for revision in script.walk_revisions()][1:]
    assert PREVIOUS_RELEASE in below_head
