"""One demo request's story, told through the operations a link worker's clicks call.

A request arrives (``referrals.service.store_request``, or ``inbox.intake.enter_referral``
for one taken by phone or in person), is assigned and contacted (``inbox.triage``), gets a
WOOP plan and wellbeing measures (``outcomes``), a volunteer buddy (``buddies.matching``) or
referrals on to groups (``inbox.onward``, ``inbox.onward_progress``), and is closed or left
open with a follow-up. Each step happens at a moment of the story; the operations stamp
"now", so after each step ``Story.stamp`` moves what they stamped to that moment (see
``demo_casework`` for why). A step whose moment has not come yet does not happen: recent
requests are still open, as a live inbox's are.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from directory_app.buddies import matching, suggestions
from directory_app.domain.dates import aware
from directory_app.inbox import onward, onward_progress, triage
from directory_app.models import Referral
from directory_app.outcomes.measures import enabled_instruments, record_measure
from directory_app.outcomes.plans import revise_plan
from directory_app.referrals.service import add_working_days
from directory_app.seeding.demo_people import end_scores, start_scores
from directory_app.seeding.demo_requests import arrive
from directory_app.seeding.demo_world import DemoWorld, listing_for

# Working days from arrival to first contact: most within the five-day target, a few late.
CONTACT_DELAY_WEIGHTS = (20, 25, 20, 12, 8, 5, 4, 3, 3)
DECLINE_WEIGHTS = {
    "full": 35,
    "not_suitable": 20,
    "not_eligible": 15,
    "no_response": 20,
    "other": 10,
}
OUTCOMES = (
    "Goals met: going to a group every week.",
    "Linked with activities; no more support needed for now.",
    "Settled in at a group and knows how to get back in touch.",
    "Could not be reached after three tries.",
)
PLAN = {
    "wish": "To get out of the house and meet people twice a week.",
    "outcome": "Feeling less alone and more like myself again.",
    "obstacle": "Worrying about walking into a room of strangers.",
    "plan": "If I feel nervous, I will ask the organiser to meet me at the door.",
}


def _between(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high)


class Story:
    """One request and the link worker who works on it, with the story's clock."""

    def __init__(self, world: DemoWorld, rng: random.Random, referral: Referral, worker):
        self.world, self.rng, self.referral, self.worker = world, rng, referral, worker
        self.last = aware(referral.created_at)
        self.scores: dict = {}

    def during_hours(self, day: date, after: datetime) -> datetime:
        """A moment in office hours on ``day``, never before ``after``."""
        local = datetime.combine(day, time(_between(self.rng, 9, 16), self.rng.randrange(60)))
        moment = local.replace(tzinfo=self.world.zone).astimezone(UTC)
        return max(moment, after + timedelta(minutes=_between(self.rng, 20, 180)))

    def later(self, low_days: int, high_days: int) -> datetime:
        day = self.world.local_day(self.last) + timedelta(
            days=_between(self.rng, low_days, high_days)
        )
        return self.during_hours(day, self.last)

    def happens(self, moment: datetime) -> bool:
        """Whether the moment has come; if so it is the story's latest."""
        if moment > self.world.now:
            return False
        self.last = moment
        return True

    def _fresh(self, value) -> bool:
        return value is not None and aware(value) >= self.world.now

    def stamp(self, moment: datetime) -> None:
        """Move every time the last steps stamped as "now" to ``moment``."""
        referral = self.referral
        for name in ("first_contacted_at", "closed_at"):
            if self._fresh(getattr(referral, name)):
                setattr(referral, name, moment)
        for change in referral.history:
            if self._fresh(change.changed_at):
                change.changed_at = moment
        for rows, name in (
            (referral.notes, "written_at"),
            (referral.plan_revisions, "written_at"),
            (referral.measures, "recorded_at"),
        ):
            for row in rows:
                if getattr(row, name) is None or self._fresh(getattr(row, name)):
                    setattr(row, name, moment)
        for sent in referral.onward_referrals:
            for name in ("sent_at", "answered_at", "checked_at", "first_contact_at"):
                if self._fresh(getattr(sent, name)):
                    setattr(sent, name, moment)

    def follow_up_as_then(self, before: date | None, on: date) -> None:
        """The follow-up casework would have set on the story's day: the operations keep
        it from falling before the real today, which is the seeding's, not the story's."""
        self.referral.follow_up_on = before if before is not None and before <= on else on

    def tell(self) -> None:
        """The whole story, as far as today allows."""
        rng, referral = self.rng, self.referral
        age_days = (self.world.now - self.last).days
        fate = rng.random()
        if referral.kind == "buddy":
            fate = max(fate, 0.1)  # someone who chose a session to go to seldom backs out
        if fate < 0.1 and 10 < age_days < 45:
            return  # a backlog of the last weeks never answered: overdue, for the inbox
        delay = rng.choices(range(len(CONTACT_DELAY_WEIGHTS)), CONTACT_DELAY_WEIGHTS)[0]
        contact = self.during_hours(
            add_working_days(self.world.local_day(self.last), delay), self.last
        )
        if not self.happens(contact):
            return
        if fate < 0.05:
            triage.change_status(referral, "declined", self.worker, "A test entry.", invalid=True)
            self.stamp(contact)
            return
        if referral.assigned_to_id is None:
            lead = self.worker if rng.random() < 0.7 else rng.choice(self.world.workers)
            triage.assign(referral, self.worker, lead)
        triage.change_status(referral, "contacted", self.worker)
        triage.add_note(
            referral, "First call made; talked through what matters to them.", self.worker
        )
        self.stamp(contact)
        if fate < 0.1:
            self._close(self.later(1, 4), "declined", "They did not want support for now.")
            return
        start = self.later(1, 7)
        if not self.happens(start):
            return self._leave_open()
        measured = rng.random() < 0.46
        triage.change_status(referral, "in_progress", self.worker)
        if measured:
            revise_plan(
                referral,
                self.worker,
                **PLAN,
                review_on=self.world.local_day(start) + timedelta(weeks=6),
                today=self.world.local_day(start),
            )
            self.scores = start_scores(rng)
            self._measure("start", start, self.scores)
        self.stamp(start)
        if referral.kind == "buddy":
            self._buddy()
        elif rng.random() < 0.5:
            self._refer_on(second_chance=True)
        end = self.later(14, 56)
        if end > self.world.now or rng.random() < 0.12:
            return self._leave_open()
        self.happens(end)
        if measured:
            self._measure("end", end, end_scores(rng, self.scores))
        self._close(end, "closed", rng.choice(OUTCOMES))

    def _measure(self, stage: str, moment: datetime, scores: dict) -> None:
        day = self.world.local_day(moment)
        enabled = enabled_instruments()  # a service may use only one (WELLBEING_MEASURES)
        ons = {
            name: scores[name]
            for name in ("ons_satisfied", "ons_worthwhile", "ons_happy", "ons_anxious")
        }
        if "ons4" in enabled:
            record_measure(self.referral, self.worker, "ons4", stage, day, self.world.today, **ons)
        if "swemwbs" in enabled:
            record_measure(
                self.referral,
                self.worker,
                "swemwbs",
                stage,
                day,
                self.world.today,
                raw_total=scores["raw_total"],
            )
        self.stamp(moment)

    def _close(self, moment: datetime, status: str, outcome: str) -> None:
        if not self.happens(moment):
            return self._leave_open()
        triage.change_status(self.referral, status, self.worker, outcome)
        self.stamp(moment)

    def _leave_open(self) -> None:
        """Still open: a follow-up one to three weeks after the last step. One that would
        have passed is mostly kept up to date by the link worker; a few are left overdue."""
        if not self.referral.is_open or self.referral.status == "new":
            return
        day = self.world.local_day(self.last)
        on = day + timedelta(days=_between(self.rng, 7, 21))
        if on < self.world.today and self.rng.random() < 0.75:
            day, on = self.world.today, self.world.today + timedelta(days=_between(self.rng, 1, 14))
        triage.set_follow_up(self.referral, on, self.worker, today=day)

    def _buddy(self) -> None:
        rng, referral, world = self.rng, self.referral, self.world
        match_at = self.later(1, 10)
        if not self.happens(match_at):
            return
        found = suggestions.suggest(referral, world.today)
        buddy = found[0].buddy if found and rng.random() < 0.8 else rng.choice(world.buddies)
        matching.match_buddy(referral, buddy, self.worker, world.today)
        self.stamp(match_at)
        session = self.later(3, 14)
        if not self.happens(session):
            return
        day = world.local_day(session)
        before = referral.follow_up_on
        went = rng.random() < 0.75
        # Its follow-up for a no-show is a week from the real today: moved back just below.
        matching.record_session(referral, self.worker, day, went, today=world.today)
        if not went:
            self.follow_up_as_then(before, day + timedelta(days=matching.NO_SHOW_FOLLOW_UP_DAYS))
        self.stamp(session)

    def _refer_on(self, second_chance: bool) -> None:
        rng, referral, world = self.rng, self.referral, self.world
        sent_at = self.later(0, 10)
        if not self.happens(sent_at):
            return
        activity = listing_for(world, rng, referral.area)
        if any(o.activity_id == activity.id for o in referral.onward_referrals):
            return
        shared = ["name", "phone", "language", "reasons"] + (["email"] if referral.email else [])
        before = referral.follow_up_on
        sent = onward.refer(
            referral,
            activity,
            shared,
            "Happy to be phoned about a first visit.",
            self.worker,
            world.today,
        )
        self.stamp(sent_at)
        sent.check_due_on = world.local_day(sent_at) + timedelta(days=onward.contact_check_days())
        self.follow_up_as_then(before, sent.check_due_on)
        answered = self.later(1, 6)
        answer = rng.random()
        recent = (world.now - sent_at).days < 21
        if (answer > 0.92 and recent) or not self.happens(answered):
            return  # still waiting for the group (groups answer within a few weeks)
        if 0.68 < answer <= 0.92:
            reason = rng.choices(list(DECLINE_WEIGHTS), list(DECLINE_WEIGHTS.values()))[0]
            note = "The group has paused new places for now." if reason == "other" else ""
            before = referral.follow_up_on
            onward_progress.decline(sent, reason, note, self.worker, world.today)
            self.follow_up_as_then(before, world.local_day(answered))
            self.stamp(answered)
            if second_chance and rng.random() < 0.5:
                self._refer_on(second_chance=False)
            return
        onward_progress.accept(sent, self.worker)
        self.stamp(answered)
        self._attend(sent)

    def _attend(self, sent) -> None:
        rng, world = self.rng, self.world
        contact = self.later(1, 7)
        if rng.random() > 0.85 or not self.happens(contact):
            return
        onward_progress.record_first_contact(
            sent, world.local_day(contact), self.worker, world.today
        )
        self.stamp(contact)
        session = self.later(2, 10)
        if not self.happens(session):
            return
        went = rng.random() < 0.78
        onward_progress.record_first_session(
            sent, world.local_day(session), went, self.worker, world.today
        )
        self.stamp(session)
        if went and world.local_day(session) + timedelta(weeks=6) <= world.today:
            onward_progress.record_six_weeks(sent, rng.random() < 0.7, self.worker)


def tell_story(world: DemoWorld, index: int, rng: random.Random) -> Referral:
    """Make one demo request and take it as far as its story has got by today."""
    worker = rng.choice(world.workers)
    referral = arrive(world, rng, index, worker)
    Story(world, rng, referral, worker).tell()
    return referral
