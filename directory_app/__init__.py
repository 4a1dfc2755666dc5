"""A public directory of community activities for social prescribing."""

import logging
from pathlib import Path

from flask import Flask

from directory_app.config import config_from_environment
from directory_app.extensions import babel, csrf, db, limiter, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application. ``config`` overrides settings (tests pass their own)."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
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
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def register_extensions(app: Flask) -> None:
    from directory_app import locale_urls
    from directory_app.accounts.access import configure as configure_sign_in
    from directory_app.i18n import select_locale, select_timezone, shipped_locales
    from directory_app.search.sync import install_hooks

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    locale_urls.install(app, shipped_locales(app))
    csrf.init_app(app)
    limiter.init_app(app)
    configure_sign_in(app)
    with app.app_context():
        install_hooks()


def register_blueprints(app: Flask) -> None:
    from directory_app.accounts import blueprint as accounts_blueprint
    from directory_app.directory import blueprint as directory_blueprint
    from directory_app.groups import blueprint as groups_blueprint
    from directory_app.inbox import blueprint as inbox_blueprint
    from directory_app.listings import blueprint as listings_blueprint
    from directory_app.pages import blueprint as pages_blueprint
    from directory_app.referrals import blueprint as referrals_blueprint

    app.register_blueprint(directory_blueprint)
    app.register_blueprint(pages_blueprint)
    app.register_blueprint(accounts_blueprint)
    app.register_blueprint(referrals_blueprint)
    app.register_blueprint(inbox_blueprint)
    app.register_blueprint(listings_blueprint)
    app.register_blueprint(groups_blueprint)


def register_template_helpers(app: Flask) -> None:
    from directory_app.i18n import template_globals
    from directory_app.presentation import register_filters

    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(template_globals)
    register_filters(app)


def register_errorhandlers(app: Flask) -> None:
    from directory_app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from directory_app.accounts.commands import users_group
    from directory_app.i18n_commands import translate_group
    from directory_app.listings.commands import listings_group
    from directory_app.referrals.commands import mail_group, referrals_group
    from directory_app.search.commands import search_group
    from directory_app.seeding.commands import seed_command

    app.cli.add_command(seed_command)
    app.cli.add_command(search_group)
    app.cli.add_command(translate_group)
    app.cli.add_command(users_group)
    app.cli.add_command(referrals_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(listings_group)
