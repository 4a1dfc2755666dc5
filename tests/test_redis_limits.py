"""Rate limits in Redis when REDIS_URL is set: every host counts against one total, and a
Redis that stops or hangs mid-run costs no request (each process counts in memory instead).

Each host is a process of its own, as on real hosts: the limiter is one object per process,
so two apps in this one would share its memory and prove nothing about Redis.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from limits import parse
from sqlalchemy import create_engine, text

from directory_app.core.config import config_from_environment
from directory_app.referrals.public_views import FORM_POST_LIMIT
from tests import redis_server
from tests.apps import (
    IN_CI,
    TEST_DATABASE,
    build_app,
    drop_postgres_copy,
    postgres_copy,
    sqlite_copy,
)
from tests.referrals.helpers import BUDDY, SELF_REFERRAL, start, submit, valid_self_referral

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LIMIT = parse(FORM_POST_LIMIT).amount
RESIDENT = "203.0.113.40"
HOST_TIMEOUT = 90
REFERRALS = "SELECT count(*) FROM referral WHERE kind = 'self_referral'"


@pytest.fixture
def redis_url():
    """A throwaway Redis server for this test; skipped locally without the program, a
    failure in CI (where .ci/run installs Debian's redis-server)."""
    if redis_server.find_redis_server() is None:
        if IN_CI:
            pytest.fail("redis-server is missing in CI; .ci/run should install it")
        pytest.skip("Debian's redis-server package is not installed")
    server = redis_server.start()
    yield server.url
    server.stop()


@pytest.fixture
def database_url(request, tmp_path):
    """The hosts' one database: a seeded copy, on PostgreSQL when the suite runs there."""
    if TEST_DATABASE != "postgresql":
        yield sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    server = request.getfixturevalue("postgres")
    url = postgres_copy(server, request.getfixturevalue("postgres_template"), tmp_path)
    yield url
    drop_postgres_copy(url)


def host_main(database_url: str, instance: str, action: str, count: str) -> None:
    """One host's requests, run in a child process; prints what it saw as JSON."""
    app = build_app(Path(instance), database_url, RATELIMIT_ENABLED=True)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = RESIDENT
    result = {}
    began = time.monotonic()
    if action == "redis-goes-away":
        result["before"] = _buddy_checks(client, 1)
        with redis.Redis.from_url(os.environ["REDIS_URL"]) as server:
            server.shutdown(nosave=True)
    result["referral"] = submit(client, SELF_REFERRAL, valid_self_referral()).status_code
    result["referral_seconds"] = time.monotonic() - began
    result["buddy_checks"] = _buddy_checks(client, int(count))
    print("HOST-RESULT " + json.dumps(result))


def _buddy_checks(client, count: int) -> list[int]:
    data = start(client, BUDDY) | {"step": "check"}
    return [client.post(BUDDY, data=data).status_code for _ in range(count)]


def _run_host(redis_url: str, database_url: str, instance: Path, action: str, count: int):
    """Start a host in its own process with REDIS_URL set, as a deployment would."""
    script = "import sys; from tests.test_redis_limits import host_main; host_main(*sys.argv[1:])"
    env = os.environ | {"REDIS_URL": redis_url}
    env.pop("RATELIMIT_STORAGE_URI", None)
    finished = subprocess.run(
        [sys.executable, "-c", script, database_url, str(instance), action, str(count)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HOST_TIMEOUT,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("HOST-RESULT ")]
    assert finished.returncode == 0 and lines, finished.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("HOST-RESULT "))


def _table_count(database_url: str, sql: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.scalar(text(sql))
    engine.dispose()
    return count


def test_redis_url_puts_the_counts_in_redis_with_a_fallback(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    alone = config_from_environment(tmp_path)
    assert alone["RATELIMIT_STORAGE_URI"] == "database://"
    assert alone["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is False
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    shared = config_from_environment(tmp_path)
    assert shared["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert shared["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert shared["RATELIMIT_STORAGE_OPTIONS"]["socket_timeout"] <= 1


def test_two_hosts_count_against_one_limit_in_redis(redis_url, tmp_path, database_url):
    first = _run_host(redis_url, database_url, tmp_path, "requests", LIMIT - 10)
    second = _run_host(redis_url, database_url, tmp_path, "requests", 11)
    assert first["referral"] == second["referral"] == 302
    assert first["buddy_checks"] == [200] * (LIMIT - 10)
    # The second host saw the first one's count: ten more, then refused.
    assert second["buddy_checks"] == [200] * 10 + [429]
    # The count is Redis's, not the database's.
    with redis.Redis.from_url(redis_url) as server:
        assert server.keys("LIMITS*")
    assert _table_count(database_url, "SELECT count(*) FROM rate_limit_counter") == 0


def test_a_redis_that_goes_away_mid_run_costs_no_request(redis_url, tmp_path, database_url):
    requests_before = _table_count(database_url, REFERRALS)
    host = _run_host(redis_url, database_url, tmp_path, "redis-goes-away", LIMIT + 1)
    assert host["before"] == [200]
    with redis.Redis.from_url(redis_url) as server, pytest.raises(redis.ConnectionError):
        server.ping()
    assert host["referral"] == 302
    assert _table_count(database_url, REFERRALS) == requests_before + 1
    # Counted in the process's memory meanwhile: the limit still holds.
    assert host["buddy_checks"] == [200] * LIMIT + [429]


def test_a_redis_that_hangs_costs_a_moment_not_the_request(tmp_path, database_url):
    """A Redis that accepts connections but never answers (a host gone mid-network)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    port = silent.getsockname()[1]
    try:
        host = _run_host(f"redis://127.0.0.1:{port}/0", database_url, tmp_path, "requests", 3)
    finally:
        silent.close()
    # redis-py's own 5-second timeouts made this 15 seconds; the app's are half a second.
    assert host["referral"] == 302 and host["referral_seconds"] < 8
    assert host["buddy_checks"] == [200] * 3
