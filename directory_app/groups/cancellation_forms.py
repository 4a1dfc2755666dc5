"""The form for cancelling a session, and what each refusal says to the person who tried.

The date box is an ``<input type="date">``: browsers send 2026-12-25, and where a browser
shows a plain box instead people type 25/12/2026, so both are read.
"""

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Optional, ValidationError

from directory_app.groups import cancellations
from directory_app.i18n.dates import long_date
from directory_app.models.cancellations import REASON_LENGTH
from directory_app.web.forms import DirectoryForm, no_longer_than

_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def read_date(text: str | None) -> date | None:
    """A date typed or sent as 2026-12-25 or 25/12/2026 (day first, as in the UK); None
    for anything else, impossible dates (31/02/2026) included."""
    text = (text or "").strip()
    if match := _ISO_RE.match(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST_RE.match(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _real_date(_form, field) -> None:
    if (field.data or "").strip() and read_date(field.data) is None:
        raise ValidationError(_l("Enter a real date, like 25/12/2026"))


class CancelSessionForm(DirectoryForm):
    on_date = StringField(
        _l("Date of the session"),
        validators=[
            DataRequired(_l("Enter the date of the session you are cancelling")),
            _real_date,
        ],
    )
    reason = StringField(
        _l("Reason (optional)"), validators=[Optional(), no_longer_than(REASON_LENGTH)]
    )

    @property
    def day(self) -> date | None:
        return read_date(self.on_date.data)


def refusal(error: cancellations.CancellationError, title: str) -> str:
    """Why a date cannot be cancelled, in words the group can act on."""
    when = long_date(error.day)
    if isinstance(error, cancellations.SessionPassed):
        return _("{date} has passed. Enter the date of a session still to come").format(date=when)
    if isinstance(error, cancellations.TooFarAhead):
        return _("You can cancel sessions up to a year ahead. Enter an earlier date")
    if isinstance(error, cancellations.AlreadyCancelled):
        return _("The session on {date} is cancelled already").format(date=when)
    if isinstance(error, cancellations.NotCancelled):
        return _("The session on {date} is not cancelled").format(date=when)
    return _("{title} does not run on {date}. Enter the date of one of its sessions").format(
        title=title, date=when
    )
