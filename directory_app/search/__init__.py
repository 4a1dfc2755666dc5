"""Full-text search over activities. All Whoosh code lives in this package.

- ``schema``: the index fields and analyzers.
- ``documents``: how an activity becomes an index document.
- ``index_store``: where indexes live on disk, switching generations, reusable searchers.
- ``sync``: the outbox that keeps the index in step with the database.
- ``queries``: turning what a resident typed and picked into results.
"""

from directory_app.search.queries import SearchRequest, SearchResults, find_activities

__all__ = ["SearchRequest", "SearchResults", "find_activities"]
