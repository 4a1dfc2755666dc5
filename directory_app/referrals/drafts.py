"""Server-side drafts of the residents' forms: the answers kept between question pages.

The person's signed session cookie holds one opaque key per form (``secrets``, never shown,
never in a URL); the row holds the key's SHA-256, the form's kind and the answers so far.
A draft lasts ``DRAFT_HOURS`` (2 unless configured) after its last change: an expired one
is deleted when it is next asked for, when anyone starts a new draft, and by
``flask referrals purge``.

Drafts are the resident's own, unsent answers: staff never see them and they are not
audited; nothing from them is logged. Functions here add, change and delete rows and flush;
the request (or the purge command) commits.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import delete

from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import RequestDraft

SESSION_KEY = "request_drafts"  # {kind: draft key}
DEFAULT_HOURS = 2


@dataclass(frozen=True)
class Lookup:
    """What the cookie led to: a live draft, or none (and whether one had just expired)."""

    draft: RequestDraft | None
    expired: bool = False


def draft_hours() -> int:
    return int(current_app.config.get("DRAFT_HOURS", DEFAULT_HOURS))


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(kind: str, now: datetime) -> RequestDraft:
    """A new, empty draft for this person's form, replacing any they had (flushes)."""
    purge_expired(now)
    discard(kind)
    key = secrets.token_urlsafe(32)
    draft = RequestDraft(
        id=_hashed(key),
        kind=kind,
        answers="{}",
        expires_at=now + timedelta(hours=draft_hours()),
    )
    db.session.add(draft)
    db.session.flush()
    session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), kind: key}
    return draft


def find(kind: str, now: datetime) -> Lookup:
    """This person's draft of the form, if it is theirs, of this kind, and still live."""
    key = session.get(SESSION_KEY, {}).get(kind)
    if not key:
        return Lookup(None)
    draft = db.session.get(RequestDraft, _hashed(key))
    if draft is None or draft.kind != kind:
        _forget(kind)
        return Lookup(None, expired=draft is None)
    if aware(draft.expires_at) <= now:
        db.session.delete(draft)
        db.session.flush()
        _forget(kind)
        return Lookup(None, expired=True)
    return Lookup(draft)


def answers_of(draft: RequestDraft) -> dict[str, list[str]]:
    """The answers so far, as the form posted them: field name to its values."""
    return json.loads(draft.answers or "{}")


def keep(draft: RequestDraft, answers: dict[str, list[str]], now: datetime) -> None:
    """Replace these fields' answers (a page's), keep the others', and give the draft
    another ``DRAFT_HOURS`` (flushes)."""
    merged = {**answers_of(draft), **{name: list(values) for name, values in answers.items()}}
    draft.answers = json.dumps(merged, ensure_ascii=False)
    draft.expires_at = now + timedelta(hours=draft_hours())
    db.session.flush()


def discard(kind: str) -> None:
    """Delete this person's draft of the form (after it is sent, or when they start again)."""
    key = session.get(SESSION_KEY, {}).get(kind)
    if key:
        db.session.execute(delete(RequestDraft).where(RequestDraft.id == _hashed(key)))
        db.session.flush()
    _forget(kind)


def any_live(now: datetime) -> bool:
    """Whether this browser has a live draft of either form (an expired one is deleted
    and forgotten on the way, as ``find`` does)."""
    return any([find(kind, now).draft is not None for kind in list(session.get(SESSION_KEY, {}))])


def discard_all() -> None:
    """Delete every draft this browser holds, of either form ("Delete my answers")."""
    for kind in list(session.get(SESSION_KEY, {})):
        discard(kind)


def purge_expired(now: datetime) -> int:
    """Delete every expired draft (flushes); how many."""
    # "fetch": the session may hold a loaded draft whose naive SQLite time Python cannot
    # compare with ``now``; the database says which rows went.
    result = db.session.execute(
        delete(RequestDraft)
        .where(RequestDraft.expires_at <= now)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return result.rowcount or 0


def _forget(kind: str) -> None:
    keys = dict(session.get(SESSION_KEY, {}))
    if keys.pop(kind, None) is not None:
        session[SESSION_KEY] = keys
