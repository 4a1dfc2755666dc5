"""Correcting a person's details on their case, with the old values kept."""

from datetime import date

from directory_app.models import Referral


def panel(referral: Referral, today: date) -> dict:
    """What the case page's corrections panel shows (merged into its template context)."""
    return {}
