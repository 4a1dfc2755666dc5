"""What a resident's words ask for: needs, a place, "free", and the words left to search.

"walking football near RM10" is a search for walking football near RM10; "E8" alone is a
place; "art class free" is art, free of charge; "mam doła" is the need "low-mood". This
module only reads the words; ``words`` turns them into what the index is asked.
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from whoosh.lang import has_stopwords, stopwords_for_language

from directory_app.search.folding import fold
from directory_app.search.needs import NeedFound, find_needs, languages_with_words
from directory_app.search.schema import WORD_PATTERN

MAX_WORDS = 12
_WORD_RE = re.compile(WORD_PATTERN)
# A postcode or an outward code among other words ("near RM10", "E8 1AG").
_PLACE_RE = re.compile(
    r"(?<![\w-])([A-Za-z]{1,2}[0-9][0-9A-Za-z]?)(?:\s*([0-9][A-Za-z]{2}))?(?![\w-])"
)


@dataclass
class Understood:
    # The words typed (lowercased, at most MAX_WORDS), less any place.
    words: list[str] = field(default_factory=list)
    needs: list[NeedFound] = field(default_factory=list)
    # Words that are not part of a need, a filter or a little word: searched as they are.
    plain: list[str] = field(default_factory=list)
    # Only little words were typed: they are searched, so the page is not "everything".
    only_little_words: bool = False
    free: bool = False


def words_of(text: str) -> list[str]:
    """The words in what the resident typed, lowercased, at most MAX_WORDS of them."""
    words = (word.lower().strip("'-") for word in _WORD_RE.findall(text))
    return [_without_possessive(word) for word in words if word][:MAX_WORDS]


def _without_possessive(word: str) -> str:
    # "men's group" is a group for men; the index's English stemmer does the same.
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


def split_place(text: str) -> tuple[str | None, str]:
    """A postcode or outward code typed among the words, and the words without it (and
    without a "near" or "in" just before it)."""
    for match in _PLACE_RE.finditer(text):
        outward, inward = match.group(1), match.group(2)
        if not any(character.isdigit() for character in outward[1:]):
            continue
        place = f"{outward} {inward}".upper() if inward else outward.upper()
        before = text[: match.start()]
        before = re.sub(r"(?i)(?:\b(?:near|in|around|close to|by)\s*)$", "", before.rstrip())
        return place, f"{before} {text[match.end() :]}".strip()
    return None, text


def _data() -> dict:
    return json.loads((files("directory_app.search") / "query_stopwords.json").read_text("utf-8"))


@lru_cache(maxsize=64)
def query_stop_words(language: str) -> frozenset[str]:
    """Words that say little about what someone wants ("I", "feel", "się", "me"), in English
    and in the page's language (one language only: an English word can be a stop word in
    another, like "care" in Romanian), folded as typed words are."""
    data = _data()
    words = set(stopwords_for_language("en")) | set(data["en"])
    if language != "en":
        if has_stopwords(language):
            words |= set(stopwords_for_language(language))
        words |= set(data.get(language, []))
    return frozenset(fold(word.lower()) for word in words)


@lru_cache(maxsize=64)
def free_words(language: str) -> frozenset[str]:
    """Words that mean "free of charge", in English and the page's language."""
    free = _data().get("_free", {})
    return frozenset(fold(word) for word in (*free.get("en", ()), *free.get(language, ())))


def need_languages(language: str) -> tuple[str, ...]:
    """The order the needs map's languages are tried in: the page's, English, the rest."""
    first = (language, "en") if language != "en" else ("en",)
    return first + tuple(code for code in languages_with_words() if code not in first)


def understand(text: str, language: str) -> Understood:
    words = words_of(text)
    understood = Understood(words=words)
    if not words:
        return understood
    folded = [fold(word) for word in words]
    free = free_words(language)
    if any(word in free for word in folded) and len(words) > 1:
        understood.free = True
        keep = [i for i, word in enumerate(folded) if word not in free]
        words, folded = [words[i] for i in keep], [folded[i] for i in keep]
        understood.words = words  # positions of needs below are in these words
    stop_words = query_stop_words(language)
    little = frozenset(i for i, word in enumerate(folded) if word in stop_words)
    understood.needs = find_needs(words, need_languages(language), little)
    in_needs = {i for found in understood.needs for i in range(found.start, found.end)}
    understood.plain = [
        word for i, word in enumerate(words) if i not in in_needs and folded[i] not in stop_words
    ]
    if not understood.needs and not understood.plain:
        understood.plain = words
        understood.only_little_words = True
    return understood
