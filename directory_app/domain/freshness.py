"""How fresh a listing is: when to remind its group, warn residents, and hide it.

A listing's age counts from the day its group last confirmed it was correct (or, if it
never has, from when it was added). Reminders go at 6 and 9 months; at 12 months the public
page says it may be out of date and search ranks it lower; at 15 months it leaves search.
"""

from datetime import date

from directory_app.domain.dates import add_months

FIRST_REMINDER_MONTHS = 6
SECOND_REMINDER_MONTHS = 9
MAY_BE_OUT_OF_DATE_MONTHS = 12
HIDDEN_MONTHS = 15


def confirmed_on(activity) -> date:
    """The date a listing's age counts from."""
    if activity.last_confirmed_on is not None:
        return activity.last_confirmed_on
    return activity.created_at.date()


def stale_on_or_before(today: date) -> date:
    """Listings last confirmed on or before this day may be out of date."""
    return add_months(today, -MAY_BE_OUT_OF_DATE_MONTHS)


def hidden_on_or_before(today: date) -> date:
    """Listings last confirmed on or before this day are hidden from the public."""
    return add_months(today, -HIDDEN_MONTHS)
