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

from directory_app.search.folding import fold
from directory_app.search.needs import Need, words_for
from directory_app.search.schema import (
    DEFINING_FIELDS,
    ENGLISH,
    TEXT_FIELD_BOOSTS,
    TRANSLATED_FIELD_BOOST,
    TRANSLATED_LANGUAGES,
    language_analyzer,
    spelling_field,
    translated_field,
)
from directory_app.search.scoring import Alternative, Option, WordGroup, score_each_group

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
    reader = searcher.reader()
    found = []
    for language in TRANSLATED_LANGUAGES:
        name = translated_field(language)
        for token in language_analyzer(language)(word):
            if (name, token.text) in reader:
                found.append(Alternative(name, token.text, boost * TRANSLATED_FIELD_BOOST))
    return found


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


def need_concept(need: Need, typed: str, searcher, live, wide: bool) -> Concept:
    """A need, from the words typed for it (``typed``).

    When listings are called by the very words ("yoga", "debt advice", a Polish listing's
    "joga"), those are what was asked for: the need's other listings are "more that may
    help". Otherwise ("lonely", "mam doła") the need's listings are.
    """
    if not wide:
        direct = _option(typed, 1.0, searcher, ("title",))
        if direct is not None:
            named = _concept(typed, [[direct]], searcher, live, need)
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


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap counts as one."""
    previous_previous = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    return 1 if len(word) <= 7 else 2


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
                distance = _distance(folded, fold(candidate))
                if 0 < distance <= limit:
                    frequency = reader.doc_frequency(name, candidate)
                    best = scored.get(candidate, (99, 0))
                    scored[candidate] = min(best, (distance, -frequency))
        for phrases in words_for(code).values():
            for phrase in phrases:
                if " " in phrase or phrase[:1] != word[:1]:
                    continue
                distance = _distance(folded, fold(phrase))
                if 0 < distance <= limit:
                    scored[phrase] = min(scored.get(phrase, (99, 0)), (distance, -1000))
    return [candidate for candidate, _key in sorted(scored.items(), key=lambda item: item[1])]
