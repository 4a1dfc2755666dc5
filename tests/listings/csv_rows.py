"""The published listings as CSV rows, and rows back into CSV text: what the import tests
change and send back."""

import csv
import io
from contextlib import nullcontext

from directory_app.listings.export import published_listings_csv


def published_rows(app=None) -> list[dict]:
    """The export's rows, in ``app``'s context (or the one already active)."""
    with app.app_context() if app is not None else nullcontext():
        return list(csv.DictReader(io.StringIO(published_listings_csv())))


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
