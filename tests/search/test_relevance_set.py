"""The relevance set: what residents type, in 21 languages, must find what they need.

The floor is the issue's promise (every shipped language served as well as English); the
figures per language are printed by ``make benchmark`` (``benchmarks/relevance.py``).
"""

from tests.search.relevance_set import cases, run

FLOOR = 0.9


def test_every_language_in_the_set_serves_nine_queries_in_ten(app):
    figures = run(app)
    below = {
        language: (served, total, missed)
        for language, (served, total, missed) in figures.items()
        if served < FLOOR * total
    }
    assert not below, below
    served = sum(figures[language][0] for language in figures)
    assert served >= 0.95 * len(cases()), figures


def test_the_set_covers_every_shipped_language_and_english():
    from tests.search.test_languages import SHIPPED

    languages = {case.language for case in cases()}
    assert languages >= {"en", *SHIPPED}
    assert all(sum(case.language == language for case in cases()) >= 12 for language in languages)
