"""The feed's lists and records as plain data: what each endpoint returns, without HTTP.

Lists come in the standard's envelope (``envelope``). Services come in three sizes: the
list's one-to-one fields with the organization (the default), ``minimal`` (the service's
own fields only) and ``full`` (nested as ``/services/{id}``).
"""

import math
import uuid
from datetime import date, datetime

from directory_app.models import Activity
from directory_app.oruk import organisation_queries, queries
from directory_app.oruk.parameters import Paging, ServiceFilters
from directory_app.oruk.service_documents import (
    organization_document,
    organization_summary,
    service_at_location_document,
    service_at_location_summary,
    service_document,
    service_summary,
    withdrawn_service,
)
from directory_app.oruk.taxonomies import (
    TAXONOMIES,
    all_terms,
    taxonomy_by_id,
    taxonomy_document,
    term_by_id,
    term_document,
)
from directory_app.oruk.withdrawals import withdrawn_status

SERVICE_VIEWS = ("list", "minimal", "full")


def envelope(total: int, paging: Paging, contents: list) -> dict:
    """A page in the standard's envelope. An empty list still has one (empty) page, so a
    client can always ask for page ``total_pages``."""
    total_pages = max(1, math.ceil(total / paging.per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def services_page(
    filters: ServiceFilters, paging: Paging, view: str, today: date, now: datetime
) -> dict:
    """A page of ``/services``: public listings, and with ``modified_after`` the listings
    withdrawn since then too (``withdrawals``)."""
    found = queries.service_ids(filters, paging, today, now)
    activities = queries.load_activities(found.ids, full=view == "full", venues=view == "full")
    english = queries.english_texts(activities)
    contents, seen = [], {}
    for activity in activities:
        status = withdrawn_status(activity, today)
        translation = english.get(activity.id)
        if status is not None:
            contents.append(withdrawn_service(activity, today, status))
        elif view == "full":
            contents.append(service_document(activity, today, translation, seen=seen))
        else:
            contents.append(
                service_summary(activity, today, translation, with_organization=view == "list")
            )
    return envelope(found.total, paging, contents)


def service(public_id: uuid.UUID, today: date) -> dict | None:
    """A public service, fully nested; None for any other id."""
    activity = queries.public_activity(Activity.public_id, public_id, today)
    if activity is None:
        return None
    translation = queries.english_texts([activity]).get(activity.id)
    return service_document(activity, today, translation)


def service_at_locations_page(
    filters: ServiceFilters, paging: Paging, full: bool, today: date, now: datetime
) -> dict:
    """A page of ``/service_at_locations``: public listings held at a venue."""
    found = queries.service_ids(filters, paging, today, now, at_venues=True)
    activities = queries.load_activities(found.ids, full=full)
    english = queries.english_texts(activities)
    seen = {}
    contents = [
        service_at_location_document(activity, today, english.get(activity.id), seen)
        if full
        else service_at_location_summary(activity, today, english.get(activity.id))
        for activity in activities
    ]
    return envelope(found.total, paging, contents)


def service_at_location(public_id: uuid.UUID, today: date) -> dict | None:
    """A public service at its venue, fully nested; None for any other id."""
    activity = queries.public_activity(Activity.at_venue_public_id, public_id, today)
    if activity is None or activity.venue is None:
        return None
    translation = queries.english_texts([activity]).get(activity.id)
    return service_at_location_document(activity, today, translation)


def organizations_page(paging: Paging, today: date) -> dict:
    """A page of ``/organizations``: the groups with public listings."""
    total, organisations = organisation_queries.organisations_page(paging, today)
    return envelope(total, paging, [organization_summary(org) for org in organisations])


def organization(public_id: uuid.UUID, today: date, full_service: bool) -> dict | None:
    """An organization with its public services (fully nested with ``full_service``)."""
    found = organisation_queries.public_organisation(public_id, today)
    if found is None:
        return None
    activities = organisation_queries.public_activities_of(found, today, full=full_service)
    english = queries.english_texts(activities)
    if full_service:
        seen = {}
        services = [service_document(a, today, english.get(a.id), seen=seen) for a in activities]
    else:
        services = [
            service_summary(a, today, english.get(a.id), with_organization=False)
            for a in activities
        ]
    return organization_document(found, services)


def _page_of(items: list, paging: Paging) -> list:
    return items[paging.offset : paging.offset + paging.per_page]


def taxonomies_page(paging: Paging) -> dict:
    """A page of our three taxonomies."""
    contents = [taxonomy_document(taxonomy) for taxonomy in _page_of(list(TAXONOMIES), paging)]
    return envelope(len(TAXONOMIES), paging, contents)


def taxonomy(identifier: uuid.UUID) -> dict | None:
    """A taxonomy with its terms; None for any other id."""
    found = taxonomy_by_id(identifier)
    return taxonomy_document(found, with_terms=True) if found is not None else None


def taxonomy_terms_page(paging: Paging, taxonomy_id: uuid.UUID | None = None) -> dict:
    """A page of every term (or, given ``taxonomy_id``, that taxonomy's terms)."""
    terms = [(tax, code) for tax, code in all_terms() if taxonomy_id in (None, tax.id)]
    contents = [term_document(tax, code) for tax, code in _page_of(terms, paging)]
    return envelope(len(terms), paging, contents)


def taxonomy_term(identifier: uuid.UUID) -> dict | None:
    """A taxonomy term; None for any other id."""
    found = term_by_id(identifier)
    return term_document(*found) if found is not None else None
