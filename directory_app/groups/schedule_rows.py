"""The editor's session rows: read them as schedule text and say what is wrong with them.

The editor posts one row per session (how often, the day or date, the times, and for the
newer kinds the number of weeks, the week of the month, term time only and another
venue); they become the schedule text that versions, the importer and the export share
(``schedule_text``). Rows are read by position; a field a row leaves out (an older page,
a script) reads as empty rather than shifting the rows after it. Term time is a checkbox
per row whose value is the row's number, as an unticked box sends nothing.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.schedule_text import parse_slot_text, pieces
from directory_app.domain.slots import TERM_TIME_KINDS
from directory_app.listings.operations import unknown_venue_keys
from directory_app.models import Venue

ROW_FIELDS = (
    "slot_frequency",
    "slot_day",
    "slot_start",
    "slot_end",
    "slot_date",
    "slot_weeks",
    "slot_month_week",
    "slot_venue",
)
# What each kind of row becomes, from its fields (see ``schedule_text``).
_TEXT = {
    "weekly": "weekly:{day}:{times}",
    "fortnightly": "fortnightly:{day}:{times}:{on}",
    "every_n_weeks": "every:{weeks}:{day}:{times}:{on}",
    "monthly": "monthly:{month_week}:{day}:{times}",
    "course": "course:{weeks}:{on}:{day}:{times}",
    "once": "once:{on}:{times}",
}


def schedule_problem(schedule: str, notes: str) -> str | None:
    """What is wrong with the sessions from the editor's rows, or None when nothing is.

    Advice by appointment or a phone line has no sessions: then the notes must say how.
    The first session at fault is named by its place among the sessions given, with what
    is wrong with it.
    """
    if not schedule:
        if notes.strip():
            return None
        return _(
            "Give at least one session, or say in the notes how people arrange a "
            "time (for example, by appointment)."
        )
    slots = []
    for number, part in enumerate(pieces(schedule), start=1):
        try:
            slots.append(parse_slot_text(part))
        except ValueError as error:
            return _("Check the sessions. Session {number}: {problem}").format(
                number=number, problem=str(error)
            )
    if unknown := unknown_venue_keys(slots):
        return _("Check the sessions: the venue {venue} is not in the venues list").format(
            venue=unknown[0]
        )
    return None


def schedule_from_rows(form, venue_keys: dict[str, str] | None = None) -> str:
    """The schedule text from the editor's session rows (rows with no kind are ignored).

    ``venue_keys`` maps the venue ids the editor offers to their keys; without it, the
    posted ids are looked up (an id that is no venue is left for the check to report).
    """
    columns = {name: form.getlist(name) for name in ROW_FIELDS}
    term_rows = set(form.getlist("slot_term"))
    rows = max(len(values) for values in columns.values())
    if venue_keys is None:
        venue_keys = _keys_of({value for value in columns["slot_venue"] if value.strip().isdigit()})
    parts = []
    for index in range(rows):
        field = {name[5:]: _at(values, index) for name, values in columns.items()}
        form_text = _TEXT.get(field["frequency"])
        if form_text is None:
            continue
        text = form_text.format(times=f"{field['start']}-{field['end']}", on=field["date"], **field)
        if str(index + 1) in term_rows and field["frequency"] in TERM_TIME_KINDS:
            text += ":term"
        if field["venue"]:
            text += f"@{venue_keys.get(field['venue'], 'venue-' + field['venue'])}"
        parts.append(text)
    return "; ".join(parts)


def _at(values: list[str], index: int) -> str:
    return values[index].strip() if index < len(values) else ""


def _keys_of(venue_ids: set[str]) -> dict[str, str]:
    if not venue_ids:
        return {}
    found = db.session.execute(
        select(Venue.id, Venue.key).where(Venue.id.in_([int(each) for each in venue_ids]))
    )
    return {str(venue_id): key for venue_id, key in found}
