"""Contact attempts on a case: call 1, 2, 3, then write."""

from datetime import date

from directory_app.models import Referral


def panel(referral: Referral, today: date) -> dict:
    """What the case page's contact attempts panel shows (merged into its template context)."""
    return {}
