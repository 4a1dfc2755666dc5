"""The inbox list's rows, each worked out in Python as the few strings its card shows, and
the words a case is shown with everywhere (its name, its deadline, "write to them").

Built in the template, a row took about thirty Jinja calls (two labels, three dates, the
link, the deadline marker, the calls line): 6 ms of the list's 9 ms of rendering for a page
of 25 (``benchmarks/inbox.py``; now about 2.5 ms). Here the page's catalogue, locale, time
zone and labels are read once a page and each row is a handful of finished strings, which the template escapes as it
writes them out like any other text.
"""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from directory_app.i18n.dates import long_date, long_date_writer
from directory_app.i18n.labels import KIND_LABELS, STATUS_LABELS
from directory_app.i18n.page_language import page_translations
from directory_app.inbox import attempts, queries
from directory_app.models import Referral

SEPARATOR = " · "


def case_name(referral: Referral) -> str:
    """A person's name one way everywhere: the name they go by, then their full name in
    brackets when it differs ("Annie (Ann Example)")."""
    preferred = (referral.preferred_name or "").strip()
    full = (referral.full_name or "").strip()
    if referral.anonymised_at is not None or not (preferred or full):
        return _("Anonymised")
    if preferred and full and preferred.casefold() != full.casefold():
        return _("{preferred} ({full})").format(preferred=preferred, full=full)
    return preferred or full


def deadline_note(referral: Referral, today: date) -> str:
    """The marker a request's row and page show: overdue since when, or due today."""
    since = queries.overdue_since(referral, today)
    if since is not None:
        return _("Overdue since {date}").format(date=long_date(since))
    if referral.due_on(today):
        if referral.status == "new" and referral.respond_by == today:
            return _("Reply due today")
        return _("Follow up due today")
    return ""


def write_to_them(referral: Referral) -> str:
    """The "3 calls with no answer: write to them" line, once that many calls went unanswered."""
    calls = attempts.time_to_write(referral)
    if not calls:
        return ""
    return ngettext(
        "%(num)d call with no answer: write to them",
        "%(num)d calls with no answer: write to them",
        calls,
    )


@dataclass(frozen=True)
class ListRow:
    """One request's card in the list, as plain text (escaped when written out)."""

    link: str
    name: str
    reference: str
    facts: str  # kind · status · area · who it is assigned to
    marker: str  # overdue since, or due today (empty when neither)
    late: bool
    dates: str  # respond by · follow up on · received
    calls: str  # "3 calls with no answer: write to them", or empty


def list_rows(requests: list[Referral], today: date) -> list[ListRow]:
    """The cards of a page of requests, in their order."""
    gettext = page_translations().ugettext
    day = long_date_writer()
    kinds = {code: str(text) for code, text in KIND_LABELS.items()}
    statuses = {code: str(text) for code, text in STATUS_LABELS.items()}
    rows = []
    for referral in requests:
        facts = [
            kinds.get(referral.kind, referral.kind),
            statuses.get(referral.status, referral.status),
        ]
        if referral.area:
            facts.append(referral.area)
        if referral.assigned_to:
            facts.append(gettext("Assigned to {name}").format(name=referral.assigned_to.name))
        else:
            facts.append(gettext("Not assigned"))
        dates = [gettext("Respond by {date}").format(date=day(referral.respond_by))]
        if referral.follow_up_on:
            dates.append(gettext("Follow up on {date}").format(date=day(referral.follow_up_on)))
        dates.append(gettext("Received {date}").format(date=day(referral.created_at)))
        rows.append(
            ListRow(
                link=url_for("inbox.referral_detail", referral_id=referral.id),
                name=case_name(referral),
                reference=referral.reference,
                facts=SEPARATOR.join(facts),
                marker=deadline_note(referral, today),
                late=referral.overdue_on(today),
                dates=SEPARATOR.join(dates),
                calls=write_to_them(referral),
            )
        )
    return rows
