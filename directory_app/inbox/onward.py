"""Onward referrals from a case to a group's listing."""

from datetime import date

from directory_app.models import Referral


def panel(referral: Referral, today: date) -> dict:
    """What the case page's onward referral panel shows (merged into its template context)."""
    return {}
