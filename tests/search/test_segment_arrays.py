"""The fast readers of a segment give what Whoosh's own API gives, and a new searcher after an
edit reads only the new segment."""

import numpy as np
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import unit_of_work
from directory_app.models import Activity
from directory_app.search import segments
from directory_app.search.index_store import searchers
from directory_app.search.schema import TEXT_FIELD_BOOSTS


def _searcher(app):
    return searchers.searcher(app.config["SEARCH_INDEX_DIR"])


def _edit(app, count: int = 2) -> None:
    with app.app_context(), unit_of_work():
        for activity in db.session.scalars(
            select(Activity)
            .where(Activity.status == "published")
            .order_by(Activity.id)
            .limit(count)
        ):
            activity.summary += " Friendly."


def test_field_lengths_match_whooshs_own_reading(app):
    _edit(app)  # a second segment, and deletions in the first
    with app.app_context():
        searcher = _searcher(app)
        for reader, _offset in segments.leaves(searcher):
            for field in TEXT_FIELD_BOOSTS:
                expected = [
                    reader.doc_field_length(docnum, field) or 0
                    for docnum in range(reader.doc_count_all())
                ]
                assert segments.field_lengths(reader, field).tolist() == expected


def test_postings_match_the_matcher_less_deletions(app):
    _edit(app)
    with app.app_context():
        searcher = _searcher(app)
        for reader, _offset in segments.leaves(searcher):
            deleted = reader.deleted_docs_set
            for field, word in (("title", "walk"), ("keywords", "coffe"), ("body", "hackney")):
                ids, weights = segments.postings(reader, field, word)
                kept = [
                    (int(i), float(w))
                    for i, w in zip(ids, weights, strict=True)
                    if i not in deleted
                ]
                expected = []
                if (field, word) in reader:
                    matcher = reader.postings(field, word)
                    while matcher.is_active():
                        expected.append((matcher.id(), matcher.weight()))
                        matcher.next()
                assert kept == expected


def test_a_new_searcher_reads_only_the_new_segment(app, monkeypatch):
    with app.app_context():
        first = _searcher(app)
        from directory_app.search import scoring

        scoring.field_lengths(first, "title")
    _edit(app, count=1)
    reads = []
    original = segments.field_lengths
    monkeypatch.setattr(
        segments,
        "field_lengths",
        lambda reader, field: reads.append(reader) or original(reader, field),
    )
    with app.app_context():
        second = _searcher(app)
        assert second is not first
        lengths = scoring.field_lengths(second, "title")
        assert len(lengths) == second.reader().doc_count_all()
    assert len(reads) == 1 and reads[0].doc_count_all() <= 2
    assert np.all(lengths[: len(lengths) - 1] >= 0)
