"""Every shipped language is complete, and no translation breaks a placeholder."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
# Languages with a complete catalogue. Add each new one here when its catalogue is complete.
SHIPPED = {
    "ar",
    "bg",
    "bn",
    "es",
    "fr",
    "gu",
    "it",
    "ku",
    "lt",
    "pa",
    "pl",
    "pt",
    "ro",
    "ru",
    "so",
    "sq",
    "ta",
    "tr",
    "ur",
    "yi",
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]|%%")


def _read(path: Path):
    language = path.parent.parent.name if path.suffix == ".po" else None
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_shipped_language_has_its_catalogue():
    assert {path.parent.parent.name for path in CATALOGUES} == SHIPPED


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_is_complete_and_keeps_every_placeholder(path):
    template = _read(TRANSLATIONS / "messages.pot")
    catalogue = _read(path)
    assert not catalogue.fuzzy, "the header is marked fuzzy, so pybabel would not compile it"
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, str):
            pairs = [(message.id, translated.string)]
        else:
            forms = translated.string
            if len(forms) != catalogue.num_plurals:
                problems.append(f"{len(forms)} plural forms, not {catalogue.num_plurals}")
            # Every form keeps the plural's placeholders (%(num)d and the rest).
            pairs = [(message.id[1], form) for form in forms]
        for original, text in pairs:
            if not text:
                problems.append(f"untranslated: {message.id!r}")
            elif _placeholders(original) != _placeholders(text):
                problems.append(f"placeholders changed: {message.id!r} -> {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_says_whether_a_native_speaker_has_reviewed_it(path):
    header = _read(path).header_comment
    assert "needs review by a native speaker" in header or "reviewed by" in header


def test_catalogue_template_is_up_to_date(tmp_path):
    """A string added to a template or form without `flask translate update` fails here."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "translatable", "--no-location", "--sort-output",
         "--add-comments", "i18n:", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    committed = {message.id for message in _read(TRANSLATIONS / "messages.pot")}
    assert {message.id for message in _read(fresh)} == committed
