"""``flask terms import FILE.csv``: the school terms that term-time sessions follow.

``flask terms missing`` lists the boroughs with term-time sessions but no terms, whose
sessions have no dates (and so no "next session") until their terms are imported.
"""

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from directory_app.core.transaction import unit_of_work
from directory_app.listings import school_terms

terms_group = AppGroup("terms", help="School term dates per borough, for term-time sessions.")


@terms_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file without writing anything.")
def import_terms(path: Path, dry_run: bool) -> None:
    """Replace each borough's terms with the file's (columns: borough, name, starts_on,
    ends_on)."""
    terms, problems = school_terms.read_terms_csv(path.read_text("utf-8-sig"))
    if problems:
        for problem in problems:
            row = _("row {row}").format(row=problem.row) if problem.row else _("file")
            click.echo(f"{row}, {problem.column}: {problem.message}", err=True)
        raise click.ClickException(_("Nothing was imported."))
    if dry_run:
        click.echo(
            ngettext(
                "Dry run: %(num)d term is fine. Nothing was written.",
                "Dry run: %(num)d terms are fine. Nothing was written.",
                len(terms),
            )
        )
        return
    with unit_of_work():
        counts = school_terms.replace_terms(terms)
    _echo_counts(counts)


@terms_group.command("seed")
def seed_terms() -> None:
    """Load the seed data's terms (seeds/school_terms.json)."""
    with unit_of_work():
        counts = school_terms.load_seed_terms()
    _echo_counts(counts)


@terms_group.command("missing")
def missing_terms() -> None:
    """Boroughs with term-time sessions but no terms known."""
    with unit_of_work(writes=False):
        boroughs = school_terms.boroughs_without_terms()
    if not boroughs:
        click.echo(_("Every borough with term-time sessions has its terms."))
    for borough in boroughs:
        click.echo(borough)


def _echo_counts(counts: dict[str, int]) -> None:
    for borough, count in counts.items():
        # i18n: a borough and how many school terms it now has, e.g. "Hackney: 8 terms"
        line = ngettext("{borough}: %(num)d term", "{borough}: %(num)d terms", count)
        click.echo(line.format(borough=borough))
