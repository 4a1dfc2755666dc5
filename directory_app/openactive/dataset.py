"""The dataset site's description of the feeds, for people and as schema.org Dataset JSON-LD.

OpenActive finds open data through dataset sites: one page per dataset, with its feeds,
licence and publisher in JSON-LD (``Dataset`` with a ``DataDownload`` per feed), as the
Dataset API Discovery specification and OpenActive's dataset site template lay out.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from directory_app.openactive.addresses import FeedAddresses
from directory_app.openactive.rpde import LICENSE
from directory_app.web.links import absolute_url
from directory_app.web.templating import setting_in_page_language

ENCODING = "application/vnd.openactive.rpde+json; version=1"
SCHEMA_VERSION = "https://openactive.io/modelling-opportunity-data/2.0/"
DOCUMENTATION = "https://permalink.openactive.io/dataset-site/open-data-documentation"
LANGUAGE = "en-GB"


@dataclass(frozen=True)
class Feed:
    kind: str  # the OpenActive type the feed holds
    type_url: str
    address: str


def feeds(addresses: FeedAddresses) -> tuple[Feed, ...]:
    """The dataset's feeds, in the order a consumer reads them (series before sessions)."""
    return (
        Feed("SessionSeries", "https://openactive.io/SessionSeries", addresses.series_feed),
        Feed("ScheduledSession", "https://openactive.io/ScheduledSession", addresses.sessions_feed),
    )


def dataset_name() -> str:
    """The dataset's name, in the page's language."""
    # i18n: the name of the open dataset; {service} is the directory's name.
    return _("{service}: physical activity sessions").format(
        service=setting_in_page_language("SERVICE_NAME")
    )


def dataset_description() -> str:
    """One sentence on what the dataset holds, in the page's language."""
    return _(
        "Walking groups, chair yoga, walking football, community gardening and other ways to"
        " be active, listed by local groups for social prescribing, with their times, venues,"
        " costs and access."
    )


def dataset_json_ld(addresses: FeedAddresses) -> dict:
    """The Dataset JSON-LD of the dataset site."""
    config = current_app.config
    return {
        "@context": ["https://schema.org/", "https://openactive.io/"],
        "@type": "Dataset",
        "@id": addresses.site,
        "url": addresses.site,
        "name": dataset_name(),
        "description": dataset_description(),
        "keywords": [
            _("Physical activity"),
            _("Social prescribing"),
            _("Sessions"),
            _("Community groups"),
            "OpenActive",
        ],
        "license": LICENSE,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": feed.kind,
                "additionalType": feed.type_url,
                "encodingFormat": ENCODING,
                "contentUrl": feed.address,
                "identifier": feed.kind,
            }
            for feed in feeds(addresses)
        ],
        "documentation": DOCUMENTATION,
        "inLanguage": [LANGUAGE],
        "schemaVersion": SCHEMA_VERSION,
        "publisher": {
            "@type": "Organization",
            "name": config["OPERATOR_NAME"],
            "url": absolute_url("directory.home"),
            "email": config["SERVICE_EMAIL"],
        },
    }
