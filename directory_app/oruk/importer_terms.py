"""A feed's taxonomy terms, languages and costs in our own vocabulary.

A term is ours when its code, its name (our English label) or the last part of its
``term_uri`` is one of our codes; its ``taxonomy`` (when it names categories, audiences or
accessibility) says which list to look in. Terms of other taxonomies are left out, with
a note, rather than mapped by guesswork.
"""

from functools import cache
from urllib.parse import parse_qsl, urlsplit

from babel import Locale, UnknownLocaleError
from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app.domain.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    AUDIENCES,
    CATEGORIES,
    COST_TYPES,
)
from directory_app.i18n.labels import language_name
from directory_app.oruk.importer_values import Fields

VOCABULARIES = {"categories": CATEGORIES, "audiences": AUDIENCES, "access": ACCESS_FEATURES}
# Words in a term's ``taxonomy`` that name one of our lists.
TAXONOMY_HINTS = {"categor": "categories", "audience": "audiences", "access": "access"}
MAX_TERMS = 100
MAX_LANGUAGES = 40
HIGHEST_PRICE = 1000  # pounds; the CSV import's limit too (100,000 pence)
NOTES_LENGTH = 300  # Activity.cost_notes
PAY_WHAT_YOU_CAN = ("pay what you can", "pay-what-you-can", "donation")


def _simple(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


@cache
def _names() -> dict[str, dict[str, str]]:
    """{list: {code or English label, simplified: code}} for each of our vocabularies."""
    with force_locale("en"):
        return {
            name: {
                **{_simple(str(term.label)): term.code for term in terms},
                **{_simple(term.code): term.code for term in terms},
            }
            for name, terms in VOCABULARIES.items()
        }


def read_terms(fields: Fields, data: dict, path: str) -> dict[str, list[str]] | None:
    """{list: [codes]} from ``attributes`` (each with a ``taxonomy_term``), or None when the
    feed gave no attributes. Terms that are not ours are noted and left out."""
    if not fields.present(data, "attributes"):
        return None
    names = _names()
    found = {name: [] for name in VOCABULARIES}
    for item_path, attribute in fields.items(data, "attributes", f"{path}attributes", MAX_TERMS):
        term = fields.object(attribute, "taxonomy_term", f"{item_path}.taxonomy_term")
        if term is None:
            continue
        match = _match(fields, term, f"{item_path}.taxonomy_term", names)
        if match is None:
            label = fields.text(term, "name", f"{item_path}.taxonomy_term.name", 80)
            fields.note(
                f"{item_path}.taxonomy_term",
                _("'{term}' is not one of our categories, audiences or access features").format(
                    term=label or "?"
                ),
            )
        elif match[1] not in found[match[0]]:
            found[match[0]].append(match[1])
    return found


def _match(fields: Fields, term: dict, path: str, names) -> tuple[str, str] | None:
    taxonomy = _simple(fields.text(term, "taxonomy", f"{path}.taxonomy", 200))
    lists = [name for hint, name in TAXONOMY_HINTS.items() if hint in taxonomy] or list(names)
    uri = fields.text(term, "term_uri", f"{path}.term_uri", 300)
    candidates = [
        fields.text(term, "code", f"{path}.code", 80),
        fields.text(term, "term", f"{path}.term", 200),
        fields.text(term, "name", f"{path}.name", 200),
        urlsplit(uri).path.rstrip("/").rsplit("/", 1)[-1] if uri else "",
        # Our own feed's terms link to the search filtered by them ("/search?for=carers").
        *(value for _name, value in parse_qsl(urlsplit(uri).query)[:5]),
    ]
    for candidate in filter(None, map(_simple, candidates)):
        for name in lists:
            if candidate in names[name]:
                return name, names[name][candidate]
    return None


def access_feature_named(text: str) -> str | None:
    """The access feature whose code or English label this text is, or None."""
    return _names()["access"].get(_simple(text)) if text else None


@cache
def _language_names() -> dict[str, str]:
    names = {}
    with force_locale("en"):
        for code in ACTIVITY_LANGUAGES:
            names[code] = code
            names[_simple(language_name(code))] = code
            names[_simple(language_name(code, in_own_language=True))] = code
    names.update({"bsl": "bfi", "sgn-gb": "bfi"})
    return names


def read_languages(fields: Fields, service: dict) -> list[str] | None:
    """Our codes of the languages spoken (by ``code``, else ``name``), or None when the feed
    gave none. Languages we do not list are noted and left out."""
    if not fields.present(service, "languages"):
        return None
    names = _language_names()
    codes = []
    for path, language in fields.items(service, "languages", "languages", MAX_LANGUAGES):
        code = _simple(fields.text(language, "code", f"{path}.code", 20))
        name = _simple(fields.text(language, "name", f"{path}.name", 100))
        found = names.get(code) or names.get(code.split("-")[0]) or names.get(name)
        if found is None and _valid_locale(code.split("-")[0]) in names:
            found = names[_valid_locale(code.split("-")[0])]
        if found is None:
            if code or name:
                fields.note(
                    path,
                    _("'{language}' is not one of the languages we list").format(
                        language=code or name
                    ),
                )
            continue
        if found not in codes:
            codes.append(found)
    return codes


def _valid_locale(code: str) -> str:
    """A three-letter ISO 639 code's two-letter form where Babel knows it ("pol" is "pl")."""
    try:
        return str(Locale.parse(code).language) if code else ""
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        return ""


@cache
def _cost_types() -> dict[str, str]:
    """Our cost types by their codes and English labels ("Free", "Fixed price"…), simplified."""
    with force_locale("en"):
        names = {_simple(str(term.label)): term.code for term in COST_TYPES}
    return {**names, **{_simple(term.code): term.code for term in COST_TYPES}}


def read_cost(fields: Fields, service: dict) -> dict | None:
    """cost_type, cost_pence and cost_notes from ``cost_options`` (else ``fees``), or None
    when the feed says nothing about cost.

    An option named as one of our cost types ("Pay what you can", as our own feed names
    them) is that type. Otherwise an amount above 0 is a fixed price (the lowest, with every
    option in the notes); an amount of 0, no cost at all, or fees that say free, is free;
    words such as "donation" are pay what you can; fees in words alone are a price we cannot
    read, so fixed, with the words in the notes.
    """
    if not fields.present(service, "cost_options") and not fields.present(service, "fees"):
        return None
    amounts, notes, named = [], [], []
    types = _cost_types()
    for path, option in fields.items(service, "cost_options", "cost_options", MAX_TERMS):
        amount = fields.amount(option, "amount", f"{path}.amount", HIGHEST_PRICE)
        label = fields.text(option, "option", f"{path}.option", NOTES_LENGTH)
        if _simple(label) in types:
            named.append(types[_simple(label)])
        elif label and label not in notes:
            notes.append(label)
        text = fields.text(option, "amount_description", f"{path}.amount_description", 300)
        if text and text not in notes:
            notes.append(text)
        if amount is not None:
            amounts.append(amount)
    fees = fields.text(service, "fees", "fees", NOTES_LENGTH)
    if fees and fees not in notes and _simple(fees) != "free":
        notes.append(fees)
    text = "; ".join(notes)[:NOTES_LENGTH].rstrip()
    prices = [round(amount * 100) for amount in amounts if amount]
    price = min(prices) if prices else None
    said = _simple(" ".join([text, fees]))
    if len(set(named)) == 1:
        cost_type = named[0]
    elif prices:
        cost_type = "fixed"
    elif any(word in said for word in PAY_WHAT_YOU_CAN):
        cost_type = "pay-what-you-can"
    elif amounts or not fees or "free" in said:
        cost_type = "free"
    else:
        cost_type = "fixed"
    return {
        "cost_type": cost_type,
        "cost_pence": None if cost_type == "free" else price,
        "cost_notes": text,
    }
