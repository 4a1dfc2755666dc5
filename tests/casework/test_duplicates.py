"""People matched as they are: phone, email and name keys; duplicates; merges."""

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.people import email_key, name_key, phone_key
from directory_app.inbox import duplicates, merging
from directory_app.models import AuditEvent, Referral, StaffUser
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral


@pytest.mark.parametrize(
    "typed", ["07700 900123", "07700900123", "+44 7700 900123", "(07700) 900-123", "447700900123"]
)
def test_one_phone_however_it_is_typed(typed):
    assert phone_key(typed) == "+447700900123"


def test_phones_that_cannot_be_parsed_keep_their_digits():
    assert phone_key("ext. 12") == "12"
    assert phone_key("") == phone_key(None) == ""


def test_emails_and_names_are_compared_as_people_type_them():
    assert email_key("  Ann@Example.COM ") == "ann@example.com"
    assert name_key("Zoë O'Brien") == name_key("zoe obrien") == name_key(" ZOE  O’Brien ")
    assert name_key("Mary-Jane Smith") == name_key("mary jane smith")
    assert name_key("Zoë O'Brien") != name_key("Zoe Brien")


def _stored(app, **overrides) -> int:
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral(**overrides))
    with app.app_context():
        return db.session.scalars(select(Referral.id).order_by(Referral.id.desc())).first()


def test_the_keys_follow_every_save(app):
    referral_id = _stored(app, phone="07700 900123", email="Ann@Example.com", full_name="Zoë Ann")
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert (referral.phone_key, referral.email_key, referral.name_key) == (
            "+447700900123", "ann@example.com", "zoe ann",
        )  # fmt: skip
        referral.phone, referral.email = "020 7946 0001", ""
        commit()
        referral = db.session.get(Referral, referral_id)
        assert (referral.phone_key, referral.email_key) == ("+442079460001", "")


def test_duplicates_match_across_formats_accents_and_by_name_and_postcode(app):
    first = _stored(app, full_name="Zoë O'Brien", phone="07700 900123", email="a@example.com")
    by_phone = _stored(app, full_name="Someone Else", phone="+44 7700 900123", email="b@x.com")
    by_email = _stored(app, full_name="Third Person", phone="020 7946 0002", email="A@Example.com")
    # No phone or email in common: the same name (without its accent) and postcode.
    by_name = _stored(app, full_name="zoe obrien", phone="020 7946 0003", email="c@x.com")
    unrelated = _stored(app, full_name="Zoe OBrien", phone="020 7946 0004", email="d@x.com",
                        postcode="SW1A 1AA", dob_year="1990")  # fmt: skip
    with app.app_context():
        found = duplicates.possible_duplicates(db.session.get(Referral, first))
        assert [r.id for r in found] == [by_phone, by_email, by_name]
        assert unrelated not in [r.id for r in found]


def test_a_merge_carries_details_without_overwriting_the_kept_ones(app, staff):
    kept_id = _stored(app, email="", phone="07700 900123", gp_practice="", help_wanted="",
                      preferred_name="", reasons=["loneliness"])  # fmt: skip
    duplicate_id = _stored(app, email="ann@example.com", phone="07700 999999",
                           gp_practice="Elm Tree Surgery", help_wanted="Walking, please.",
                           reasons=["loneliness", "anxiety"])  # fmt: skip
    with app.app_context():
        kept, duplicate = db.session.get(Referral, kept_id), db.session.get(Referral, duplicate_id)
        carried = merging.merge(duplicate, kept, db.session.get(StaffUser, staff["link_worker"]))
        commit()
        assert carried == ["preferred_name", "email", "gp_practice", "help_wanted", "reasons"]
        kept = db.session.get(Referral, kept_id)
        assert kept.phone == "07700 900123" and kept.email == "ann@example.com"
        assert kept.help_wanted == f"From {duplicate.reference}, {duplicate.created_at.date()}:\n" \
            "Walking, please."  # fmt: skip
        assert kept.reasons == ["loneliness", "anxiety"]
        assert kept.notes[-1].text.endswith(
            "Carried over: preferred_name, email, gp_practice, help_wanted, reasons."
        )
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral.merged")
        ).one()
        assert event.detail["carried"] == carried and "ann@" not in str(event.detail)


def test_the_migration_gives_stored_requests_their_keys(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from tests.apps import build_app

    app = build_app(tmp_path, f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    with app.app_context():
        upgrade(revision="5d6e7f8a9b0c")  # the revision before casework added the keys
        db.session.execute(
            text(
                "INSERT INTO referral (reference, submission_token, kind, status, full_name,"
                " preferred_name, confirmed_adult, phone, email, preferred_contact, good_times,"
                " may_leave_message, may_text, postcode, area, gp_practice, language, interpreter,"
                " access_needs, reasons, help_wanted, hoped_session, buddy_help, worries,"
                " buddy_preferences, availability, volunteer_name, volunteer_contact,"
                " consent_referral, consent_share_with_gp, consent_feedback,"
                " consent_share_with_volunteer, respond_by, outcome, declined_as_invalid,"
                " created_at, updated_at) VALUES ('SR-AAAA-BBBB', 't', 'self_referral', 'new',"
                " 'Zoë O''Brien', '', 1, '07700 900123', 'Zoe@Example.com', 'phone', '', 0, 0,"
                " '', '', '', '', 'none', '', '[]', '', '', '[]', '', '', '', '', '', 1, 0, 0, 0,"
                " '2026-12-08', '', 0, '2026-12-01 10:00:00', '2026-12-01 10:00:00')"
            )
        )
        commit()
        upgrade(revision="20c56f1799c9")
        row = db.session.execute(text("SELECT phone_key, email_key, name_key FROM referral")).one()
        assert tuple(row) == ("+447700900123", "zoe@example.com", "zoe obrien")
        db.engine.dispose()
