"""Files people download and open in a spreadsheet."""

from flask import Response

# Excel reads a CSV file as the machine's legacy code page unless it starts with a
# byte-order mark: "£" and "–" would arrive garbled.
BYTE_ORDER_MARK = "\ufeff"


def csv_download(text: str, filename: str) -> Response:
    """A CSV attachment in UTF-8 with a byte-order mark."""
    return Response(
        BYTE_ORDER_MARK + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
