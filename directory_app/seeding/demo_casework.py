"""Demo casework: a year of fictional requests, so the inbox, the dashboard and the reports
can be tried on ``make run`` (``flask seed casework``).

About 300 requests, the same every run (a fixed random seed per request), each taken as far
as its story has got by today through the operations staff use (``demo_stories``): stored,
assigned, contacted, planned, measured, matched with a buddy or referred on to demo
listings, then closed or still open. One writer per model: nothing here writes a row the
product's own operations do not write.

Why it back-dates. Every operation stamps what it does with the real "now": a request's
``created_at``, a status change's ``changed_at``, ``first_contacted_at``, an onward
referral's ``sent_at`` and answers, a note's ``written_at``. Run as they are, a year of
casework would all have happened in the minute of seeding, and every report month but
this one would be empty. So after each step the story moves what that step stamped to the
moment it happens in the story, and dates the operations take (a measure's ``taken_on``, a
first session, a follow-up) are given as of that moment. The audit log is not back-dated:
it records, truthfully, that these rows were written when the seeding ran.

No email. The operations queue email as they would for real (a colleague assigned, a group
told of a referral, a resident told of an answer): hundreds of messages to example.org
addresses. Inside ``no_email_queued`` each message is taken out of the session before it
is flushed, so the outbox never holds one and the mail worker has nothing to send; the
count is reported. Everything else the operations do (notes, the audit log) is kept.

Never mixed with a live service: every demo request's submission token starts with
``TOKEN_PREFIX``, and the casework is refused when any other request exists.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event, func, select

from directory_app.core.audit import record
from directory_app.core.extensions import db
from directory_app.core.mail import EmailOutboxMessage
from directory_app.models import OnwardReferral, Referral, WellbeingMeasure
from directory_app.models.referrals import OPEN_STATUSES
from directory_app.reports.sql import count_where
from directory_app.seeding.demo_requests import TOKEN_PREFIX
from directory_app.seeding.demo_stories import tell_story
from directory_app.seeding.demo_world import NoCaseworkers, NoListings, build_world

SEED = 17
REQUESTS = 300


class CaseworkRefused(ValueError):
    """The demo casework would mix with a live service's requests, or has nothing to use."""


@dataclass
class CaseworkSummary:
    requests: int = 0
    buddy_requests: int = 0
    onward_referrals: int = 0
    measured: int = 0
    still_open: int = 0
    overdue: int = 0
    statuses: Counter = field(default_factory=Counter)
    emails_not_queued: int = 0
    created_staff: list[str] = field(default_factory=list)
    password: str | None = None


def is_demo():
    """The condition for a request the demo made (its token carries the demo's prefix)."""
    return Referral.submission_token.startswith(TOKEN_PREFIX, autoescape=True)


def request_counts() -> tuple[int, int]:
    """(demo requests, other requests) in the database."""
    demo = count_where(is_demo())
    row = db.session.execute(select(func.count(Referral.id), demo)).one()
    total, ours = int(row[0] or 0), int(row[1] or 0)
    return ours, total - ours


def check_live_data() -> int:
    """The number of demo requests already there; refused when other requests exist."""
    demo, other = request_counts()
    if other:
        raise CaseworkRefused(
            f"The database holds {other} requests the demo did not make; demo casework is "
            "only added to a demo database."
        )
    return demo


@contextmanager
def no_email_queued() -> Iterator[Counter]:
    """Inside the block, email queued in the session is dropped before it is written; the
    counter says how many."""
    session = db.session()
    dropped = Counter()

    def drop_queued_email(flushing, _context, _instances) -> None:
        for instance in list(flushing.new):
            if isinstance(instance, EmailOutboxMessage):
                flushing.expunge(instance)
                dropped["emails"] += 1

    event.listen(session, "before_flush", drop_queued_email)
    try:
        yield dropped
        session.flush()  # the last messages are dropped too, before the commit writes them
    finally:
        event.remove(session, "before_flush", drop_queued_email)


def summarise(summary: CaseworkSummary, today) -> None:
    """Fill in the summary from the database, so what is printed is what was stored."""
    demo = is_demo()
    summary.statuses = Counter(
        dict(
            db.session.execute(
                select(Referral.status, func.count()).where(demo).group_by(Referral.status)
            ).all()
        )
    )
    summary.requests = sum(summary.statuses.values())
    summary.buddy_requests = db.session.scalar(
        select(func.count()).where(demo, Referral.kind == "buddy")
    )
    summary.onward_referrals = db.session.scalar(
        select(func.count(OnwardReferral.id)).join(Referral).where(demo)
    )
    summary.measured = db.session.scalar(
        select(func.count(func.distinct(WellbeingMeasure.referral_id))).join(Referral).where(demo)
    )
    summary.still_open = db.session.scalar(
        select(func.count()).where(demo, Referral.status.in_(OPEN_STATUSES))
    )
    summary.overdue = db.session.scalar(
        select(func.count()).where(demo, Referral.overdue_on(today))
    )


def add_demo_casework(progress: Callable[[int], None] | None = None) -> CaseworkSummary:
    """Add the demo requests and their casework. Flushes; the command commits.

    Refused (``CaseworkRefused``) when non-demo requests exist, when no one may work on
    requests, or when the demo listings are not loaded.
    """
    check_live_data()
    try:
        world = build_world()
    except NoListings as error:
        raise CaseworkRefused("There are no published listings: run flask seed first.") from error
    except NoCaseworkers as error:
        raise CaseworkRefused(
            "No active link worker or admin account to do the casework."
        ) from error
    summary = CaseworkSummary(created_staff=world.created_staff, password=world.password)
    with no_email_queued() as dropped:
        for index in range(REQUESTS):
            tell_story(world, index, random.Random(f"{SEED}:{index}"))
            if progress:
                progress(1)
    summary.emails_not_queued = dropped["emails"]
    summarise(summary, world.today)
    record("demo.casework_added", requests=summary.requests)
    return summary
