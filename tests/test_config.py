"""Settings for running on several hosts come from the environment."""

from directory_app.core.config import config_from_environment


def test_redis_url_shares_rate_limits_unless_a_storage_is_named(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert config_from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == "database://"
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    assert config_from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "database://")
    assert config_from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == "database://"


def test_each_host_names_itself_for_the_search_log(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCH_HOST_NAME", "web-2")
    monkeypatch.setenv("SEARCH_LOG_GAP_SECONDS", "120")
    config = config_from_environment(tmp_path)
    assert config["SEARCH_HOST_NAME"] == "web-2"
    assert config["SEARCH_LOG_GAP_SECONDS"] == 120.0
    assert config["SEARCH_HOST_TIMEOUT_HOURS"] == 24.0
