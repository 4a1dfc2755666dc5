"""Compressed responses (brotli or gzip, by what the browser accepts), except personal pages.

A results page is some 22 KB of HTML and compresses to a fifth of that. Pages marked
``no-store`` (forms, staff pages, anything a signed-in person sees) are sent as they are:
compressing a secret (a CSRF token) beside text an attacker can make the page repeat is
what the BREACH attack measures.
"""

from flask import Flask, request
from flask_compress import Compress


class PublicPageCompress(Compress):
    def after_request(self, response):
        if response.headers.get("Cache-Control") == "no-store":
            return response
        if response.is_streamed and request.endpoint == "static":
            # Style sheets and scripts are a few KB: read them whole (the file is closed
            # with the response) and compress them with a length, not as a stream that
            # would leave the file open.
            response.direct_passthrough = False
            response.make_sequence()
        return super().after_request(response)


compress = PublicPageCompress()


def install(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        ["text/html", "text/css", "text/javascript", "application/javascript",
         "application/json", "image/svg+xml", "text/calendar", "text/csv", "text/plain"],
    )  # fmt: skip
    compress.init_app(app)
