"""Possible duplicates of a request: the same person asking twice, or by two routes."""

from datetime import timedelta

from sqlalchemy import func, or_, select

from directory_app.core.extensions import db
from directory_app.models import Referral

DUPLICATE_WINDOW = timedelta(days=90)


def possible_duplicates(referral: Referral) -> list[Referral]:
    """Other requests within 90 days with the same phone, email, or name and date of birth."""
    if referral.anonymised_at is not None:
        return []
    conditions = []
    if referral.phone:
        conditions.append(Referral.phone == referral.phone)
    if referral.email:
        conditions.append(Referral.email == referral.email)
    if referral.full_name and referral.date_of_birth:
        conditions.append(
            (func.lower(Referral.full_name) == referral.full_name.lower())
            & (Referral.date_of_birth == referral.date_of_birth)
        )
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
