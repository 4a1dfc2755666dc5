"""Links in emails open in their reader's language, wherever the app is served from."""

from directory_app.web.links import absolute_url


def test_a_link_opens_in_the_readers_language_under_the_apps_own_root(app):
    app.config["PUBLIC_URL"] = "https://example.org/directory/"
    with app.app_context():  # as in `flask listings remind`: no request
        english = absolute_url("directory.activity", language="en_GB", activity_id=7)
        polish = absolute_url("directory.activity", language="pl", activity_id=7)
    assert english == "https://example.org/directory/activities/7"
    assert polish == "https://example.org/directory/pl/activities/7"


def test_a_link_made_on_a_page_in_another_language_drops_that_pages_prefix(app):
    client = app.test_client()
    with client:
        client.get("/ar/search")
        assert absolute_url("directory.activity", activity_id=7).endswith("/activities/7")
        assert "/ar/" not in absolute_url("directory.activity", activity_id=7)
        assert absolute_url("directory.activity", language="bn", activity_id=7).endswith(
            "/bn/activities/7"
        )
