"""A case's WOOP plan (Wish, Outcome, Obstacle, Plan) and when it is next reviewed.

The plan is never edited in place: each change adds a revision, the newest is the plan and
the rest are its history, so a link worker can see how the person's goals moved over time.
The words are the person's own and may say anything about their health, so the audit log
records only that the plan changed, never what it says.
"""

from datetime import date

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.models import Referral, StaffUser
from directory_app.models.outcomes import PlanRevision

# Each part is a few sentences in the person's words; more belongs in a case note.
PART_LENGTH = 2000
PARTS = ("wish", "outcome", "obstacle", "plan")


class PlanRefused(ValueError):
    """A plan that cannot be saved; each kind has its own class and message."""


class ReviewDateInPast(PlanRefused):
    """A new review date before today: a review that is already late helps nobody plan."""


class CaseNotWorkable(PlanRefused):
    """The request is anonymised or merged into another: there is no one to plan with."""


def current_plan(referral: Referral) -> PlanRevision | None:
    """The plan as it stands: the newest revision, or None before anyone wrote one."""
    return max(referral.plan_revisions, key=lambda revision: revision.id or 0, default=None)


def plan_history(referral: Referral) -> list[PlanRevision]:
    """Every revision, newest (the plan itself) first."""
    return sorted(referral.plan_revisions, key=lambda revision: revision.id or 0, reverse=True)


def is_review_due(referral: Referral, today: date) -> bool:
    """Whether the plan's review date has come (today or earlier)."""
    plan = current_plan(referral)
    return plan is not None and plan.review_on is not None and plan.review_on <= today


def revise_plan(
    referral: Referral,
    actor: StaffUser,
    wish: str,
    outcome: str,
    obstacle: str,
    plan: str,
    review_on: date | None,
    today: date | None = None,
) -> PlanRevision | None:
    """Add a revision with these words and review date, or return None when nothing changed
    (so saving the form twice does not fill the history with copies).

    A review date before today is refused, unless it is the date the plan already has: an
    overdue review should not stop someone correcting a typo in the wish.
    """
    if referral.anonymised_at is not None or referral.merged_into_id is not None:
        raise CaseNotWorkable()
    today = today or local_today()
    typed = {"wish": wish, "outcome": outcome, "obstacle": obstacle, "plan": plan}
    words = {part: (text or "").strip()[:PART_LENGTH] for part, text in typed.items()}
    now = current_plan(referral)
    unchanged_date = now is not None and now.review_on == review_on
    if review_on is not None and review_on < today and not unchanged_date:
        raise ReviewDateInPast()
    if now is None:
        if not any(words.values()) and review_on is None:
            return None
    elif unchanged_date and all(getattr(now, part) == words[part] for part in PARTS):
        return None
    revision = PlanRevision(written_by_id=actor.id, review_on=review_on, **words)
    referral.plan_revisions.append(revision)
    db.session.flush()
    # What changed is health data in the person's words: the audit names the parts only.
    audit.record(
        "plan.revised",
        referral,
        actor=actor,
        revision=revision.id,
        changed=[part for part in PARTS if now is None or getattr(now, part) != words[part]],
        review_date_changed=not unchanged_date,
    )
    return revision
