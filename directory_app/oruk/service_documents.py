"""Activities as Open Referral services, and groups as organizations.

A service's words are the listing's own, in English (``fields.english_text``). Beyond the UK
profile's fields, a few of HSDS 3.0's own carry what a resident needs and the profile has
no place for: ``eligibility_description`` (who it is for, in the group's words),
``application_process`` (booking and what happens on a first visit), a language's ``name``
and ``code``, a contact's ``email`` and ``phones``, and a cost's ``currency``.
"""

from functools import lru_cache

from flask import current_app
from flask_babel import force_locale

from directory_app.i18n.labels import language_name
from directory_app.oruk.fields import english_text, paragraphs, pounds, present, timestamp
from directory_app.oruk.identifiers import part_id
from directory_app.oruk.location_documents import location_document, location_summary
from directory_app.oruk.schedule_documents import schedules
from directory_app.oruk.taxonomies import attribute, taxonomy_named
from directory_app.oruk.withdrawals import last_modified
from directory_app.web.links import absolute_url

COST_OPTIONS = {"free": "Free", "pay-what-you-can": "Pay what you can", "fixed": "Fixed price"}
# England and Wales's charity register, in the org-id.guide list of identifier schemes.
CHARITY_SCHEME = "GB-CHC"


def web_address(text: str | None) -> str | None:
    """A website as a full URL: groups often write "www.example.org" without the scheme."""
    text = (text or "").strip()
    if not text:
        return None
    return text if "://" in text else f"https://{text}"


@lru_cache(maxsize=128)
def english_language_name(code: str) -> str:
    """A language's name in English ("Polish"), the feed's language."""
    with force_locale("en"):
        return language_name(code)


def organization_summary(organisation) -> dict:
    """An organization's own fields. The standard requires a description: a group that has
    written none is described by its name."""
    return present(
        id=str(organisation.public_id),
        name=organisation.name,
        description=organisation.description.strip() or organisation.name,
        email=organisation.email,
        website=web_address(organisation.website),
    )


def organization_identifiers(organisation) -> list[dict]:
    """The group's charity number, as an org-id.guide identifier."""
    if not organisation.charity_number:
        return []
    return [
        {
            "id": str(part_id(organisation.public_id, "identifier", CHARITY_SCHEME)),
            "organization_id": str(organisation.public_id),
            "identifier_scheme": CHARITY_SCHEME,
            "identifier_type": "Charity number",
            "identifier": organisation.charity_number,
        }
    ]


def organization_document(organisation, services: list[dict]) -> dict:
    """An organization with its identifiers and its public services."""
    return present(
        **organization_summary(organisation),
        organization_identifiers=organization_identifiers(organisation),
        services=services,
    )


# Built once per address: building each listing's link afresh was a tenth of a page's time.
_ANY_ID = 918273645


@lru_cache(maxsize=8)
def _page_url_template(public_url: str) -> str | None:
    template = absolute_url("directory.activity", activity_id=_ANY_ID)
    return template if template.count(str(_ANY_ID)) == 1 else None


def _page_url(activity) -> str:
    """The listing's page on our site."""
    template = _page_url_template(current_app.config["PUBLIC_URL"])
    if template is None:
        return absolute_url("directory.activity", activity_id=activity.id)
    return template.replace(str(_ANY_ID), str(activity.id))


def _application_process(activity, first_visit: str) -> str:
    booking = "Booking is required." if activity.booking_required else ""
    return paragraphs(booking, activity.booking_notes, first_visit)


def service_summary(activity, today, translation=None, with_organization: bool = True) -> dict:
    """A service's one-to-one fields (and its organization's), as lists show it."""
    text = english_text(activity, translation)
    return present(
        id=str(activity.public_id),
        organization_id=str(activity.organisation.public_id),
        name=text.title,
        description=paragraphs(text.summary, text.description),
        url=web_address(activity.contact_website) or _page_url(activity),
        email=activity.contact_email,
        status="active",
        minimum_age=activity.age_min,
        maximum_age=activity.age_max,
        eligibility_description=activity.audience_notes,
        application_process=_application_process(activity, text.first_visit),
        assured_date=activity.last_confirmed_on.isoformat() if activity.last_confirmed_on else None,
        last_modified=timestamp(last_modified(activity, today)),
        organization=organization_summary(activity.organisation) if with_organization else None,
    )


def withdrawn_service(activity, today, status: str) -> dict:
    """A withdrawn listing in a ``modified_after`` list: enough to remove or mark it."""
    return {
        "id": str(activity.public_id),
        "name": activity.title,
        "status": status,
        "last_modified": timestamp(last_modified(activity, today)),
    }


def cost_options(activity) -> list[dict]:
    """What it costs: free (0), pay what you can, or a fixed price in pounds."""
    amount = 0 if activity.cost_type == "free" else pounds(activity.cost_pence)
    return [
        present(
            id=str(part_id(activity.public_id, "cost_option", 0)),
            option=COST_OPTIONS.get(activity.cost_type),
            amount=amount,
            currency="GBP" if amount is not None else None,
            amount_description=activity.cost_notes,
        )
    ]


def languages(activity) -> list[dict]:
    """The languages spoken at the activity."""
    return [
        {
            "id": str(part_id(activity.public_id, "language", code)),
            "name": english_language_name(code),
            "code": code,
        }
        for code in activity.language_codes
    ]


def contacts(activity) -> list[dict]:
    """The listing's contact: a name, an email and a phone, as far as it gives them."""
    if not (activity.contact_name or activity.contact_phone or activity.contact_email):
        return []
    phone = present(
        id=str(part_id(activity.public_id, "phone", 0)), number=activity.contact_phone.strip()
    )
    return [
        present(
            id=str(part_id(activity.public_id, "contact", 0)),
            name=activity.contact_name,
            email=activity.contact_email,
            phones=[phone] if "number" in phone else [],
        )
    ]


def attributes(activity) -> list[dict]:
    """The listing's categories and audiences as attributes."""
    categories, audiences = taxonomy_named("categories"), taxonomy_named("audiences")
    return [attribute(activity.public_id, categories, code) for code in activity.category_codes] + [
        attribute(activity.public_id, audiences, code) for code in activity.audience_codes
    ]


def at_venue(activity) -> dict:
    """The ids linking an activity to its venue (an Open Referral service_at_location)."""
    return {
        "id": str(activity.at_venue_public_id),
        "service_id": str(activity.public_id),
        "location_id": str(activity.venue.public_id),
    }


def shared_location(venue, seen: dict | None) -> dict:
    """A venue's location document, made once for all the services on a page held there."""
    if seen is None:
        return location_document(venue)
    if venue.id not in seen:
        seen[venue.id] = location_document(venue)
    return seen[venue.id]


def service_document(
    activity, today, translation=None, with_locations: bool = True, seen: dict | None = None
) -> dict:
    """A fully nested service, as ``/services/{id}`` gives it. ``seen`` keeps the location
    documents already made for a page (never changed once made)."""
    summary = service_summary(activity, today, translation, with_organization=False)
    organisation = activity.organisation
    locations = []
    if with_locations and activity.venue is not None:
        location = shared_location(activity.venue, seen)
        locations = [{**at_venue(activity), "location": location}]
    return present(
        **summary,
        organization=present(
            **organization_summary(organisation),
            organization_identifiers=organization_identifiers(organisation),
        ),
        schedules=schedules(activity, _page_url(activity)),
        service_at_locations=locations,
        languages=languages(activity),
        cost_options=cost_options(activity),
        contacts=contacts(activity),
        attributes=attributes(activity),
    )


def service_at_location_summary(activity, today, translation=None) -> dict:
    """A service at a location as lists show it: both records' own fields."""
    return {
        **at_venue(activity),
        "service": service_summary(activity, today, translation),
        "location": location_summary(activity.venue),
    }


def service_at_location_document(activity, today, translation=None, seen=None) -> dict:
    """A fully nested service at a location: the whole service and the whole location."""
    return {
        **at_venue(activity),
        "service": service_document(activity, today, translation, with_locations=False),
        "location": shared_location(activity.venue, seen),
    }
