"""Command line of veekompas. Bad input prints one line on stderr and exits with code 2."""

from __future__ import annotations

import sys

import typer

from veekompas.cli import scan as _scan  # noqa: F401  (registers 'farm scan')
from veekompas.cli.common import EXIT_UNEXPECTED, unexpected_error_message
from veekompas.cli.demo import demo_app
from veekompas.cli.deposition import deposition_app
from veekompas.cli.farm import farm_app, norms_app, serve
from veekompas.cli.imaer import imaer_app
from veekompas.cli.registry import db_app, farms_app
from veekompas.cli.users import users_app

app = typer.Typer(
    help="veekompas: toekomst van de veehouderij in Regio Foodvalley.", no_args_is_help=True
)
app.add_typer(farm_app, name="farm")
app.add_typer(norms_app, name="norms")
app.add_typer(farms_app, name="farms")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")
app.add_typer(imaer_app, name="imaer")
app.add_typer(deposition_app, name="deposition")
app.command()(serve)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; an unexpected error is one line on stderr (exit 1), no traceback."""
    try:
        app(args=argv, prog_name="veekompas")
    except Exception as exc:
        typer.echo(f"fout: {unexpected_error_message(exc)}", err=True)
        sys.exit(EXIT_UNEXPECTED)


if __name__ == "__main__":
    sys.exit(main())
