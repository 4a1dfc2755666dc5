"""Reading an Open Referral UK 3.0 feed: from its address over HTTP(S), or from a file.

A feed's address is its base (``https://example.org/api/oruk``): ``GET /`` must say
``version`` HSDS-UK-3.0, then ``/services?full=true`` is read page by page, following
``total_pages``; a page whose services are not full (no schedules, locations…) has each
fetched from ``/services/{id}``. A file holds one service, a page (``{"contents": […]}``)
or a list of services. Everything is bounded: each response's size, the number of pages
and of services, and how long the server may take. What goes wrong is a ``FeedError``
saying what, never a traceback.
"""

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from flask_babel import gettext as _
from flask_babel import ngettext

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 1000
MAX_SERVICES = 50_000
TIMEOUT_SECONDS = 30  # for connecting and for each read
READ_SECONDS = 300  # for a whole response
VERSION_RE = re.compile(r"^HSDS-UK-3\.0(\.\d+)?$", re.IGNORECASE)
# A service with none of these is a list's summary, not the full record.
NESTED = ("schedules", "service_at_locations", "cost_options", "contacts", "attributes",
          "languages")  # fmt: skip


class FeedError(Exception):
    """The feed cannot be read; the message says why, for whoever runs the import."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only (urllib would follow ftp too)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            fp.close()  # urllib closes it only after following the redirect
            raise FeedError(
                _("The feed redirected to {url}, which is not http or https").format(
                    url=newurl[:200]
                )
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def is_address(source: str) -> bool:
    """Whether the source is a web address (otherwise it is a file's path)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source)) or source.lower().startswith(
        ("file:", "ftp:", "data:", "javascript:")
    )


def read_source(source: str, per_page: int = 100, progress=None) -> list:
    """Every service the source holds, as JSON values (checked later, one by one)."""
    if not is_address(source):
        return read_file(Path(source))
    if urlsplit(source).scheme.lower() not in ("http", "https"):
        raise FeedError(
            _("Only http and https addresses can be read, not {source}").format(source=source[:200])
        )
    return read_feed(source, per_page, progress)


def read_file(path: Path) -> list:
    """The services in a JSON file: one service, a page of them, or a list."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FeedError(
                _("{path} is larger than {size} MB").format(path=path, size=_megabytes())
            )
        data = path.read_bytes()
    except OSError as error:
        raise FeedError(
            _("{path} cannot be read: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    return services_in(_json(data, str(path)), str(path))


def services_in(data, where: str) -> list:
    """The services in a JSON value: a list, a page's ``contents``, or one service."""
    if isinstance(data, list):
        services = data
    elif isinstance(data, dict) and "contents" in data:
        services = data["contents"]
        if not isinstance(services, list):
            raise FeedError(_("{where}: contents should be a list").format(where=where))
    elif isinstance(data, dict) and ("id" in data or "name" in data):
        services = [data]
    else:
        raise FeedError(
            _("{where} holds no service, page of services or list of them").format(where=where)
        )
    if len(services) > MAX_SERVICES:
        raise FeedError(
            ngettext(
                "{where} holds more than %(num)d service",
                "{where} holds more than %(num)d services",
                MAX_SERVICES,
            ).format(where=where)
        )
    return services


def read_feed(address: str, per_page: int, progress=None) -> list:
    """Every service of the feed at ``address``, full, page by page. A query the address
    has (a key some feeds ask for: ``?api_key=…``) is sent with every request."""
    parts = urlsplit(address)
    base = urlunsplit(parts._replace(query="", fragment="")).rstrip("/")
    asked = parse_qsl(parts.query)
    about = get_json(_address(base, "/", asked))
    version = about.get("version") if isinstance(about, dict) else None
    if not isinstance(version, str) or not VERSION_RE.match(version.strip()):
        raise FeedError(
            _(
                "{url} is not an Open Referral UK 3.0 feed (its version is {version}, "
                "not HSDS-UK-3.0)"
            ).format(url=_address(base, "/", asked), version=str(version)[:40])
        )
    services, page, pages = [], 1, 1
    while page <= pages:
        paging = [("full", "true"), ("page", page), ("per_page", per_page)]
        url = _address(base, "/services", asked + paging)
        data = get_json(url)
        found = services_in(data, url) if isinstance(data, dict) else None
        if found is None or "contents" not in data:
            raise FeedError(_("{url} is not a page of services").format(url=url))
        services += [_full(base, asked, service) for service in found]
        if len(services) > MAX_SERVICES:
            raise FeedError(
                ngettext(
                    "The feed holds more than %(num)d service",
                    "The feed holds more than %(num)d services",
                    MAX_SERVICES,
                )
            )
        total = data.get("total_pages")
        if isinstance(total, int) and not isinstance(total, bool) and total > MAX_PAGES:
            raise FeedError(
                ngettext(
                    "The feed has more than %(num)d page: ask for more on each (--per-page)",
                    "The feed has more than %(num)d pages: ask for more on each (--per-page)",
                    MAX_PAGES,
                )
            )
        if isinstance(total, int) and not isinstance(total, bool):
            pages = total
        elif data.get("last_page") is False:
            pages = page + 1
        if progress:
            progress(page, pages)
        if not found or data.get("last_page") is True:
            break
        page += 1
    return services


def _address(base: str, path: str, query: list) -> str:
    return f"{base}{path}" + (f"?{urlencode(query)}" if query else "")


def _full(base: str, asked: list, service):
    """The full record of a service from a list (fetched when the list left it out)."""
    if not isinstance(service, dict) or any(key in service for key in NESTED):
        return service
    identifier = service.get("id")
    if not isinstance(identifier, str) or not re.fullmatch(r"[0-9A-Za-z-]{1,60}", identifier):
        return service  # the checks report a missing or strange id
    try:
        return get_json(_address(base, f"/services/{quote(identifier)}", asked))
    except FeedError as error:
        # A listing withdrawn from the feed is listed with only its id, name and status,
        # and has no page of its own: what the list says is all there is.
        if getattr(error.__cause__, "code", None) in (404, 410):
            return service
        raise


def get_json(url: str):
    """GET a JSON document, at most MAX_BYTES, within TIMEOUT_SECONDS."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FeedError(
            _("Only http and https addresses can be read, not {source}").format(source=url[:200])
        )
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked just above)
        url, headers={"Accept": "application/json", "User-Agent": "directory-app oruk import"}
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FeedError(
                    _("{url} is larger than {size} MB").format(url=url, size=_megabytes())
                )
            body = _read_bounded(response, url)
    except urllib.error.HTTPError as error:
        error.close()  # it holds the connection open until it is
        raise FeedError(
            _("{url} answered {status} {reason}").format(
                url=url, status=error.code, reason=error.reason
            )
        ) from error
    except urllib.error.URLError as error:
        raise FeedError(
            _("{url} cannot be reached: {reason}").format(url=url, reason=error.reason)
        ) from error
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as error:
        raise FeedError(
            _("{url} cannot be read: {reason}").format(url=url, reason=error)
        ) from error
    return _json(body, url)


def _read_bounded(response, url: str) -> bytes:
    """The body, refused past MAX_BYTES or when it takes longer than READ_SECONDS in all (a
    server sending a byte at a time would never trip the per-read timeout)."""
    deadline = time.monotonic() + READ_SECONDS
    chunks, size = [], 0
    # read1 returns what has arrived, so the deadline is checked as the bytes come.
    read = getattr(response, "read1", response.read)
    while chunk := read(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FeedError(_("{url} is larger than {size} MB").format(url=url, size=_megabytes()))
        if time.monotonic() > deadline:
            raise FeedError(
                _("{url} took longer than {seconds} seconds").format(url=url, seconds=READ_SECONDS)
            )
    return b"".join(chunks)


def _megabytes() -> str:
    return f"{MAX_BYTES / 1024 / 1024:g}"


def _json(data: bytes, where: str):
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(_("{where} is not JSON").format(where=where)) from error
