"""Arrays over the index's documents, built segment by segment and kept per segment.

Search reads per-document data into numpy arrays (filters, lengths, postings, sessions)
once per searcher. An edit writes a small new segment beside the big old ones, and the next
searcher sees the old segments unchanged: so each array is kept per segment (a segment never
changes once written) and a new searcher only reads its new segments, then joins the parts.
At 100,000 listings that turned about 3 s of CPU after every change into milliseconds.

Reading a segment uses Whoosh-Reloaded 2.7.5's storage layout where it is much faster than
the public API (pinned in pyproject.toml): a field's lengths are one byte per document in a
column, and a posting list is a run of pickled blocks of ids and weights. Anything else
falls back to the public, document-by-document API.
"""

import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher, _lenfield
from whoosh.util.numeric import _length_byte_cache

from directory_app.search.index_store import per_searcher

# Entries kept over all segments (a term's postings, a field's lengths, a filter's mask …).
MAX_ENTRIES = 20_000
_LENGTH_OF_BYTE = np.array(_length_byte_cache, dtype=np.float64)


class _SegmentCache:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key, make):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        made = make()
        with self._lock:
            self._entries[key] = made
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return made


_cache = _SegmentCache(MAX_ENTRIES)


def segment_key(reader) -> str:
    """Which segment a leaf reader reads: its id never names another segment's data."""
    segment = getattr(reader, "_segment", None)
    return segment.segment_id() if segment is not None else f"reader-{id(reader)}"


def leaves(searcher):
    """(segment reader, its first document number) for every segment of the searcher."""
    return list(searcher.reader().leaf_readers())


def per_document(searcher, key, make_for_segment, empty):
    """An array over every document of the searcher, joined from per-segment arrays.

    ``make_for_segment(reader)`` makes one segment's part; parts are cached by segment
    and the joined array on the searcher. ``empty`` is the array for an empty index.
    """
    cache = per_searcher(searcher)
    if key not in cache:
        parts = [
            cached(reader, key, lambda reader=reader: make_for_segment(reader))
            for reader, _offset in leaves(searcher)
        ]
        cache[key] = np.concatenate(parts) if parts else empty
    return cache[key]


def cached(reader, key, make):
    """One segment's value for ``key``, made once per segment."""
    return _cache.get_or_make((segment_key(reader), key), make)


def live_mask(searcher) -> np.ndarray:
    """Which document numbers are live (not deleted): deletions change, so never cached
    by segment, but read from each segment's (small) set of deleted documents."""
    cache = per_searcher(searcher)
    if "live" not in cache:
        mask = np.ones(searcher.reader().doc_count_all(), dtype=bool)
        for reader, offset in leaves(searcher):
            deleted = np.fromiter(_deleted(reader), dtype=np.int64)
            mask[deleted + offset] = False
        cache["live"] = mask
    return cache["live"]


def _deleted(reader):
    found = getattr(reader, "deleted_docs_set", None)
    if found is not None:
        return found
    return (docnum for docnum in range(reader.doc_count_all()) if reader.is_deleted(docnum))


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """One segment's stored length of a field for each document (0 where it has none)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = _lenfield(fieldname)
    if perdoc is not None and hasattr(perdoc, "_get_column_file"):
        if not perdoc.has_column(column):
            return np.zeros(count)
        dbfile, offset, length = perdoc._get_column_file(column)
        try:
            raw = np.frombuffer(dbfile.get(offset, min(length, count)), dtype=np.uint8)
        finally:
            dbfile.close()
        lengths = np.zeros(count)
        lengths[: len(raw)] = _LENGTH_OF_BYTE[raw]
        return lengths
    return np.fromiter(
        (reader.doc_field_length(docnum, fieldname) or 0 for docnum in range(count)),
        dtype=np.float64,
        count=count,
    )


def postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """One segment's document numbers and weights for a term (empty if it has none).

    Deleted documents are included: deletions change while the segment stays, so the
    part kept per segment must not depend on them; callers keep only live documents.
    """
    if (fieldname, text) not in reader:
        return np.empty(0, dtype=np.int64), np.empty(0)
    terms = getattr(reader, "_terms", None)
    if terms is not None:
        matcher = terms.matcher(
            fieldname, reader._text_to_bytes(fieldname, text), reader.schema[fieldname].format
        )
    else:
        matcher = reader.postings(fieldname, text)  # a reader of another kind: its API
    if isinstance(matcher, W3LeafMatcher):
        return _read_blocks(matcher)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    # A block's ids are delta-coded (unless stored as bytes); its weights are None (all
    # 1.0), one float for the block, or an array: as W3LeafMatcher._read_ids/_weights read.
    ids, weights = [], []
    while matcher.is_active():
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        block = np.asarray(block_ids, dtype=np.int64)
        ids.append(block if matcher._byteids else np.cumsum(block))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(len(block), 1.0 if block_weights is None else block_weights))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        matcher._next_block()
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0)
    return np.concatenate(ids), np.concatenate(weights)


def term_docs(reader, fieldname: str, value) -> np.ndarray:
    """One segment's mask of documents that have this term."""
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    docnums, _weights = postings(reader, fieldname, value)
    mask[docnums] = True
    return mask
