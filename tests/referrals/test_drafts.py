"""Server-side drafts of the residents' forms: kept by an opaque key in the session cookie,
found only by that key, expired after ``DRAFT_HOURS`` and purged."""

import json
from datetime import UTC, datetime, timedelta

from flask import session
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import RequestDraft
from directory_app.referrals import drafts
from directory_app.referrals.retention import purge

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _count(kind="self_referral") -> int:
    return db.session.scalar(select(func.count()).where(RequestDraft.kind == kind))


def test_a_draft_keeps_each_pages_answers_under_an_opaque_key(db_app):
    with db_app.test_request_context():
        draft = drafts.start("self_referral", NOW)
        key = session[drafts.SESSION_KEY]["self_referral"]
        assert len(key) >= 40 and draft.id != key  # the row holds the key's hash only
        drafts.keep(draft, {"full_name": ["Zoë Ó Briain"], "reasons": ["a", "b"]}, NOW)
        drafts.keep(draft, {"phone": ["07700 900982"], "reasons": ["c"]}, NOW)
        commit()
        found = drafts.find("self_referral", NOW + timedelta(minutes=5)).draft
        assert found is not None
        assert drafts.answers_of(found) == {
            "full_name": ["Zoë Ó Briain"],
            "reasons": ["c"],
            "phone": ["07700 900982"],
        }
        # Nothing personal in the cookie: only the key. The answers hold a space and letters
        # outside base64url, so they cannot turn up inside a random key by chance (a check for
        # "Zo" did, once in about a hundred runs).
        assert session[drafts.SESSION_KEY] == {"self_referral": key}
        cookie = json.dumps(dict(session), ensure_ascii=False)
        for answer in ("Zoë Ó Briain", "07700 900982"):
            assert answer not in cookie
        # The other form has no draft.
        assert drafts.find("buddy", NOW).draft is None


def test_another_person_cannot_reach_a_draft(db_app):
    with db_app.test_request_context():
        drafts.keep(drafts.start("self_referral", NOW), {"full_name": ["Ann"]}, NOW)
        stolen_id = db.session.scalars(select(RequestDraft.id)).one()
        commit()
    with db_app.test_request_context():
        # A new person with no cookie; a cookie holding the stored hash; the wrong form's key.
        assert drafts.find("self_referral", NOW) == drafts.Lookup(None)
        session[drafts.SESSION_KEY] = {"self_referral": stolen_id}
        assert drafts.find("self_referral", NOW).draft is None
    with db_app.test_request_context():
        drafts.start("self_referral", NOW)
        session[drafts.SESSION_KEY] = {"buddy": session[drafts.SESSION_KEY]["self_referral"]}
        assert drafts.find("buddy", NOW).draft is None


def test_a_draft_lasts_draft_hours_after_its_last_change(db_app):
    db_app.config["DRAFT_HOURS"] = 2
    with db_app.test_request_context():
        draft = drafts.start("buddy", NOW)
        drafts.keep(draft, {"full_name": ["Bob"]}, NOW + timedelta(hours=1))
        commit()
        assert drafts.find("buddy", NOW + timedelta(hours=2, minutes=59)).draft is not None
        lookup = drafts.find("buddy", NOW + timedelta(hours=3))
        assert lookup == drafts.Lookup(None, expired=True)
        commit()
        assert _count("buddy") == 0  # deleted, not only hidden
        assert drafts.SESSION_KEY not in session or "buddy" not in session[drafts.SESSION_KEY]


def test_starting_again_or_sending_deletes_the_old_draft(db_app):
    with db_app.test_request_context():
        first = drafts.start("self_referral", NOW).id
        second = drafts.start("self_referral", NOW).id
        commit()
        assert first != second and _count() == 1
        drafts.discard("self_referral")
        commit()
        assert _count() == 0 and drafts.find("self_referral", NOW).draft is None


def test_expired_drafts_are_deleted_by_new_drafts_and_by_the_purge(db_app):
    with db_app.test_request_context():
        drafts.start("self_referral", NOW - timedelta(hours=5))
        commit()
    with db_app.test_request_context():
        drafts.start("buddy", NOW)  # someone else starts: the expired draft goes
        commit()
        assert _count() == 0 and _count("buddy") == 1
    with db_app.test_request_context():
        drafts.start("self_referral", NOW - timedelta(hours=5))
        commit()
    with db_app.app_context():
        report = purge(NOW + timedelta(hours=3), 12, 30)  # the buddy draft too, by then
        commit()
        assert report.expired_drafts == 2
        assert db.session.scalar(select(func.count()).select_from(RequestDraft)) == 0


def test_the_purge_command_reports_deleted_drafts(db_app):
    with db_app.test_request_context():
        drafts.start("self_referral", datetime.now(UTC) - timedelta(hours=3))
        commit()
    result = db_app.test_cli_runner().invoke(args=["referrals", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 unsent drafts past their time." in result.output
