"""Turn what a resident typed and picked into ranked, filtered, paginated results."""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files

import numpy as np
from whoosh import spelling
from whoosh.lang import has_stopwords, stopwords_for_language

from directory_app.geo.postcodes import METRES_PER_MILE, Point
from directory_app.search.filter_sets import (
    column_array,
    count_with,
    filter_mask,
    freshness_masks,
    live_mask,
)
from directory_app.search.index_store import searchers
from directory_app.search.next_sessions import minutes_until_next_session
from directory_app.search.schema import (
    ENGLISH,
    TEXT_FIELD_BOOSTS,
    TRANSLATED_FIELD_BOOST,
    TRANSLATED_LANGUAGES,
    WORD_PATTERN,
    language_analyzer,
    translated_field,
)
from directory_app.search.scoring import Alternative, Option, WordGroup, score_each_group
from directory_app.vocabulary import CATEGORIES, codes

SORTS = ("relevance", "distance", "next")
# Below this many results we look for a "Did you mean …?" spelling.
FEW_RESULTS = 3
# How much a needs-map word counts compared with the word the resident typed.
SYNONYM_WEIGHT = 0.5
FUZZY_WEIGHT = 0.6
# How much a listing that may be out of date counts against a fresh one.
STALE_WEIGHT = 0.5
_WORD_RE = re.compile(WORD_PATTERN)


@dataclass
class SearchRequest:
    """A validated search: every field comes from the URL, so searches can be shared."""

    text: str = ""
    location: Point | None = None
    within_miles: float = 3.0
    access: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    free_only: bool = False
    age: int | None = None
    audience: str | None = None
    language: str | None = None
    online_only: bool = False
    sort: str = "relevance"
    page: int = 1
    # The language the words are probably in: the page's. Its little words are left out.
    text_language: str = "en"


@dataclass
class SearchHit:
    activity_id: int
    distance_miles: float | None = None


@dataclass
class SearchResults:
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    suggestion: str | None = None
    # Words typed that no listing uses, left out so the rest could find something.
    ignored: tuple[str, ...] = ()
    # No listing had every word: these have the most of them.
    partial: bool = False

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


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


def _match_words(searcher, named_groups, allowed, live):
    """Which documents the typed words match, their scores, and what was relaxed.

    A word no listing uses at all is left out ("czuję" in "czuję się samotny"), so one
    unknown word does not empty the page. When no allowed listing has every remaining word,
    the listings with the most of them are shown instead, and the page says so.
    Returns (matched, scores, ignored words, partial).
    """
    per_group = score_each_group(searcher, [group for _word, group in named_groups], live)
    used = [matched.any() for matched, _scores in per_group]
    ignored = ()
    if any(used):
        ignored = tuple(word for (word, _g), ok in zip(named_groups, used, strict=True) if not ok)
        per_group = [result for result, ok in zip(per_group, used, strict=True) if ok]
    scores = sum(group_scores for _matched, group_scores in per_group)
    counts = sum(matched.astype(np.int16) for matched, _scores in per_group)
    matched = counts == len(per_group)
    if len(per_group) > 1 and not (matched & allowed).any():
        best = int((counts * allowed).max())
        if best > 0:
            return counts == best, scores, ignored, True
    return matched, scores, ignored, False


def _spelling_suggestion(searcher, text: str) -> str | None:
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


def find_activities(
    request: SearchRequest, index_dir: str, page_size: int, now: datetime
) -> SearchResults:
    """Search the index. ``now`` is local wall-clock time, for sorting by next session.

    Words are scored with BM25F (``scoring``); filters, distances and session times are
    arrays over the index's documents (``filter_sets``, ``next_sessions``).
    """
    searcher = searchers.searcher(index_dir)
    allowed = filter_mask(searcher, request)
    distances = None
    if request.location is not None and not request.online_only:
        allowed, distances = _inside_circle(searcher, allowed, request)
    live = live_mask(searcher)
    groups = word_groups(request.text, searcher, request.text_language)
    stale, hidden = freshness_masks(searcher, now.date())
    # Listings unconfirmed for 15 months leave search; their groups can still see them.
    allowed = (live if allowed is None else allowed) & ~hidden

    sort = request.sort
    if sort == "distance" and distances is None:
        sort = "relevance"
    if sort == "relevance" and not groups:
        # With nothing typed there is no relevance: nearest first, else soonest first.
        sort = "distance" if distances is not None else "next"

    ignored, partial = (), False
    if groups:
        matched, scores, ignored, partial = _match_words(searcher, groups, allowed, live)
        allowed = allowed & matched
        # Listings that may be out of date still show, lower down.
        scores = np.where(stale, scores * STALE_WEIGHT, scores)
    candidates = np.flatnonzero(allowed)
    if sort == "distance":
        keys = distances[candidates]
    elif sort == "next":
        keys = minutes_until_next_session(searcher, now)[candidates]
    else:
        keys = -scores[candidates]
    page = max(1, request.page)
    if sort == "relevance":
        ordered = candidates[np.lexsort((candidates, keys))]
    else:
        ordered = candidates[np.lexsort((candidates, keys, stale[candidates]))]
    docnums = ordered[(page - 1) * page_size : page * page_size].tolist()
    total = len(candidates)

    hits = [
        SearchHit(
            int(searcher.stored_fields(docnum)["id"]),
            None if distances is None else float(distances[docnum]),
        )
        for docnum in docnums
    ]
    suggestion = None
    if request.text.strip() and total < FEW_RESULTS:
        suggestion = _spelling_suggestion(searcher, request.text)
    return SearchResults(
        total=total,
        page=page,
        page_size=page_size,
        hits=hits,
        suggestion=suggestion,
        ignored=ignored,
        partial=partial,
    )


def _inside_circle(searcher, allowed, request):
    """Narrow the allowed documents (already within the grid squares) to the circle.

    Returns the narrowed mask and each document's distance in miles (inf outside).
    """
    point = request.location
    candidates = np.flatnonzero(allowed)
    eastings = column_array(searcher, "easting")[candidates]
    northings = column_array(searcher, "northing")[candidates]
    miles = np.hypot(eastings - point.easting, northings - point.northing) / METRES_PER_MILE
    distances = np.full(len(allowed), np.inf)
    distances[candidates] = miles
    return distances <= request.within_miles, distances


def category_counts(index_dir: str, today: date) -> dict[str, int]:
    """How many activities in search each category has, from the index."""
    searcher = searchers.searcher(index_dir)
    _stale, hidden = freshness_masks(searcher, today)
    return count_with(searcher, "category", codes(CATEGORIES), live_mask(searcher) & ~hidden)
