"""Activities written out as plain text: for a shortlist's "copy this text", its email,
and the emails sent from a case. Written in whatever language is in force (the page's, or
the reader's under ``force_locale``)."""

from flask_babel import gettext as _

from directory_app.i18n.formatting import cost_in_words, schedule_in_words
from directory_app.i18n.labels import label
from directory_app.i18n.listing_text import activity_text, venue_text
from directory_app.models import Activity


def where_in_words(activity: Activity) -> str:
    """The full address (or "Online", "By phone"), as a letter or an email needs it."""
    if activity.venue is None:
        return label("mode", activity.attendance_mode)
    place = venue_text(activity.venue)
    return ", ".join(
        part
        for part in (place.name, place.address_line, place.town, activity.venue.postcode)
        if part
    )


def when_in_words(activity: Activity) -> str:
    """Every regular time in words, or the group's own note when it has no timetable."""
    lines = schedule_in_words(activity)
    if lines:
        return "; ".join(lines)
    return activity_text(activity).schedule_notes or _("Ask the group for times")


def activity_in_text(activity: Activity, link: str) -> str:
    """One activity as a block of plain text: title, when, where, cost, link."""
    return "\n".join(
        (
            activity_text(activity).title,
            _("When: {when}").format(when=when_in_words(activity)),
            _("Where: {where}").format(where=where_in_words(activity)),
            _("Cost: {cost}").format(cost=cost_in_words(activity)),
            link,
        )
    )


def activities_in_text(activities: list[Activity], link_for) -> str:
    """Several activities, a blank line between each; ``link_for(activity)`` gives its link."""
    return "\n\n".join(activity_in_text(activity, link_for(activity)) for activity in activities)
