"""The feed walked as the national Open Referral UK validator walks it, every answer checked
against the HSDS-UK 3.0 schemas: no schema error allowed."""

from tests.oruk.standard import errors_in, validator, validator_walk


def test_the_feed_passes_the_validators_walk(client, standard):
    walk = validator_walk(client, standard, per_page=7)
    assert walk.errors == []
    # Several pages of services, and records of every kind, were looked at.
    assert len(walk.ids["/services"]) > 14
    assert all(walk.ids.get(endpoint) for endpoint in ("/organizations", "/taxonomy_terms"))


def test_the_walk_passes_on_each_database(db_app, standard):
    walk = validator_walk(db_app.test_client(), standard, per_page=25, records=10)
    assert walk.errors == []


def test_a_broken_document_is_caught(standard):
    """The walk's checks can fail: a service without a name is a schema error."""
    checker = validator(standard, "compiled/service.json")
    broken = {"id": "7cadc800-ebef-4dd1-a13d-a6f81bd25429", "status": "active"}
    assert errors_in(checker, broken, "x") != []
    assert errors_in(checker, {**broken, "name": "A", "id": "not-a-uuid"}, "x") != []
