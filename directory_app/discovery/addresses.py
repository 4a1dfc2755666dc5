"""Full addresses of public pages under ``PUBLIC_URL``, in each shipped language.

Every page names its language versions in ``<link rel="alternate" hreflang>`` (``base.html``,
through ``web.links.this_page_in``): English at ``/en/…``, each other language at its own
prefix, and the address without a prefix (which picks the visitor's language) as
``x-default``. The sitemaps, the structured data and the widget must name the very same
addresses, or a search engine sees two sets of pages. ``web.links.absolute_url``, made for
emails, leaves English unprefixed, so the addresses are built here, on the same URL map and
the same configured address, never the request's ``Host``.
"""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from babel import Locale
from flask import current_app

from directory_app.i18n.locale import available_locales
from directory_app.i18n.page_language import page_locale
from directory_app.i18n.url_prefix import locale_in_url, url_code

DEFAULT_TAG = "x-default"


@dataclass(frozen=True)
class Language:
    """A shipped language as addresses name it."""

    locale: str  # "en_GB", "pl"
    code: str  # its address prefix: "en", "pl"
    tag: str  # its hreflang: "en-GB", "pl"
    direction: str  # "ltr" or "rtl"
    name: str  # in itself: "Polski"


@lru_cache(maxsize=64)
def language(locale: str) -> Language:
    """What addresses and markup need of a locale (read once per process)."""
    parsed = Locale.parse(locale)
    name = parsed.get_language_name(parsed) or locale
    return Language(
        locale,
        url_code(locale),
        str(parsed).replace("_", "-"),
        parsed.text_direction,
        name[:1].upper() + name[1:],
    )


class PageAddresses:
    """Builds many pages' addresses quickly: the URL map is bound once, and each page's path
    is built once and then put under each language's prefix."""

    def __init__(self, locales: list[str] | None = None):
        public = urlsplit(current_app.config["PUBLIC_URL"])
        scheme = public.scheme or "https"
        self.base = f"{scheme}://{public.netloc}{public.path.rstrip('/')}"
        self.root_path = public.path.rstrip("/")
        self.languages = [language(locale) for locale in (locales or available_locales())]
        self._adapter = current_app.url_map.bind(
            public.netloc or "localhost", script_name="/", url_scheme=scheme
        )

    def path(self, endpoint: str, **values) -> str:
        """The page's path and query without any prefix: ``/activities/12``."""
        return self._adapter.build(endpoint, values)

    def full(self, path: str, in_language: Language | None = None) -> str:
        """The full address of a path in a language (``None``: without a prefix)."""
        prefix = "" if in_language is None else "/" + in_language.code
        return self.base + prefix + path

    def alternates(self, path: str) -> list[tuple[str, str]]:
        """(hreflang, address) for every shipped language, then ``x-default``: as the
        page's own ``<link rel="alternate">`` elements name them."""
        versions = [(each.tag, self.full(path, each)) for each in self.languages]
        return versions + [(DEFAULT_TAG, self.full(path))]

    def on_this_page(self, endpoint: str, **values) -> str:
        """The address in the language the page being served is shown in, as its
        ``hreflang`` alternate names it (so ``/en/…`` for English)."""
        return self.full(self.path(endpoint, **values), language(str(page_locale())))

    def as_addressed(self, endpoint: str, **values) -> str:
        """The address with the prefix this request came with, or none when it had none
        (so a link keeps leaving the choice of language to the visitor)."""
        prefixed = locale_in_url()
        chosen = language(prefixed) if prefixed else None
        return self.full(self.path(endpoint, **values), chosen)
