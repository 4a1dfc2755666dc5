"""Property-based fuzzing of every GET route in the URL map, public and staff, with hostile
values in every placeholder and query parameter. No response may be a 500 or show a traceback.

Bounded in examples: the random search on the suite's database, the sweep on SQLite and
PostgreSQL; hypothesis keeps failing examples in its database between runs on a
developer's machine.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.security.fuzz.hostile import (
    FUZZ,
    ON_THE_SUITES_DATABASE,
    PARAMETERS,
    VALUE,
    check,
    fill,
    route_ids,
    routes,
    sweep_values,
    who_may_open,
)


@pytest.mark.parametrize("endpoint", route_ids("GET"))
@ON_THE_SUITES_DATABASE
@FUZZ
@given(data=st.data())
def test_no_get_route_gives_a_500(app, clients, endpoint, data):
    rule = next(rule for rule in routes(app, "GET") if rule.endpoint == endpoint)
    path = fill(rule, iter(data.draw(st.lists(VALUE, min_size=3, max_size=3))))
    query = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), VALUE, max_size=4))
    prefix = data.draw(st.sampled_from(["", "/pl", "/ar", "/ur"]))
    who = who_may_open(app, rule)
    response = clients[who].get(prefix + path, query_string=query)
    check(response, (who, rule.rule, query))


def test_every_get_route_takes_every_hostile_value_in_every_parameter(app, clients):
    """A sweep as well as the random search: each hostile value in every placeholder and
    every query parameter at once, on every route, as the role that may open it."""
    requests = 0
    for rule in routes(app, "GET"):
        if rule.endpoint == "static":
            continue
        who = who_may_open(app, rule)
        for value in sweep_values(app):
            path = fill(rule, iter([value] * 3))
            query = dict.fromkeys(PARAMETERS, value)
            check(clients[who].get(path, query_string=query), (who, rule.rule, value))
            requests += 1
    assert requests > 1000
