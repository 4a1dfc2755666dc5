"""The sitemaps: every public page in every shipped language, with its language versions.

Each page in each language is one ``<url>``, naming all its versions (``xhtml:link
hreflang``) and ``x-default`` as the page's own ``<link rel="alternate">`` do. At 100,000
listings in 21 languages that is millions of addresses, far over the 50,000 addresses and
50 MB one sitemap may hold, so ``/sitemap.xml`` is an index of numbered sitemaps
(``/sitemaps/<kind>-<n>.xml``), each holding the same number of pages. That number is worked
out from the longest address a page could have, so no sitemap can pass either limit; each
sitemap reads only its own rows (by id) and is written out as it goes.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

from sqlalchemy import Select, func, select

from directory_app.core.extensions import db
from directory_app.discovery.addresses import PageAddresses
from directory_app.discovery.listed import (
    listed_activities,
    listed_organisations,
    listed_venues,
)
from directory_app.domain.dates import aware
from directory_app.domain.vocabulary import CATEGORIES
from directory_app.web.input import MAX_ID

# The sitemap protocol's limits for one file (sitemaps.org): tests make them small.
MAX_URLS_PER_SITEMAP = 50_000
MAX_BYTES_PER_SITEMAP = 50 * 1024 * 1024
NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)
HEADER = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NAMESPACES}>\n'
FOOTER = "</urlset>\n"
INDEX_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_FOOTER = "</sitemapindex>\n"
# As long as any lastmod can be, for the size bound.
LONGEST_LASTMOD = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)

PAGES = "pages"


@dataclass(frozen=True)
class RecordKind:
    """Pages of one kind of record: the route, its id argument and which records."""

    endpoint: str
    argument: str
    records: Callable[[date], Select]


RECORD_KINDS = {
    "activities": RecordKind("directory.activity", "activity_id", listed_activities),
    "organisations": RecordKind("directory.organisation", "organisation_id", listed_organisations),
    "venues": RecordKind("directory.venue", "venue_id", listed_venues),
}
KINDS = (PAGES, *RECORD_KINDS)


def information_pages() -> list[tuple[str, dict]]:
    """(endpoint, values) of the pages that are not a listing: home, search, each
    category, the information pages and the page for partners who embed the directory."""
    return [
        ("directory.home", {}),
        ("directory.search", {}),
        *(("directory.category", {"code": term.code}) for term in CATEGORIES),
        ("pages.about", {}),
        ("pages.get_help", {}),
        ("pages.accessibility", {}),
        ("pages.privacy", {}),
        ("discovery.embed_build", {}),
    ]


@dataclass(frozen=True)
class SitemapFile:
    kind: str
    number: int
    lastmod: datetime | None


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _lastmod(moment: datetime | None) -> str:
    return aware(moment).astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def page_entries(addresses: PageAddresses, path: str, updated_at: datetime | None) -> str:
    """The ``<url>`` of a page in each language, each naming every language version."""
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{tag}" href="{_attribute(href)}"/>'
        for tag, href in addresses.alternates(path)
    )
    modified = f"<lastmod>{_lastmod(updated_at)}</lastmod>" if updated_at else ""
    return "".join(
        f"<url><loc>{escape(addresses.full(path, language))}</loc>{modified}{links}</url>\n"
        for language in addresses.languages
    )


def pages_per_sitemap(addresses: PageAddresses, kind: str) -> int:
    """How many pages (each in every language) one sitemap of this kind holds: as many as
    fit both limits when every address is as long as it could be."""
    if kind == PAGES:
        paths = [addresses.path(endpoint, **values) for endpoint, values in information_pages()]
    else:
        record = RECORD_KINDS[kind]
        paths = [addresses.path(record.endpoint, **{record.argument: MAX_ID})]
    largest = max(len(page_entries(addresses, path, LONGEST_LASTMOD).encode()) for path in paths)
    room = MAX_BYTES_PER_SITEMAP - len(HEADER) - len(FOOTER)
    return max(1, min(MAX_URLS_PER_SITEMAP // len(addresses.languages), room // largest))


def sitemap_files(addresses: PageAddresses, today: date) -> list[SitemapFile]:
    """Every sitemap there is, with the latest change to a page in each."""
    per_file = pages_per_sitemap(addresses, PAGES)
    count = -(-len(information_pages()) // per_file)
    files = [SitemapFile(PAGES, number, None) for number in range(1, count + 1)]
    for kind, record in RECORD_KINDS.items():
        per_file = pages_per_sitemap(addresses, kind)
        files += [
            SitemapFile(kind, chunk + 1, aware(latest) if latest else None)
            for chunk, latest in _chunks(record.records(today), per_file)
        ]
    return files


def _chunks(records: Select, per_file: int) -> list[tuple[int, datetime | None]]:
    """(chunk number from 0, latest update) for the records taken ``per_file`` at a time in
    id order: one query, which numbers the rows and groups them."""
    rows = records.subquery()
    numbered = select(
        rows.c.updated_at,
        ((func.row_number().over(order_by=rows.c.id) - 1) // per_file).label("chunk"),
    ).subquery()
    return db.session.execute(
        select(numbered.c.chunk, func.max(numbered.c.updated_at))
        .group_by(numbered.c.chunk)
        .order_by(numbered.c.chunk)
    ).all()


def sitemap_index(addresses: PageAddresses, files: list[SitemapFile]) -> Iterator[str]:
    """The sitemap index naming each sitemap, as text to send."""
    yield INDEX_HEADER
    for file in files:
        address = addresses.full(
            addresses.path("discovery.sitemap", kind=file.kind, number=file.number)
        )
        modified = f"<lastmod>{_lastmod(file.lastmod)}</lastmod>" if file.lastmod else ""
        yield f"<sitemap><loc>{escape(address)}</loc>{modified}</sitemap>\n"
    yield INDEX_FOOTER


def sitemap(addresses: PageAddresses, kind: str, number: int, today: date) -> Iterator[str] | None:
    """Sitemap ``number`` (from 1) of a kind as text to send, or None when there is none.

    Only this sitemap's rows are read (ids and times, a few hundred at 21 languages); its
    text is made page by page as it is sent.
    """
    per_file = pages_per_sitemap(addresses, kind)
    first = (number - 1) * per_file
    if kind == PAGES:
        chosen = information_pages()[first : first + per_file]
        pages = [(addresses.path(endpoint, **values), None) for endpoint, values in chosen]
    else:
        record = RECORD_KINDS[kind]
        found = db.session.execute(record.records(today).offset(first).limit(per_file)).all()
        pages = [
            (addresses.path(record.endpoint, **{record.argument: id_}), updated)
            for id_, updated in found
        ]
    if not pages:
        return None
    return _document(addresses, pages)


def _document(addresses: PageAddresses, pages: Iterable[tuple[str, datetime | None]]):
    yield HEADER
    for path, updated_at in pages:
        yield page_entries(addresses, path, updated_at)
    yield FOOTER
