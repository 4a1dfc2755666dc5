"""What a resident typed, as concepts over the index's documents: each need and each
word, with misspellings corrected and unknown words left out, and how they combine."""

import numpy as np

from directory_app.search.needs import need_spelt_nearly
from directory_app.search.words import (
    SHORTEST_CORRECTED,
    Concept,
    correction_candidates,
    is_listing_word,
    need_concept,
    word_concept,
)

# Close words tried, nearest first, for a word no listing uses.
CORRECTIONS_TRIED = 5


def concepts_of(request, understood, searcher, live, allowed):
    """The concepts of what was typed, with the words left out and the corrections made.

    Returns (concepts, ignored words, corrected text or None).
    """
    concepts: list[Concept] = []
    for found in understood.needs:
        typed = " ".join(understood.words[found.start : found.end])
        concepts.append(need_concept(found.need, typed, searcher, live, request.wide))
    ignored, corrections = [], {}
    for word in understood.plain:
        near = None
        if not understood.needs and not request.exact and not _names_a_street(word, understood):
            near = _need_misspelt(word, searcher, request.text_language)
        if near is not None:
            need, spelt = near
            concepts.append(need_concept(need, spelt, searcher, live, request.wide))
            corrections[word] = spelt
            continue
        concept = word_concept(word, searcher, live)
        if concept is None:
            continue
        if (
            not concept.matched.any()
            and not request.exact
            and not _names_a_street(word, understood)
        ):
            concept = _corrected(word, searcher, live, allowed, request.text_language)
            if concept is not None:
                corrections[word] = concept.label
        if concept is None or not concept.matched.any():
            # A word no listing uses at all is left out ("czuję" in "czuję się samotny"),
            # so one unknown word does not empty the page.
            ignored.append(word)
            continue
        concepts.append(concept)
    if ignored and not concepts:
        ignored = []  # nothing else to search with: the page finds nothing, and says so
        nothing = np.zeros(len(live), dtype=bool)
        concepts.append(Concept(" ".join(understood.plain), nothing, np.zeros(len(live))))
    corrected = None
    if corrections:
        corrected = " ".join(corrections.get(word, word) for word in understood.words)
    return concepts, tuple(ignored), corrected


# Words after a name that make it a street's ("Mare Street"): the name is not a typo.
STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "lane",
        "ln",
        "avenue",
        "ave",
        "way",
        "square",
        "close",
        "drive",
        "grove",
        "place",
        "crescent",
        "gardens",
        "row",
        "hill",
        "green",
        "terrace",
        "parade",
        "walk",
        "park",
    ]
)


def _names_a_street(word: str, understood) -> bool:
    words = understood.words
    return any(
        word == before and after in STREET_WORDS
        for before, after in zip(words, words[1:], strict=False)
    )


def _need_misspelt(word, searcher, language):
    """(need, its word) when ``word`` is no word of the listings but nearly a need's word
    ("tristesa", "sosinho", "تنہائ"): a stem of a misspelling can find unrelated listings,
    so the need is what was meant. None otherwise."""
    if is_listing_word(word, searcher, language):
        return None
    return need_spelt_nearly(word, (language, "en"))


def _corrected(word, searcher, live, allowed, language) -> Concept | None:
    """The concept of the closest real word that finds something, or None."""
    if len(word) < SHORTEST_CORRECTED:
        return None
    for candidate in correction_candidates(word, searcher, language)[:CORRECTIONS_TRIED]:
        concept = word_concept(candidate, searcher, live)
        if concept is not None and (concept.matched & allowed).any():
            return concept
    return None


def combine(concepts: list[Concept], allowed):
    """Which documents the concepts match together, their scores, and whether only some.

    When no allowed listing has every concept, the listings with the most of them are
    shown instead, and the page says so.
    """
    scores = sum(concept.scores for concept in concepts)
    counts = sum(concept.matched.astype(np.int16) for concept in concepts)
    matched = counts == len(concepts)
    if len(concepts) > 1 and not (matched & allowed).any():
        best = int((counts * allowed).max())
        if best > 0:
            # Residents name the thing they need first ("żałoba po mamie", "grief for my
            # mum"), so among those, the listings for the first thing typed come first.
            lead = np.where(concepts[0].matched, float(scores.max()) + 1.0, 0.0)
            return counts == best, scores + lead, True
    return matched, scores, False
