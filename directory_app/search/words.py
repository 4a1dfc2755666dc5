"""The words a resident typed, as search reads them: little words left out, each word's
needs-map words and close spellings, and "Did you mean …?" suggestions.

A query becomes *word groups* (``scoring``): one per word typed, each a list of options
(the word, or one of its needs-map words or phrases), each option a list of stems in any
text field, in any listing language where some listing uses it.
"""

import json
import re
from functools import lru_cache
from importlib.resources import files

from whoosh import spelling
from whoosh.lang import has_stopwords, stopwords_for_language

from directory_app.search.schema import (
    ENGLISH,
    TEXT_FIELD_BOOSTS,
    TRANSLATED_FIELD_BOOST,
    TRANSLATED_LANGUAGES,
    WORD_PATTERN,
    language_analyzer,
    translated_field,
)
from directory_app.search.scoring import Alternative, Option, WordGroup

# How much a needs-map word counts compared with the word the resident typed.
SYNONYM_WEIGHT = 0.5
FUZZY_WEIGHT = 0.6
_WORD_RE = re.compile(WORD_PATTERN)


@lru_cache(maxsize=1)
def needs_map() -> dict[str, list[str]]:
    """The curated needs/synonym map (``needs.json``), lowercased, all languages merged."""
    data = json.loads((files("directory_app.search") / "needs.json").read_text("utf-8"))
    merged: dict[str, list[str]] = {}
    for language, entries in data.items():
        if language.startswith("_"):
            continue
        for word, alternatives in entries.items():
            merged.setdefault(word.lower(), []).extend(alternatives)
    return merged


@lru_cache(maxsize=32)
def query_stop_words(language: str) -> frozenset[str]:
    """Words that say little about what someone wants ("I", "feel", "się", "me"), in English
    and in the page's language (one language only: an English word can be a stop word in
    another, like "care" in Romanian)."""
    data = json.loads((files("directory_app.search") / "query_stopwords.json").read_text("utf-8"))
    words = set(stopwords_for_language("en")) | set(data["en"])
    if language != "en":
        if has_stopwords(language):
            words |= set(stopwords_for_language(language))
        words |= set(data.get(language, []))
    return frozenset(word.lower() for word in words)


def words_of(text: str) -> list[str]:
    """The words in what the resident typed, lowercased, at most 12 of them."""
    return [word.lower().strip("'-") for word in _WORD_RE.findall(text)][:12]


def _stems(text: str) -> list[str]:
    return [token.text for token in ENGLISH(text)]


def _option(text: str, boost: float, searcher, fuzzy: bool) -> Option | None:
    """One way to satisfy a word: every stem of a word or phrase, in any text field.

    None when the text is only stop words.
    """
    stems = _stems(text)
    translated = _translated_alternatives(text, boost, searcher)
    if not stems:
        return [translated] if translated else None
    reader = searcher.reader()
    option = []
    for stem in stems:
        alternatives = [
            Alternative(name, stem, boost * weight) for name, weight in TEXT_FIELD_BOOSTS.items()
        ]
        if len(stems) == 1:
            alternatives += translated
        if fuzzy and len(stem) >= 4 and not translated and not _known_stem(searcher, stem):
            # A word no listing uses is probably misspelt: allow one edit, keeping its first letter.
            alternatives += [
                Alternative(name, close, boost * weight * FUZZY_WEIGHT)
                for name, weight in TEXT_FIELD_BOOSTS.items()
                for close in reader.terms_within(name, stem, 1, prefix=1)
                if close != stem
            ]
        option.append(alternatives)
    return option


def _translated_alternatives(word: str, boost: float, searcher) -> list[Alternative]:
    """The word as each language's analyzer sees it, where some listing uses it.

    Only terms that occur are kept, so a Polish word costs one lookup per language.
    """
    if len(words_of(word)) != 1:
        return []  # needs-map phrases are English
    reader = searcher.reader()
    found = []
    for language in TRANSLATED_LANGUAGES:
        name = translated_field(language)
        for token in language_analyzer(language)(word):
            if (name, token.text) in reader:
                found.append(Alternative(name, token.text, boost * TRANSLATED_FIELD_BOOST))
    return found


def _known_stem(searcher, stem: str) -> bool:
    reader = searcher.reader()
    return any(reader.doc_frequency(name, stem) for name in TEXT_FIELD_BOOSTS)


def word_groups(text: str, searcher, language: str = "en") -> list[tuple[str, WordGroup]]:
    """One group per word typed: the word (or a close spelling), or one of its needs words.

    Little words ("I", "feel", "się") are left out unless nothing else was typed.
    """
    words = words_of(text)
    stop_words = query_stop_words(language)
    words = [word for word in words if word not in stop_words] or words
    groups = []
    for word in words:
        options = [_option(word, 1.0, searcher, fuzzy=True)]
        for alternative in needs_map().get(word, []):
            options.append(_option(alternative, SYNONYM_WEIGHT, searcher, fuzzy=False))
        options = [option for option in options if option is not None]
        if options:
            groups.append((word, options))
    return groups


def spelling_suggestion(searcher, text: str) -> str | None:
    """A corrected version of the text, if any word is unknown and has a close match."""
    # The needs map's words first ("lonley" -> "lonely"), then words from the listings.
    # (Whoosh's MultiCorrector would merge them, but it mixes up scores and words.)
    correctors = [spelling.ListCorrector(sorted(needs_map())), searcher.corrector("spelling")]
    reader = searcher.reader()
    corrected = []
    changed = False
    for word in words_of(text):
        if len(word) < 3 or reader.doc_frequency("spelling", word) or word in needs_map():
            corrected.append(word)
            continue
        suggestions = [
            found
            for corrector in correctors
            for found in corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        ]
        if suggestions:
            corrected.append(suggestions[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None
