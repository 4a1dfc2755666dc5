"""Bar charts drawn on the server, readable without JavaScript, CSS or sight.

Each bar carries its group and its count in words ("Housing: 12", or "Housing: fewer than
5" for a hidden count, which gets no bar), the SVG is one labelled image with the whole
chart as its description, and ``templates/reports/_chart.html`` puts the same numbers in a
table beside it: the text alternative that screen readers and copy-paste use.

Lengths are in CSS pixels with bar widths in per cent, so the text keeps its size on a
320-pixel phone and a wide screen alike; long group names wrap onto a second line. On a
right-to-left page bars grow from the right and text is anchored there (not mirrored), and
counts sit between Unicode isolates so "12" is never reordered into the words around it.
"""

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

FONT_SIZE = 14
LINE_HEIGHT = 18
BAR_HEIGHT = 14
ROW_GAP = 12
# Characters per line of a label: about 250 px at 14 px, room on a 320 px phone.
LINE_CHARS = 32
ISOLATE, END_ISOLATE = "\u2068", "\u2069"


@dataclass(frozen=True)
class Bar:
    label: str  # the group's words
    value: str  # the count as shown, "fewer than 5" for a hidden one
    hidden: bool  # suppressed: words, not a number, so laid out in the page's direction
    lines: list[tuple[float, str]]  # (baseline y, text) of the label in words
    bar_y: float
    width: float  # per cent of the chart's width; 0 for none or a hidden count
    x: float  # per cent: 0, or where a right-to-left bar starts


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    value_heading: str
    bars: list[Bar]
    height: int
    rtl: bool

    @property
    def text_x(self) -> str:
        return "100%" if self.rtl else "0"


def wrapped(text: str, width: int = LINE_CHARS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word
    stands alone)."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else [""]


def bar_text(group: str, value: str) -> str:
    # i18n: a chart bar's label, e.g. "Housing: 12" or "Housing: fewer than 5"
    return _("{group}: {count}").format(group=group, count=f"{ISOLATE}{value}{END_ISOLATE}")


def page_is_rtl() -> bool:
    """Whether the page's language is written right to left (Arabic, Urdu, Farsi…)."""
    locale = get_locale()
    return locale is not None and locale.text_direction == "rtl"


def bar_chart(
    chart_id: str, title: str, rows, value_heading: str, rtl: bool | None = None
) -> Chart:
    """A chart of ``rows``, ``[(group words, Count), …]``, longest bar for the largest
    shown count; laid out right to left on such pages unless ``rtl`` says otherwise."""
    rtl = page_is_rtl() if rtl is None else rtl
    biggest = max((c.shown or 0 for _group, c in rows), default=0) or 1
    bars, y = [], 0.0
    for group, c in rows:
        label_lines = wrapped(bar_text(group, c.text))
        lines = []
        for line in label_lines:
            y += LINE_HEIGHT
            lines.append((y - 4, line))
        width = round((c.shown or 0) / biggest * 100, 2)
        bars.append(
            Bar(
                label=group,
                value=c.text,
                hidden=c.suppressed,
                lines=lines,
                bar_y=y,
                width=width,
                x=round(100 - width, 2) if rtl else 0,
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    description = "; ".join(bar_text(group, c.text) for group, c in rows)
    return Chart(chart_id, title, description, value_heading, bars, int(y), rtl)
