"""``flask users``: create staff accounts from the command line."""

import sys

import click
from flask.cli import AppGroup

from directory_app.accounts.service import AccountError, create_user
from directory_app.core.transaction import unit_of_work
from directory_app.models.staff import ROLES

users_group = AppGroup("users", help="Manage staff accounts.")


@users_group.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="Their name, as colleagues know them.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create a staff account. Asks for the password unless --password-stdin is given."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work():
            user = create_user(email, name, role, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {role} account {user.id} for {user.email}.")
