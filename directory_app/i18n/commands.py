"""``flask translate``: extract, update, compile and start message catalogues (pybabel)."""

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"
TRANSLATIONS = ROOT / "translations"


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise click.ClickException(f"pybabel {args[0]} failed")


translate_group = AppGroup("translate", help="Manage interface translations.")


@translate_group.command("extract")
def extract() -> None:
    """Extract every translatable string into translations/messages.pot."""
    _pybabel(
        "extract", "-F", "babel.cfg", "-k", "_l", "-k", "translatable", "--no-location", "--sort-output",
        "--add-comments", "i18n:", "-o", str(POT), ".",
    )  # fmt: skip


@translate_group.command("update")
def update() -> None:
    """Extract, then merge new strings into every language's catalogue."""
    extract.callback()
    if any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        # Strings no page uses any more are dropped, not kept as "#~" entries for ever.
        _pybabel(
            "update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
            "--ignore-obsolete",
        )  # fmt: skip


@translate_group.command("compile")
def compile_catalogues() -> None:
    """Compile every catalogue to .mo (done by `make run` and the test setup)."""
    if any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
    else:
        click.echo("No language catalogues to compile yet.")


@translate_group.command("init")
@click.argument("language")
def init(language: str) -> None:
    """Start a catalogue for LANGUAGE (a code such as pl or ur)."""
    extract.callback()
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language)
