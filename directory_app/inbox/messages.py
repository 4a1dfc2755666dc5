"""Emails to the person from their case, from translated templates."""

from datetime import date

from directory_app.models import Referral


def panel(referral: Referral, today: date) -> dict:
    """What the case page's messages panel shows (merged into its template context)."""
    return {}
