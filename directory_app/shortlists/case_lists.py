"""A shortlist of activities a link worker builds for a person on their case.

The worker searches with the site's own search, adds, removes and reorders, then sends the
list by email in the person's language (a ``CaseMessage`` "shortlist", audited) or prints it
to hand over or post. Every change is audited by ids only.
"""

from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.directory.listings import activities_in_order, public_activity
from directory_app.domain.dates import local_now
from directory_app.inbox import messages
from directory_app.models import Activity, Referral, StaffUser
from directory_app.models.casework import CaseMessage
from directory_app.models.shortlists import ShortlistItem
from directory_app.search.queries import SearchRequest, find_activities
from directory_app.shortlists.wording import activities_in_text
from directory_app.web.links import absolute_url

SEARCH_RESULTS = 8


class NotListed(Exception):
    """The activity is not public, so it cannot be suggested."""


class EmptyShortlist(Exception):
    """There is nothing on the shortlist to send or print."""


def search(text: str) -> list[Activity]:
    """Public activities matching the words, best first, through the site's own search."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    results = find_activities(
        SearchRequest(text=text),
        current_app.config["SEARCH_INDEX_DIR"],
        SEARCH_RESULTS,
        local_now(),
    )
    return activities_in_order([hit.activity_id for hit in results.hits])


def add(referral: Referral, activity_id: int, actor: StaffUser) -> ShortlistItem:
    """Put a public activity at the end of the list (once: a second add changes nothing)."""
    for item in referral.shortlist:
        if item.activity_id == activity_id:
            return item
    if public_activity(activity_id, local_now().date()) is None:
        raise NotListed()
    position = max((item.position for item in referral.shortlist), default=0) + 1
    item = ShortlistItem(activity_id=activity_id, position=position, added_by_id=actor.id)
    referral.shortlist.append(item)
    db.session.flush()
    audit.record("referral.shortlist_added", referral, actor=actor, activity=activity_id)
    return item


def remove(referral: Referral, item_id: int, actor: StaffUser) -> None:
    """Take an item off the list."""
    for item in list(referral.shortlist):
        if item.id == item_id:
            referral.shortlist.remove(item)
            db.session.flush()
            audit.record(
                "referral.shortlist_removed", referral, actor=actor, activity=item.activity_id
            )
            return


def move(referral: Referral, item_id: int, step: int, actor: StaffUser) -> None:
    """Move an item one place up (``step`` -1) or down (+1), renumbering the list."""
    items = sorted(referral.shortlist, key=lambda item: (item.position, item.id))
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None or not 0 <= index + step < len(items):
        return
    items[index], items[index + step] = items[index + step], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    db.session.flush()
    audit.record("referral.shortlist_reordered", referral, actor=actor)


def public_items(referral: Referral, today: date) -> list[Activity]:
    """The shortlisted activities still public, in the list's order."""
    items = sorted(referral.shortlist, key=lambda item: (item.position, item.id))
    return [item.activity for item in items if public_activity(item.activity_id, today) is not None]


def link_for(activity: Activity, language: str) -> str:
    """The activity's page under ``PUBLIC_URL``, in the person's language."""
    return absolute_url("directory.activity", language, activity_id=activity.id)


def send_by_email(referral: Referral, actor: StaffUser) -> CaseMessage:
    """Email the list to the person in their language; raises ``messages.CannotEmail``."""
    messages.check_can_email(referral)
    activities = public_items(referral, local_now().date())
    if not activities:
        raise EmptyShortlist()
    language = messages.reader_locale(referral)
    with force_locale(language):
        body = "\n".join(
            (
                messages.greeting(referral),
                "",
                _("Here are the activities we talked about:"),
                "",
                activities_in_text(activities, lambda a: link_for(a, language)),
                "",
                _("Reply to this email if you would like help to go to one of them."),
                "",
                messages.first_name(actor),
            )
        )
        draft = messages.Draft(_("Activities for you to try"), body)
    return messages.send(referral, "shortlist", draft, actor)


def panel(referral: Referral, today: date) -> dict:
    """What the case page's shortlist panel shows (merged into its template context)."""
    return {
        "shortlist_items": sorted(referral.shortlist, key=lambda item: (item.position, item.id)),
        "shortlist_email_refusal": messages.email_refusal(referral),
    }
