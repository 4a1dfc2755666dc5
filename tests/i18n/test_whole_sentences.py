"""Sentences are whole in every language: lists joined as the language joins them, counts
that follow its plural rules, and distances said from the place that was searched."""

import re

from flask_babel import force_locale

from directory_app.i18n.formatting import (
    distance_from_place_in_html,
    listed,
    within_of_place_in_html,
)


def test_lists_are_joined_the_way_each_language_writes_them(app):
    with app.test_request_context():
        with force_locale("en_GB"):
            assert listed(["Debt", "Housing", "Stress"]) == "Debt, Housing and Stress"
        with force_locale("ur"):
            # Urdu's comma and its word for "and", never an English ", ".
            assert listed(["a", "b", "c"]) == "a، b، اور c"
        with force_locale("lt"):
            assert listed(["a", "b", "c"]) == "a, b ir c"
        assert listed([]) == ""


def test_a_distance_from_a_searched_place_names_the_place_in_its_own_bdi(app):
    with app.test_request_context(), force_locale("en_GB"):
        assert str(distance_from_place_in_html(3, "Dagenham")) == "3 miles from <bdi>Dagenham</bdi>"
        assert str(distance_from_place_in_html(3, "")) == "3 miles away"
        assert str(within_of_place_in_html(3, "E8 1AA")) == "Within 3 miles of <bdi>E8 1AA</bdi>"
        assert str(within_of_place_in_html(1, "")) == "Within 1 mile of where you are"
        hostile = str(distance_from_place_in_html(1, "<b>x</b>"))
        assert "<b>" not in hostile and "&lt;b&gt;" in hostile


def test_results_near_a_postcode_say_from_there_not_away(client):
    html = client.get("/search?near=E8+1AG&within=2").get_data(as_text=True)
    assert "from <bdi>E8 1AG</bdi>" in html
    assert "away</strong>" not in html
    assert "Within 2 miles of <bdi>E8 1AG</bdi>" in html


def test_results_near_the_visitors_own_location_say_away(client):
    html = client.get("/search?near=51.5465,-0.0553&within=2").get_data(as_text=True)
    assert re.search(r"[\d.]+ miles? away", html)
    assert "where you are" in html


def test_working_days_follow_the_plural_rules(app, client):
    app.config["RESPONSE_WORKING_DAYS"] = 1
    html = client.get("/get-help/talk-to-a-link-worker").get_data(as_text=True)
    assert "within 1 working day." in html
