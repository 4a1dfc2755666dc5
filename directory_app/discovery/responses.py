"""How discovery's files are sent: sitemaps written out as they are made, compressed for the
crawlers that accept it, and the widget's page with a policy that lets other sites frame it.
"""

import zlib
from collections.abc import Iterable, Iterator

from flask import Response, request, stream_with_context

from directory_app.core.headers import CONTENT_SECURITY_POLICY

# The site's own policy, but any site may frame the page: the widget holds only links and
# a search form that opens in a new tab, with nothing a framing site could trick someone
# into doing (the reason every other page refuses to be framed).
FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
# Crawlers read the sitemaps and robots.txt every day or so; an hour's caching is plenty.
CACHE_SECONDS = 60 * 60
# A sitemap's text is very repetitive (each page's addresses in 21 languages, 21 times):
# gzip takes it to a few per cent of its size, sent as it is made.
GZIP_LEVEL = 6
GZIP_WINDOW = 16 + zlib.MAX_WBITS  # a gzip header and trailer, not a bare zlib stream


def _gzipped(chunks: Iterable[str]) -> Iterator[bytes]:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WINDOW)
    for chunk in chunks:
        compressed = compressor.compress(chunk.encode())
        if compressed:
            yield compressed
    yield compressor.flush()


def streamed_xml(chunks: Iterable[str]) -> Response:
    """An XML document sent as it is made, gzipped when the client accepts gzip."""
    compress = "gzip" in request.accept_encodings
    body = _gzipped(chunks) if compress else (chunk.encode() for chunk in chunks)
    response = Response(stream_with_context(body), mimetype="application/xml")
    if compress:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    _cache_publicly(response)
    return response


def plain_text(text: str) -> Response:
    response = Response(text, mimetype="text/plain")
    _cache_publicly(response)
    return response


def frameable(response: Response) -> Response:
    """Let any site frame this response, and keep it out of search results (it is the
    directory's own search results, cut down, on other sites)."""
    response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _cache_publicly(response: Response) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
