"""A shortlist of activities a link worker builds for a person on their case."""

from datetime import date

from directory_app.models import Referral


def panel(referral: Referral, today: date) -> dict:
    """What the case page's shortlist panel shows (merged into its template context)."""
    return {}
