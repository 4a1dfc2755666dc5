"""Small numbers kept out of reports, so no one can be picked out of a count.

One rule, everywhere a report or export shows a number: a count from 1 to 4 is shown as
"fewer than 5" (``<5`` in files). Zero stays 0: it says nobody, which identifies no one.

Hiding one cell is not enough when a total is shown beside it. With 12 referrals split
into 9 from professionals and 3 from the person's own form, hiding the 3 alone leaves it
as 12 − 9. So when exactly one cell of a breakdown that adds up to a shown total is hidden,
the next smallest non-zero cell is hidden too ("complementary" or secondary suppression,
as the ONS and NHS England's disclosure control guidance describe it). With two or more
hidden, each could be any of several values and none can be worked out alone.
"""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

SUPPRESS_BELOW = 5
CSV_MARKER = "<5"


@dataclass(frozen=True)
class Count:
    """A count as a report may show it: ``value`` is the true number (never shown when
    ``suppressed``)."""

    value: int
    suppressed: bool = False

    @property
    def shown(self) -> int | None:
        """The number to print, or None when it is hidden."""
        return None if self.suppressed else self.value

    @property
    def text(self) -> str:
        """For pages: the number in the page's locale, or "fewer than 5"."""
        if self.suppressed:
            # i18n: shown instead of a count from 1 to 4, so no one can be identified
            return _("fewer than {number}").format(number=SUPPRESS_BELOW)
        return format_decimal(self.value)

    @property
    def csv(self) -> str:
        """For files: the number, or ``<5``."""
        return CSV_MARKER if self.suppressed else str(self.value)


def is_small(value: int) -> bool:
    """The one rule: 1 to 4 is too few to show."""
    return 0 < value < SUPPRESS_BELOW


def count(value: int) -> Count:
    """A single count with the rule applied."""
    return Count(value, is_small(value))


def breakdown(rows, adds_up: bool = True) -> list:
    """``[(group, int), …]`` as ``[(group, Count), …]``, in the same order.

    ``adds_up`` says the cells partition a total that is shown (each referral in exactly
    one cell); then one hidden cell never stands alone. Breakdowns where a referral can be
    in several cells (reasons) add up to more than the total and need only the first rule.
    """
    counts = [(group, count(value)) for group, value in rows]
    hidden = [index for index, (_group, c) in enumerate(counts) if c.suppressed]
    if adds_up and len(hidden) == 1:
        others = [
            (c.value, index)
            for index, (_group, c) in enumerate(counts)
            if not c.suppressed and c.value > 0
        ]
        if others:
            _value, index = min(others)
            group, c = counts[index]
            counts[index] = (group, Count(c.value, True))
    return counts


def pair(first: int, second: int) -> tuple[Count, Count]:
    """Two counts that add up to a shown total (within target / not; improved / not):
    if either is hidden, both are."""
    (_a, one), (_b, other) = breakdown([("first", first), ("second", second)])
    return one, other


def share(part: Count, rest: Count) -> float | None:
    """``part`` as a share of ``part + rest`` (0–1), or None when either is hidden (the share
    would give the hidden count back) or there is nothing to share."""
    if part.suppressed or rest.suppressed or part.value + rest.value == 0:
        return None
    return part.value / (part.value + rest.value)
