"""CSV files that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula, which can run commands or send data away when a member
of staff opens the file. Such cells are written with a leading apostrophe (shown as text,
not stored), and the importer reads that apostrophe away again, so an export re-imports as
it was. A negative number ("-1.4", a report's fall in anxiety) is left as it is: it is
only a number to a spreadsheet, and with the apostrophe a commissioner's sums skip it.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")


def safe_cell(value):
    """A value for a CSV cell: text that a spreadsheet would run is made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if NEGATIVE_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def cell_text(text: str) -> str:
    """What a cell written by ``safe_cell`` held."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
