"""The listing import's optional "Taking new people?" columns.

``taking_new_people`` holds one of the four codes (``open``, ``waiting_list``, ``full``,
``referral_only``) and ``wait_weeks`` the typical wait of a waiting list. Both are optional
and not in the export: an empty cell leaves the listing's state as it is, so importing an
old file never undoes what a group said since. A state imported counts as said on the day
of the import, through the same rule and audit as a group's own click.
"""

from datetime import date

from flask_babel import gettext as _

from directory_app.groups import intake
from directory_app.models.activities import INTAKE_STATES
from directory_app.web.input import whole_number

INTAKE_COLUMNS = ("taking_new_people", "wait_weeks")


def _cell(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def intake_problems(row: dict) -> list[tuple[str, str]]:
    """(column, message) for each problem with the row's intake cells."""
    state, wait_text = _cell(row, "taking_new_people"), _cell(row, "wait_weeks")
    if not state:
        if wait_text:
            return [("wait_weeks", _("Leave this empty unless taking_new_people is waiting_list"))]
        return []
    wait = whole_number(wait_text, 0, 999_999) if wait_text else None
    if wait_text and wait is None:
        return [("wait_weeks", _("Use a whole number from 1 to 52, or leave it empty"))]
    try:
        intake.check_intake(state, wait)
    except intake.UnknownState:
        return [
            ("taking_new_people", _("Use one of: {codes}").format(codes=", ".join(INTAKE_STATES)))
        ]
    except intake.WaitNeeded:
        return [("wait_weeks", _("A waiting list needs its typical wait, in weeks"))]
    except intake.WaitOutOfRange:
        return [("wait_weeks", _("Use a whole number from 1 to 52, or leave it empty"))]
    except intake.WaitWithoutWaitingList:
        return [("wait_weeks", _("Leave this empty unless taking_new_people is waiting_list"))]
    return []


def write_intake(activity, row: dict, today: date) -> None:
    """Save the row's state, if it has one (the row has been checked)."""
    state = _cell(row, "taking_new_people")
    if not state:
        return
    wait_text = _cell(row, "wait_weeks")
    wait = whole_number(wait_text, 0, 999_999) if wait_text else None
    intake.set_intake(activity, state, wait, None, "listing import", today)
