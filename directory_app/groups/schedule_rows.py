"""The editor's session rows: read them as schedule text and say what is wrong with them.

The editor posts one row per session (how often, the day or date, the times); they become
the schedule text that versions, the importer and the export share
(``schedules.schedule_text``).
"""

from flask_babel import gettext as _

from directory_app.domain.schedules import parse_schedule_text


def schedule_problem(schedule: str, notes: str) -> str | None:
    """What is wrong with the sessions from the editor's rows, or None when nothing is.

    Advice by appointment or a phone line has no sessions: then the notes must say how.
    """
    if not schedule:
        if notes.strip():
            return None
        return _(
            "Give at least one session, or say in the notes how people arrange a "
            "time (for example, by appointment)."
        )
    try:
        parse_schedule_text(schedule)
    except ValueError:
        return _(
            "Check the sessions: each needs how often, a day or date, and a start "
            "before its end. Fortnightly sessions need the date of one session."
        )
    return None


def schedule_from_rows(form) -> str:
    """The schedule text from the editor's session rows (empty rows are ignored)."""
    parts = []
    rows = zip(
        form.getlist("slot_frequency"),
        form.getlist("slot_day"),
        form.getlist("slot_start"),
        form.getlist("slot_end"),
        form.getlist("slot_date"),
        strict=False,
    )
    for frequency, day, start, end, on in rows:
        times = f"{start}-{end}"
        if frequency == "weekly":
            parts.append(f"weekly:{day}:{times}")
        elif frequency == "fortnightly":
            parts.append(f"fortnightly:{day}:{times}:{on}")
        elif frequency == "once":
            parts.append(f"once:{on}:{times}")
    return "; ".join(parts)
