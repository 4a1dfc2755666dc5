"""robots.txt, the sitemaps, the partners' widget and the structured data listing pages
carry. Views parse the request, call a service, render."""

from flask import Blueprint, abort, current_app, make_response, render_template, request

from directory_app.discovery import robots, widget
from directory_app.discovery import sitemap as sitemaps
from directory_app.discovery.addresses import PageAddresses, language
from directory_app.discovery.event_data import activity_data
from directory_app.discovery.responses import frameable, plain_text, streamed_xml
from directory_app.discovery.structured_data import organisation_data, script_element, venue_data
from directory_app.domain.dates import local_now, local_today
from directory_app.domain.vocabulary import CATEGORIES
from directory_app.i18n.locale import available_locales

blueprint = Blueprint("discovery", __name__)


@blueprint.get("/robots.txt")
def robots_txt():
    return plain_text(robots.robots_txt(current_app, PageAddresses()))


@blueprint.get("/sitemap.xml")
def sitemap_index():
    addresses = PageAddresses()
    files = sitemaps.sitemap_files(addresses, local_today())
    return streamed_xml(sitemaps.sitemap_index(addresses, files))


@blueprint.get("/sitemaps/<any(pages, activities, organisations, venues):kind>-<int:number>.xml")
def sitemap(kind: str, number: int):
    document = sitemaps.sitemap(PageAddresses(), kind, number, local_today())
    if document is None:
        abort(404)
    return streamed_xml(document)


@blueprint.get("/embed")
def embed():
    """The widget, for a frame on a partner's site."""
    options = widget.read_options(request.args, available_locales())
    addresses = PageAddresses()
    response = make_response(
        render_template(
            "discovery/embed.html",
            options=options,
            heading=widget.widget_heading(options),
            coming_up=widget.coming_up(options, local_now()),
            search_url=addresses.as_addressed("directory.search"),
            all_url=addresses.as_addressed("directory.search", **options.search_values()),
            addresses=addresses,
        )
    )
    return frameable(response)


@blueprint.get("/embed/build")
def embed_build():
    """Partners choose what their widget shows and copy the code to paste."""
    locales = available_locales()
    options = widget.read_options(request.args, locales)
    return render_template(
        "discovery/build.html",
        options=options,
        boroughs=widget.borough_names(),
        categories=CATEGORIES,
        count_choices=widget.COUNT_CHOICES,
        widget_languages=[language(locale) for locale in locales],
        visitors_language=widget.VISITORS_LANGUAGE,
        snippet=widget.snippet(options, PageAddresses()) if request.args else None,
    )


@blueprint.app_template_global()
def activity_structured_data(activity):
    """The activity page's ``<script type="application/ld+json">``."""
    return script_element(activity_data(activity, PageAddresses(), local_now()))


@blueprint.app_template_global()
def organisation_structured_data(organisation):
    """The organisation page's ``<script type="application/ld+json">``."""
    return script_element(organisation_data(organisation, PageAddresses()))


@blueprint.app_template_global()
def venue_structured_data(venue):
    """The venue page's ``<script type="application/ld+json">``."""
    return script_element(venue_data(venue, PageAddresses()))
