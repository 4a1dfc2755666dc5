"""Possible duplicates of a request: the same person asking twice, or by two routes.

People are compared by their keys (``domain.people``), so a phone typed with spaces, an
email in capitals or a name without its accents still matches.
"""

from datetime import timedelta

from sqlalchemy import or_, select

from directory_app.core.extensions import db
from directory_app.models import Referral

DUPLICATE_WINDOW = timedelta(days=90)


def _conditions(referral: Referral) -> list:
    conditions = []
    if referral.phone_key:
        conditions.append(Referral.phone_key == referral.phone_key)
    if referral.email_key:
        conditions.append(Referral.email_key == referral.email_key)
    if referral.name_key and referral.date_of_birth:
        conditions.append(
            (Referral.name_key == referral.name_key)
            & (Referral.date_of_birth == referral.date_of_birth)
        )
    if referral.name_key and referral.postcode:
        conditions.append(
            (Referral.name_key == referral.name_key) & (Referral.postcode == referral.postcode)
        )
    return conditions


def possible_duplicates(referral: Referral) -> list[Referral]:
    """Other requests within 90 days with the same phone, email, name and date of birth, or
    name and postcode."""
    if referral.anonymised_at is not None:
        return []
    conditions = _conditions(referral)
    if not conditions:
        return []
    window_start = referral.created_at - DUPLICATE_WINDOW
    window_end = referral.created_at + DUPLICATE_WINDOW
    return list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.id != referral.id,
                Referral.merged_into_id.is_(None),
                Referral.anonymised_at.is_(None),
                Referral.created_at.between(window_start, window_end),
                or_(*conditions),
            )
            .order_by(Referral.id)
        )
    )
