"""Our three vocabularies as Open Referral taxonomies: categories, audiences, accessibility.

Each code of ``domain.vocabulary`` is a taxonomy term with a stable UUID (``identifiers``),
its English label as the name, and a ``term_uri``: the page of our site that lists the
activities with that term (a category's own page, or the search filtered by the audience
or the accessibility feature), always under ``PUBLIC_URL``. Feed texts are English, the
language the vocabulary is written in, whatever language the request's page would be in.
"""

import uuid
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale

from directory_app.domain.vocabulary import ACCESS_FEATURES, AUDIENCES, CATEGORIES
from directory_app.oruk.identifiers import part_id, taxonomy_id, term_id
from directory_app.web.links import absolute_url


@dataclass(frozen=True)
class Taxonomy:
    """One of our vocabularies as a taxonomy, and where its terms' pages are."""

    name: str
    title: str
    description: str
    terms: tuple
    link_type: str
    # The search page's parameter for a term (None: the category page, by code).
    search_parameter: str | None

    @property
    def id(self) -> uuid.UUID:
        return taxonomy_id(self.name)


TAXONOMIES = (
    Taxonomy(
        "categories",
        "Activity categories",
        "What kind of activity a listing is, as residents browse the directory.",
        CATEGORIES,
        "category",
        None,
    ),
    Taxonomy(
        "audiences",
        "Who activities are for",
        "The people an activity is meant for, as its group describes them.",
        AUDIENCES,
        "audience",
        "for",
    ),
    Taxonomy(
        "accessibility",
        "Venue accessibility features",
        "What a venue offers for access: step-free entrances, hearing loops, quiet spaces.",
        ACCESS_FEATURES,
        "accessibility",
        "access",
    ),
)
_BY_NAME = {taxonomy.name: taxonomy for taxonomy in TAXONOMIES}
_BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}
_TERMS_BY_ID = {
    term_id(taxonomy.name, term.code): (taxonomy, term.code)
    for taxonomy in TAXONOMIES
    for term in taxonomy.terms
}
TERM_DESCRIPTIONS = {
    "categories": "Activities in the category “{label}”.",
    "audiences": "Activities for: {label}.",
    "accessibility": "Venues with: {label}.",
}


def taxonomy_named(name: str) -> Taxonomy:
    """One of our taxonomies by its name ("categories", "audiences", "accessibility")."""
    return _BY_NAME[name]


def taxonomy_by_id(identifier: uuid.UUID) -> Taxonomy | None:
    """The taxonomy with this id, or None."""
    return _BY_ID.get(identifier)


def term_by_id(identifier: uuid.UUID) -> tuple[Taxonomy, str] | None:
    """(taxonomy, code) of the term with this id, or None."""
    return _TERMS_BY_ID.get(identifier)


def all_terms() -> list[tuple[Taxonomy, str]]:
    """Every term of every taxonomy, in a fixed order (taxonomy, then vocabulary order)."""
    return [(taxonomy, term.code) for taxonomy in TAXONOMIES for term in taxonomy.terms]


@lru_cache(maxsize=256)
def english_label(taxonomy_name: str, code: str) -> str:
    """A term's label in English, the feed's language, whatever the page's would be."""
    term = next(term for term in _BY_NAME[taxonomy_name].terms if term.code == code)
    with force_locale("en"):
        return str(term.label)


def term_document(taxonomy: Taxonomy, code: str) -> dict:
    """A taxonomy_term: shared between the records that use it, so never to be changed."""
    return _term_document(taxonomy.name, code, current_app.config["PUBLIC_URL"])


@lru_cache(maxsize=1024)
def _term_document(taxonomy_name: str, code: str, public_url: str) -> dict:
    # Keyed by PUBLIC_URL too: the term's address is built from it.
    taxonomy = _BY_NAME[taxonomy_name]
    label = english_label(taxonomy_name, code)
    if taxonomy.search_parameter is None:
        uri = absolute_url("directory.category", code=code)
    else:
        uri = absolute_url("directory.search", **{taxonomy.search_parameter: code})
    return {
        "id": str(term_id(taxonomy_name, code)),
        "code": code,
        "name": label,
        "term": label,
        "description": TERM_DESCRIPTIONS[taxonomy_name].format(label=label),
        "taxonomy": taxonomy.title,
        "taxonomy_id": str(taxonomy.id),
        "term_uri": uri,
        "language": "en",
    }


def taxonomy_document(taxonomy: Taxonomy, with_terms: bool = False) -> dict:
    """A taxonomy, with its terms when asked (``/taxonomies/{id}``)."""
    document = {
        "id": str(taxonomy.id),
        "name": taxonomy.title,
        "description": taxonomy.description,
        "uri": absolute_url("oruk.taxonomy", taxonomy_id=str(taxonomy.id)),
    }
    if with_terms:
        document["taxonomy_terms"] = [term_document(taxonomy, term.code) for term in taxonomy.terms]
    return document


def attribute(parent: uuid.UUID, taxonomy: Taxonomy, code: str) -> dict:
    """An attribute linking a record (by its public id) to one of our terms."""
    term = term_id(taxonomy.name, code)
    return {
        "id": str(part_id(parent, f"attribute:{taxonomy.name}", code)),
        "link_id": str(parent),
        "link_type": taxonomy.link_type,
        "taxonomy_term_id": str(term),
        "taxonomy_term": term_document(taxonomy, code),
    }
