"""A public directory of community activities for social prescribing.

``create_app`` builds the app in named steps. The layers, from the bottom: ``domain`` (the
rules listings follow), ``core`` (config, extensions, the one transaction boundary, audit,
mail, errors), ``models``, ``i18n``, ``web`` (shared web parts), then one package per feature.
A layer imports only those below it; ``tests/test_architecture.py`` holds it to that.
"""

from pathlib import Path

from flask import Flask

from directory_app.core.config import config_from_environment
from directory_app.core.extensions import babel, csrf, db, limiter, migrate
from directory_app.core.transaction import TransactionalFlask
from directory_app.web.input import RecordIdConverter

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application. ``config`` overrides settings (tests pass their own)."""
    app = TransactionalFlask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    # Ids in routes stop where the database's do: anything larger is a 404, not a 500.
    app.url_map.converters["int"] = RecordIdConverter
    instance = Path((config or {}).get("INSTANCE_PATH", app.instance_path))
    app.config.update(config_from_environment(instance))
    app.config.update(INDEX_LOCK_TIMEOUT=5.0)
    if config:
        app.config.update(config)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def configure_logging(app: Flask) -> None:
    from directory_app.core import logs

    # Scrubbed of personal data in every record; JSON lines with request ids when
    # LOG_FORMAT=json; a stderr handler outside tests and debugging.
    logs.configure(app)


def register_extensions(app: Flask) -> None:
    from directory_app.core import compression, database, headers
    from directory_app.i18n import page_language, url_prefix
    from directory_app.i18n.locale import select_locale, select_timezone, shipped_locales
    from directory_app.search.sync import install_hooks
    from directory_app.web.access import configure as configure_sign_in

    database.configure(app)
    db.init_app(app)
    database.install(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    url_prefix.install(app, shipped_locales(app))
    page_language.install(app)
    csrf.init_app(app)
    limiter.init_app(app)
    configure_sign_in(app)
    # After-request hooks run last-registered first: the headers (which mark personal
    # pages no-store) before compression (which leaves those pages alone).
    compression.install(app)
    headers.install(app)
    with app.app_context():
        install_hooks()


def register_blueprints(app: Flask) -> None:
    """Each feature's blueprints, from its views modules. Staff pages are in ``StaffArea``
    blueprints, each guarded in one place for its roles."""
    from directory_app.accounts import (
        audit_views,
        outbox_views,
        people_views,
        sign_in_views,
        staff_views,
    )
    from directory_app.buddies import case_views as buddy_case_views
    from directory_app.buddies import views as buddy_views
    from directory_app.directory import views as directory_views
    from directory_app.discovery import views as discovery_views
    from directory_app.groups import (
        admin_organisation_views,
        admin_views,
        cancellation_views,
        editor_views,
        join_views,
        moderation_views,
        organisation_views,
        request_views,
        venue_views,
    )
    from directory_app.groups import (
        referral_views as group_referral_views,
    )
    from directory_app.health import views as health_views
    from directory_app.inbox import (
        attempt_views,
        correction_views,
        intake_views,
        message_views,
        onward_views,
        shortlist_views,
    )
    from directory_app.inbox import views as inbox_views
    from directory_app.listings import file_views, problem_views
    from directory_app.listings import public_views as listing_views
    from directory_app.openactive import views as openactive_views
    from directory_app.oruk import views as oruk_views
    from directory_app.outcomes import case_views as outcome_case_views
    from directory_app.pages import views as page_views
    from directory_app.referrals import professional_views
    from directory_app.referrals import public_views as referral_views
    from directory_app.reports import views as report_views
    from directory_app.shortlists import public_views as shortlist_public_views

    for module in (
        health_views, directory_views, page_views, referral_views, listing_views, join_views,
        sign_in_views, staff_views, audit_views, outbox_views, inbox_views, request_views,
        editor_views, venue_views, moderation_views, problem_views, file_views,
        cancellation_views, oruk_views, openactive_views, discovery_views, professional_views,
        intake_views, correction_views, attempt_views, onward_views, message_views,
        shortlist_views, group_referral_views, buddy_views, buddy_case_views,
        shortlist_public_views, people_views, outcome_case_views, report_views, admin_views,
        admin_organisation_views, organisation_views,
    ):  # fmt: skip
        app.register_blueprint(module.blueprint)


def register_template_helpers(app: Flask) -> None:
    from directory_app.web import templating

    templating.register(app)


def register_errorhandlers(app: Flask) -> None:
    from directory_app.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from directory_app.accounts.commands import users_group
    from directory_app.core.commands import backup_group, mail_group
    from directory_app.i18n.commands import translate_group
    from directory_app.listings.commands import listings_group
    from directory_app.listings.term_commands import terms_group
    from directory_app.referrals.commands import referrals_group
    from directory_app.reports.commands import reports_group
    from directory_app.search.commands import search_group
    from directory_app.seeding.commands import seed_command

    app.cli.add_command(seed_command)
    app.cli.add_command(search_group)
    app.cli.add_command(translate_group)
    app.cli.add_command(users_group)
    app.cli.add_command(referrals_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(backup_group)
    app.cli.add_command(listings_group)
    app.cli.add_command(terms_group)
    app.cli.add_command(reports_group)
