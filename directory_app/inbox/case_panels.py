"""The panels of a case page beyond the request itself, each from the module that owns it."""

from datetime import date

from directory_app.buddies import matching
from directory_app.inbox import attempts, corrections, messages, onward
from directory_app.models import Referral
from directory_app.outcomes import panel as outcomes
from directory_app.shortlists import case_lists

PANELS = (
    attempts.panel,
    corrections.panel,
    onward.panel,
    matching.panel,
    case_lists.panel,
    messages.panel,
    outcomes.panel,
)


def for_case(referral: Referral, today: date) -> dict:
    """Each panel's template variables, merged (panels use distinct names)."""
    context = {}
    for panel in PANELS:
        context.update(panel(referral, today))
    return context
