"""The words a resident typed, as the index is asked them: concepts, corrections.

What was typed is first *understood* (``understanding``: needs, a place, "free", little
words). Each need and each remaining word becomes a *concept*, which a listing should
match (``queries`` decides what to show when none matches them all):

- a word matches in any text field, in English or in any listing language that uses it;
- a need matches a listing in its categories or for its audiences *and* saying one of the
  need's words where it says what it is (title, summary); "more that may help" widens that
  to listings with either.

A word no listing uses may be a typo. It is corrected only to a word of the page's
language or English, only when close (one letter wrong, swapped, missing or extra; two in
long words), and only when the correction finds something; the page then says "Showing
results for …" with a link to search for what was typed.
"""

from dataclasses import dataclass

import numpy as np
from whoosh.query import Phrase

from directory_app.search.folding import fold
from directory_app.search.index_store import per_searcher
from directory_app.search.needs import Need, words_for
from directory_app.search.schema import (
    DEFINING_FIELDS,
    ENGLISH,
    TEXT_FIELD_BOOSTS,
    TITLES_ANALYZER,
    TITLES_FIELD,
    TRANSLATED_FIELD_BOOST,
    TRANSLATED_LANGUAGES,
    language_analyzer,
    spelling_field,
    translated_field,
)
from directory_app.search.scoring import Alternative, Option, WordGroup, score_each_group
from directory_app.search.spelling import allowed_distance, distance

# Words whose translated terms are kept per searcher before the store is emptied.
MAX_KNOWN_WORDS = 5000
# How much a need's own words count compared with what the resident typed.
NEED_WORD_WEIGHT = 0.5
# A listing in the need's category, or for its audience: about as much as a title word.
NEED_TERM_BOOST = 6.0
# Words shorter than this are never corrected ("tai chi" is not "to con").
SHORTEST_CORRECTED = 4


@dataclass
class Concept:
    """One thing the resident asked for: a need, or a word."""

    label: str
    # Arrays over the index's documents.
    matched: np.ndarray
    scores: np.ndarray
    need: Need | None = None


def _stems(text: str) -> list[str]:
    return [token.text for token in ENGLISH(text)]


def _option(
    text: str, boost: float, searcher, fields=tuple(TEXT_FIELD_BOOSTS), translated=True
) -> Option | None:
    """One way to satisfy a word or phrase: every stem of it, in any of ``fields``; a
    single word also in any listing language that uses it. None for only little words."""
    stems = _stems(text)
    translated = _translated_alternatives(text, boost, searcher) if translated else []
    if not stems:
        return [translated] if translated else None
    option = []
    for stem in stems:
        alternatives = [Alternative(name, stem, boost * TEXT_FIELD_BOOSTS[name]) for name in fields]
        if len(stems) == 1:
            alternatives += translated
        option.append(alternatives)
    return option


def _translated_alternatives(word: str, boost: float, searcher) -> list[Alternative]:
    """The word as each language's analyzer sees it, where some listing uses it.

    Only terms that occur are kept, so a Polish word costs one lookup per language.
    """
    if len(word.split()) != 1:
        return []  # the needs map's English phrases are searched in English
    # The same words come back in every search for a need ("befriending", "debt"): the
    # terms each finds are kept with the searcher (a term lookup costs one per segment).
    known = per_searcher(searcher).setdefault("translated_terms", {})
    terms = known.get(word)
    if terms is None:
        reader = searcher.reader()
        terms = [
            (name, token.text)
            for language in TRANSLATED_LANGUAGES
            for name in [translated_field(language)]
            for token in language_analyzer(language)(word)
            if (name, token.text) in reader
        ]
        if len(known) >= MAX_KNOWN_WORDS:
            known.clear()
        known[word] = terms
    return [Alternative(name, text, boost * TRANSLATED_FIELD_BOOST) for name, text in terms]


def _concept(label: str, groups: list[WordGroup], searcher, live, need=None, every=False):
    """Match the groups; a concept of several groups needs all of them when ``every``."""
    results = score_each_group(searcher, groups, live)
    matched = results[0][0].copy()
    for group_matched, _scores in results[1:]:
        matched = (matched & group_matched) if every else (matched | group_matched)
    scores = sum(group_scores for _matched, group_scores in results)
    return Concept(label, matched, np.where(matched, scores, 0.0), need)


def word_concept(word: str, searcher, live, need: Need | None = None) -> Concept | None:
    option = _option(word, 1.0, searcher)
    if option is None:
        return None
    return _concept(word, [[option]], searcher, live, need)


def _called(typed: str, searcher) -> list:
    """Options for listings whose title, in English or another language, says ``typed``
    (only titles: a description's passing "ćwiczenia" does not make a group an exercise
    class)."""
    options = []
    english = _option(typed, 1.0, searcher, ("title",), translated=False)
    if english:
        options.append(english)
    stems = [token.text for token in TITLES_ANALYZER(typed)]
    if stems:
        boost = TEXT_FIELD_BOOSTS["title"] * TRANSLATED_FIELD_BOOST
        options.append([[Alternative(TITLES_FIELD, stem, boost)] for stem in stems])
    return options


def need_concept(need: Need, typed: str, searcher, live, wide: bool) -> Concept:
    """A need, from the words typed for it (``typed``).

    When listings are called by the very words ("yoga", "debt advice", a Polish listing's
    "joga"), those are what was asked for: the need's other listings are "more that may
    help". Otherwise ("lonely", "mam doła") the need's listings are.
    """
    if not wide:
        direct = _called(typed, searcher)
        if direct:
            named = _concept(typed, [direct], searcher, live, need)
            if named.matched.any():
                return word_concept(typed, searcher, live, need) or named
    saying = [option for option in [_option(typed, 1.0, searcher)] if option]
    saying += [
        option
        for phrase in need.search
        if (option := _option(phrase, NEED_WORD_WEIGHT, searcher, DEFINING_FIELDS))
    ]
    if wide:
        saying += [
            option
            for phrase in need.search
            if (option := _option(phrase, NEED_WORD_WEIGHT * 0.5, searcher, ("body",)))
        ]
    # Each a stem of one alternative: a listing in any of the categories or audiences.
    # The first category is the need's own; the others count half ("support groups" for
    # low mood, after "mental wellbeing").
    kinds = [
        [Alternative("category", code, NEED_TERM_BOOST * (1.0 if i == 0 else 0.5))]
        for i, code in enumerate(need.categories)
    ]
    kinds += [[Alternative("audience", code, NEED_TERM_BOOST)] for code in need.audiences]
    groups = []
    if kinds:
        groups.append([[alternative] for alternative in kinds])
    if saying:
        groups.append(saying)
    if not need.categories and need.audiences and not wide:
        # Who a group is for ("for older people", "kids") is the audience itself; the
        # words only rank within it.
        concept = _concept(typed, groups[:1], searcher, live, need)
        if saying:
            concept.scores = concept.scores + np.where(
                concept.matched, _concept(typed, [saying], searcher, live).scores, 0.0
            )
        return concept
    concept = _concept(typed, groups, searcher, live, need, every=not wide)
    if not wide and not concept.matched.any():
        # Nothing both in the need's kind and saying its words: either will do.
        concept = _concept(typed, groups, searcher, live, need, every=False)
    return concept


# --- Corrections ----------------------------------------------------------------------


def named(words: list[str], searcher, size: int) -> np.ndarray | None:
    """Listings whose organisation or venue is called what was typed ("Hackney
    Befrienders"), as a mask over the documents; None for a single word (one word of a
    name, "Hackney", is a place or a need more often than a name)."""
    stems = [token.text for token in ENGLISH(" ".join(words))]
    if len(stems) < 2:
        return None
    found = np.zeros(size, dtype=bool)
    found[list(Phrase("names", stems).docs(searcher))] = True
    return found


def is_listing_word(word: str, searcher, language: str) -> bool:
    """True when some listing's title, summary or names use ``word`` (in English or the
    page's language)."""
    reader = searcher.reader()
    lowered = word.lower()
    return any(
        name in searcher.schema and reader.doc_frequency(name, lowered) > 0
        for name in dict.fromkeys((spelling_field("en"), spelling_field(language)))
    )


def correction_candidates(word: str, searcher, language: str) -> list[str]:
    """Real words close to ``word``, in the page's language and English, closest and most
    used first: listings' words and the needs map's."""
    folded = fold(word)
    limit = allowed_distance(word)
    reader = searcher.reader()
    scored: dict[str, tuple[int, int]] = {}
    for code in dict.fromkeys(("en", language)):
        name = spelling_field(code)
        if name in searcher.schema:
            for candidate in reader.terms_within(name, word, limit + 1, prefix=1):
                gap = distance(folded, fold(candidate))
                if 0 < gap <= limit:
                    frequency = reader.doc_frequency(name, candidate)
                    best = scored.get(candidate, (99, 0))
                    scored[candidate] = min(best, (gap, -frequency))
        for phrases in words_for(code).values():
            for phrase in phrases:
                if " " in phrase or phrase[:1] != word[:1]:
                    continue
                gap = distance(folded, fold(phrase))
                if 0 < gap <= limit:
                    scored[phrase] = min(scored.get(phrase, (99, 0)), (gap, -1000))
    return [candidate for candidate, _key in sorted(scored.items(), key=lambda item: item[1])]
