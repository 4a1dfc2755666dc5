"""The needs map: what residents type for each reason they look for help, in every language.

The data lives in ``needs/``: ``_needs.json`` names each need, what it points to in the
directory (categories, audiences) and the English words listings use for it; each
language's file (``en.json``, ``pl.json`` …) lists the words and phrases people type for
each need, everyday and Roman-script forms included. Link workers curate those files; a
test checks that every need has words in every shipped language.

Phrases are matched on their analysed form (folded and stemmed as the index's words are,
little words kept), so "smutno mi", "smutny" and "SMUTNY" all find "low-mood".
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from directory_app.search.folding import fold
from directory_app.search.schema import matching_analyzer
from directory_app.search.spelling import allowed_distance, distance

# The longest phrase, in words, looked for in what was typed.
LONGEST_PHRASE = 5
# The shortest word (in letters) whose misspelling is matched to a need's word: shorter
# ones are too often another real word.
SHORTEST_MISSPELT = 4


@dataclass(frozen=True)
class Need:
    code: str
    # English words and phrases listings use for it, searched in their text.
    search: tuple[str, ...]
    categories: tuple[str, ...]
    audiences: tuple[str, ...]


def _data(name: str) -> dict:
    return json.loads((files("directory_app.search") / "needs" / f"{name}.json").read_text("utf-8"))


@cache
def all_needs() -> dict[str, Need]:
    return {
        code: Need(
            code,
            tuple(entry.get("search", ())),
            tuple(entry.get("categories") or ()),
            tuple(entry.get("audiences") or ()),
        )
        for code, entry in _data("_needs").items()
        if not code.startswith("_")
    }


@cache
def languages_with_words() -> tuple[str, ...]:
    folder = files("directory_app.search") / "needs"
    return tuple(
        sorted(
            entry.name.removesuffix(".json")
            for entry in folder.iterdir()
            if entry.name.endswith(".json") and not entry.name.startswith("_")
        )
    )


@cache
def words_for(language: str) -> dict[str, tuple[str, ...]]:
    """{need code: the words and phrases people type for it} in one language."""
    if language not in languages_with_words():
        return {}
    return {
        code: tuple(words) for code, words in _data(language).items() if not code.startswith("_")
    }


def phrase_key(text: str, language: str) -> tuple[str, ...]:
    """The form a phrase is matched in: its words folded and stemmed for the language."""
    return tuple(token.text for token in matching_analyzer(language)(text))


@cache
def phrase_table(language: str) -> dict[tuple[str, ...], str]:
    """{analysed phrase: need code} for one language's words."""
    table: dict[tuple[str, ...], str] = {}
    for code, phrases in words_for(language).items():
        for phrase in phrases:
            key = phrase_key(phrase, language)
            if key:
                table.setdefault(key, code)
    return table


@dataclass(frozen=True)
class NeedFound:
    need: Need
    # Where in the typed words it was found: words[start:end].
    start: int
    end: int
    language: str


def find_needs(
    words: list[str], languages: tuple[str, ...], little: frozenset[int] = frozenset()
) -> list[NeedFound]:
    """The needs named in the typed words, longest phrases first, each word used once.

    ``languages`` are tried in order (the page's, then English, then the rest): "care" is
    a Romanian word, but on an English page it is the English one. Words at the positions
    in ``little`` are the page language's little words (Polish "mam", I have): only that
    language's phrases may use them, so they never turn into another language's need.
    """
    found: list[NeedFound] = []
    used = [False] * len(words)
    for language in languages:
        table = phrase_table(language)
        if not table:
            continue
        keys = [phrase_key(word, language) for word in words]
        page_language = language == languages[0]
        for length in range(min(LONGEST_PHRASE, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                if any(used[start : start + length]):
                    continue
                if not page_language and little.intersection(range(start, start + length)):
                    continue
                key = tuple(part for word_key in keys[start : start + length] for part in word_key)
                code = table.get(key) if key else None
                if code is not None:
                    found.append(NeedFound(all_needs()[code], start, start + length, language))
                    used[start : start + length] = [True] * length
        if all(used):
            break
    found.sort(key=lambda item: item.start)
    return found


@cache
def _single_words(language: str) -> dict[str, tuple[str, str]]:
    """{folded one-word phrase: (need code, phrase)} for one language, for near spellings."""
    return {
        fold(phrase): (code, phrase.strip())
        for code, phrases in reversed(words_for(language).items())
        for phrase in phrases
        if " " not in phrase.strip()
    }


def need_spelt_nearly(word: str, languages: tuple[str, ...]) -> tuple[Need, str] | None:
    """(need, its word) for a need word one or two letters from ``word`` but not ``word``
    itself ("tristesa" for "tristeza", "sosinho", "ਉਦਸੀ"), in ``languages`` in order;
    None when there is none."""
    folded = fold(word)
    if len(folded) < SHORTEST_MISSPELT:
        return None
    if any(folded in _single_words(language) for language in languages):
        return None  # spelt as the needs map spells it
    limit = allowed_distance(folded)
    best = None
    for language in languages:
        for candidate, (code, phrase) in _single_words(language).items():
            if candidate[:1] != folded[:1] or abs(len(candidate) - len(folded)) > limit:
                continue
            gap = distance(folded, candidate)
            if 0 < gap <= limit and (best is None or gap < best[0]):
                best = (gap, code, phrase)
    return None if best is None else (all_needs()[best[1]], best[2])
