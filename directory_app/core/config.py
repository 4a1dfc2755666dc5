"""Configuration read from the environment, with embedded defaults that run anywhere.

Every setting is documented in the README's configuration table; keep the two in step.
"""

import logging
import os
import secrets
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

# The folder holding directory_app/, seeds/, templates/ and translations/.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _instance_secret_key(instance_path: Path, several_hosts: bool = False) -> str:
    """Return a secret key kept in ``instance/`` so sessions survive restarts.

    Generated on first use; a deployment sets ``SECRET_KEY`` instead. Several hosts each
    generating their own would refuse each other's sessions and form tokens, so that case
    is logged as an error at every start.
    """
    if several_hosts:
        logging.getLogger(__name__).error(
            "SECRET_KEY is not set but REDIS_URL or SEARCH_HOST_NAME says several hosts "
            "serve: each host would sign sessions with its own key. Set the same SECRET_KEY "
            "on every host."
        )
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _normalise_database_url(url: str) -> str:
    """Let ``postgres://`` and ``postgresql://`` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _trusted_hosts(setting: str, public_url: str) -> list[str]:
    """``TRUSTED_HOSTS`` (comma-separated), else the public address's host and loopback."""
    hosts = [host.strip() for host in setting.split(",") if host.strip()]
    if hosts:
        return hosts
    return [urlsplit(public_url).hostname or "localhost", "localhost", "127.0.0.1"]


def translatable(text: str) -> str:
    """Marks a default for `flask translate extract`; pages show it through the catalogue.

    A deployment that sets its own wording gets it shown as set, untranslated.
    """
    return text


DEFAULT_SERVICE_NAME = translatable("Find something near you")
DEFAULT_SERVICE_HOURS = translatable("Monday to Friday, 9am to 5pm")
DEFAULT_SERVICE_AREA = translatable("Walsall, Barking and Dagenham, or Hackney")


# Settings a deployment words itself, and may word in each language: SERVICE_NAME_PL,
# SERVICE_AREA_UR… (a language code after the name). A language it has not worded gets the
# default's translation while the setting is the default, else the setting as it was set.
WORDED_SETTINGS = ("SERVICE_NAME", "SERVICE_HOURS", "SERVICE_AREA")


def _date(text: str) -> date:
    """An ISO date from the environment (a deployment's statement dates)."""
    return date.fromisoformat(text.strip())


# The UK's bank-holiday regions (the ``holidays`` package's names): England and Wales share
# one calendar, so "ENG" and "WLS" give the same days; Scotland and Northern Ireland differ.
BANK_HOLIDAY_REGIONS = ("ENG", "WLS", "SCT", "NIR")


def _bank_holiday_region(text: str) -> str:
    """The region whose bank holidays response deadlines skip; a typo stops the app starting
    rather than quietly counting the wrong days."""
    region = text.strip().upper()
    if region not in BANK_HOLIDAY_REGIONS:
        raise ValueError(
            f"BANK_HOLIDAY_REGION must be one of {', '.join(BANK_HOLIDAY_REGIONS)}, not {text!r}"
        )
    return region


def _wording_per_language(env) -> dict[str, dict[str, str]]:
    wording: dict[str, dict[str, str]] = {name: {} for name in WORDED_SETTINGS}
    for key, value in env.items():
        name, _, language = key.rpartition("_")
        if name in wording and language.isalpha() and 2 <= len(language) <= 3 and value.strip():
            wording[name][language.lower()] = value.strip()
    return wording


def _rate_limit_storage(env) -> str:
    """Where rate-limit counts live: named outright, Redis when there is one, else the database."""
    return env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "database://"


def config_from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables and defaults."""
    env = os.environ
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'directory.sqlite3'}"
    public_url = env.get("PUBLIC_URL", "http://127.0.0.1:5000")
    return {
        "SECRET_KEY": env.get("SECRET_KEY")
        or _instance_secret_key(
            instance_path, bool(env.get("REDIS_URL") or env.get("SEARCH_HOST_NAME"))
        ),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(database_url),
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR") or str(instance_path / "search-index"),
        # Several hosts: each names itself (default: machine and index folder) and reads the
        # search log from its own cursor; see directory_app/search/applier.py and hosts.py.
        "SEARCH_HOST_NAME": env.get("SEARCH_HOST_NAME", ""),
        # "json": one JSON object per line, with request ids (core/logs.py); else text.
        "LOG_FORMAT": env.get("LOG_FORMAT", "text"),
        # A line per request: on by default with JSON logs (None: follow LOG_FORMAT).
        "LOG_REQUESTS": (env["LOG_REQUESTS"] in ("1", "true", "yes"))
        if "LOG_REQUESTS" in env
        else None,
        # Where pg_dump and pg_restore are for `flask backup` (default: PATH, then Debian's).
        "POSTGRES_BIN_DIR": env.get("POSTGRES_BIN_DIR", ""),
        # How staff passwords are hashed: Werkzeug's scrypt (N=32768, r=8, p=1). Not read
        # from the environment, so no deployment can weaken it; the tests pass a cheap
        # PBKDF2 of their own, as they hash hundreds of passwords.
        "PASSWORD_HASH_METHOD": "scrypt",
        "SEARCH_LOG_GAP_SECONDS": float(env.get("SEARCH_LOG_GAP_SECONDS", "600")),
        "SEARCH_HOST_TIMEOUT_HOURS": float(env.get("SEARCH_HOST_TIMEOUT_HOURS", "24")),
        "SEEDS_DIR": env.get("SEEDS_DIR") or str(PROJECT_ROOT / "seeds"),
        "RESULTS_PER_PAGE": int(env.get("RESULTS_PER_PAGE", "10")),
        "DEFAULT_RADIUS_MILES": float(env.get("DEFAULT_RADIUS_MILES", "3")),
        "SERVICE_NAME": env.get("SERVICE_NAME", DEFAULT_SERVICE_NAME),
        "SERVICE_PHONE": env.get("SERVICE_PHONE", "0300 123 4567"),
        "SERVICE_EMAIL": env.get("SERVICE_EMAIL", "linkworkers@example.org"),
        "SERVICE_HOURS": env.get("SERVICE_HOURS", DEFAULT_SERVICE_HOURS),
        # British English: 24-hour times and day-month dates, as UK listings are written.
        "BABEL_DEFAULT_LOCALE": "en_GB",
        # Where new requests are announced (the email says only that one arrived, with a link).
        "INBOX_EMAIL": env.get("INBOX_EMAIL", "linkworkers@example.org"),
        # Told about requests from groups for accounts.
        "ADMIN_EMAIL": env.get("ADMIN_EMAIL", "admin@example.org"),
        "RESPONSE_WORKING_DAYS": int(env.get("RESPONSE_WORKING_DAYS", "5")),
        # Whose bank holidays the working days skip: ENG (England and Wales), SCT, NIR, WLS.
        "BANK_HOLIDAY_REGION": _bank_holiday_region(env.get("BANK_HOLIDAY_REGION", "ENG")),
        # Unanswered calls after which the case page says to write to the person instead
        # (services commonly make three tries).
        "CONTACT_ATTEMPTS_BEFORE_WRITING": int(env.get("CONTACT_ATTEMPTS_BEFORE_WRITING", "3")),
        # Days after an onward referral to a group when the link worker checks that the
        # group made contact.
        "ONWARD_CONTACT_CHECK_DAYS": int(env.get("ONWARD_CONTACT_CHECK_DAYS", "14")),
        # The wellbeing measures the case page offers, a comma list of ons4, swemwbs and
        # wemwbs (SWEMWBS and WEMWBS need the service's own licence from Warwick).
        "WELLBEING_MEASURES": env.get("WELLBEING_MEASURES", "ons4,swemwbs"),
        # The answer a group is asked for within, in days, when a link worker refers someone.
        "ONWARD_REPLY_DAYS": int(env.get("ONWARD_REPLY_DAYS", "7")),
        "SERVICE_AREA": env.get("SERVICE_AREA", DEFAULT_SERVICE_AREA),
        "SERVICE_WORDING": _wording_per_language(env),
        # Who runs the service: named as the data controller and in the accessibility
        # statement (the public-sector template and the ICO's guidance ask for both).
        "OPERATOR_NAME": env.get("OPERATOR_NAME", "Example Social Prescribing Partnership"),
        "OPERATOR_ADDRESS": env.get("OPERATOR_ADDRESS", "1 Example Street, London E8 1AA"),
        "DATA_PROTECTION_EMAIL": env.get("DATA_PROTECTION_EMAIL", "dpo@example.org"),
        "ICO_REGISTRATION": env.get("ICO_REGISTRATION", ""),
        # The lawful bases for requests (UK GDPR Article 6 and, for health data, Article 9):
        # "public-task" and "health-care" for a council or NHS body; a charity may rely on
        # "consent"/"legitimate-interests" and "explicit-consent".
        "LAWFUL_BASIS": env.get("LAWFUL_BASIS", "public-task"),
        "HEALTH_DATA_BASIS": env.get("HEALTH_DATA_BASIS", "health-care"),
        # The accessibility statement's status ("partially" or "fully" compliant) and dates.
        "ACCESSIBILITY_COMPLIANCE": env.get("ACCESSIBILITY_COMPLIANCE", "partially"),
        "ACCESSIBILITY_PREPARED_ON": _date(env.get("ACCESSIBILITY_PREPARED_ON", "2026-12-01")),
        "ACCESSIBILITY_REVIEWED_ON": _date(env.get("ACCESSIBILITY_REVIEWED_ON", "2026-12-01")),
        "ACCESSIBILITY_TESTED_ON": _date(env.get("ACCESSIBILITY_TESTED_ON", "2026-12-01")),
        "ACCESSIBILITY_TESTED_BY": env.get("ACCESSIBILITY_TESTED_BY", ""),
        "EMERGENCY_NUMBER": env.get("EMERGENCY_NUMBER", "999"),
        "URGENT_HELP_NUMBER": env.get("URGENT_HELP_NUMBER", "111"),
        "SAMARITANS_NUMBER": env.get("SAMARITANS_NUMBER", "116 123"),
        # The site's address: every absolute link (in emails above all) is built from it.
        "PUBLIC_URL": public_url,
        # Host headers the site answers to; any other gets 400, so no page or link can be
        # made for a host someone typed.
        "TRUSTED_HOSTS": _trusted_hosts(env.get("TRUSTED_HOSTS", ""), public_url),
        # How long a "Still correct" link in a reminder email works.
        "CONFIRM_LINK_DAYS": int(env.get("CONFIRM_LINK_DAYS", "30")),
        # How long a group's "Waiting list", "Full" or "By referral only" shows unconfirmed.
        "INTAKE_STALE_DAYS": int(env.get("INTAKE_STALE_DAYS", "60")),
        "RETENTION_MONTHS": int(env.get("RETENTION_MONTHS", "12")),
        # A resident's unsent answers are kept this long after their last change.
        "DRAFT_HOURS": int(env.get("DRAFT_HOURS", "2")),
        "INVALID_RETENTION_DAYS": int(env.get("INVALID_RETENTION_DAYS", "30")),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "") in ("1", "true", "yes"),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "no-reply@example.org"),
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "10")),
        # Where replies go: the sender address is not read, and some emails ask for a reply.
        "MAIL_REPLY_TO": env.get("MAIL_REPLY_TO") or env.get("ADMIN_EMAIL", "admin@example.org"),
        # With no MAIL_SERVER, each email is written here as a file (never to the log).
        "MAIL_FILE_DIR": env.get("MAIL_FILE_DIR") or str(instance_path / "sent-mail"),
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE", "Europe/London"),
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        # How long an SQLite writer waits for another to finish before "try again" (503).
        "SQLITE_BUSY_TIMEOUT": float(env.get("SQLITE_BUSY_TIMEOUT", "10")),
        # PostgreSQL connections per process (core/database.engine_options says how to size them).
        "DATABASE_POOL": {
            "pool_size": int(env.get("DATABASE_POOL_SIZE", "5")),
            "max_overflow": int(env.get("DATABASE_MAX_OVERFLOW", "5")),
            "pool_timeout": float(env.get("DATABASE_POOL_TIMEOUT", "10")),
            "statement_timeout_ms": int(env.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000")),
        },
        # Staff sessions end after this long idle, and after this long in all.
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=int(env.get("STAFF_IDLE_MINUTES", "30"))),
        "STAFF_SESSION_MAX_HOURS": float(env.get("STAFF_SESSION_MAX_HOURS", "10")),
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Off by default so `make run` works over plain http on 127.0.0.1; set it behind HTTPS.
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "") in ("1", "true", "yes"),
        # Strict-Transport-Security is sent when PUBLIC_URL is https; 0 turns it off.
        "HSTS_MAX_AGE": int(env.get("HSTS_MAX_AGE", str(365 * 24 * 60 * 60))),
        # Counters shared by every worker and kept over restarts: the app's own database,
        # or Redis when several hosts serve (REDIS_URL, or redis://… here).
        "RATELIMIT_STORAGE_URI": _rate_limit_storage(env),
        # A storage fault lets the request through (and is logged) rather than failing it.
        "RATELIMIT_SWALLOW_ERRORS": True,
        # While Redis is out of reach each process counts in its own memory, so the limits
        # still hold (per process, not at all would be the alternative) until Redis answers.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": _rate_limit_storage(env).startswith("redis"),
        # A Redis that hangs rather than refusing would hold each request for redis-py's
        # default of 5 seconds a try; counting is a sub-millisecond call when it answers.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        if _rate_limit_storage(env).startswith("redis")
        else {},
        "WTF_CSRF_TIME_LIMIT": None,
        # The largest request: a spreadsheet of listings is the only big one.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "5")) * 1_000_000,
    }
