"""Signed, single-use links sent by email: sign in, set a password, confirm a listing.

A link carries a signed random id, the ``token_id`` of a row that says what the link is for,
whether it has been used and (for staff links) when it expires. The signature stops anyone
making up a link; the row makes each link work once. Each purpose signs with its own salt,
so a link for one purpose is never accepted for another.
"""

import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update

from directory_app.core.extensions import db
from directory_app.domain.dates import aware, utcnow


class LinkNotUsable(Exception):
    """The link cannot be used; the subclass says why."""


class LinkInvalid(LinkNotUsable):
    """Not a link we made for this purpose (mistyped, cut short or tampered with)."""


class LinkExpired(LinkNotUsable):
    """A real link, too old to use."""


class LinkUsed(LinkNotUsable):
    """A real link that has done its job already."""


def new_token_id() -> str:
    """The random part of a new link, stored on its row."""
    return secrets.token_hex(16)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"link:{purpose}")


def sign(purpose: str, token_id: str) -> str:
    """The token to put in a link's URL."""
    return _serializer(purpose).dumps(token_id)


def find_usable(model, token: str, purpose: str, max_age_seconds: int | None = None):
    """The row of ``model`` a link's token names, if the link may still be used.

    Raises ``LinkInvalid``, ``LinkExpired`` or ``LinkUsed``. A row with ``expires_at``
    expires then; ``max_age_seconds`` limits links whose rows have no expiry of their own.
    """
    try:
        token_id = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise LinkExpired() from error
    except BadSignature as error:
        raise LinkInvalid() from error
    row = db.session.scalar(select(model).where(model.token_id == token_id))
    if row is None:
        raise LinkInvalid()
    if row.used_at is not None:
        raise LinkUsed()
    expires_at = getattr(row, "expires_at", None)
    if expires_at is not None and aware(expires_at) < utcnow():
        raise LinkExpired()
    return row


def use(row) -> None:
    """Mark a link used. Of requests using the same link at once, only one gets through:
    the others raise ``LinkUsed``."""
    model = type(row)
    claimed = db.session.execute(
        update(model)
        .where(model.id == row.id, model.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise LinkUsed()
    db.session.refresh(row, ["used_at"])
