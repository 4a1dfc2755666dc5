"""A deployment words its name, area and hours itself, in each language it wants."""

from directory_app.core.config import _wording_per_language


def test_wording_per_language_is_read_from_the_environment():
    wording = _wording_per_language(
        {
            "SERVICE_AREA": "Anytown",
            "SERVICE_AREA_PL": "Anytown (gmina)",
            "SERVICE_NAME_UR": "  ",  # blank: not worded
            "SERVICE_HOURS_LONGER": "x",  # not a language code
            "OTHER_PL": "y",
        }
    )
    assert wording == {
        "SERVICE_NAME": {},
        "SERVICE_HOURS": {},
        "SERVICE_AREA": {"pl": "Anytown (gmina)"},
    }


def test_a_page_shows_the_deployments_wording_for_its_language(app):
    app.config["SERVICE_AREA"] = "Anytown"
    app.config["SERVICE_WORDING"] = {"SERVICE_AREA": {"pl": "gminie Anytown"}}
    client = app.test_client()
    polish = client.get("/pl/get-help").get_data(as_text=True)
    romanian = client.get("/ro/get-help").get_data(as_text=True)
    assert "gminie Anytown" in polish
    assert "Anytown" in romanian and "gminie Anytown" not in romanian


def test_the_default_wording_is_translated(app):
    polish = app.test_client().get("/pl/get-help").get_data(as_text=True)
    assert "Walsall, Barking and Dagenham, or Hackney" not in polish
