"""Command line of veekompas. Bad input prints one line on stderr and exits with code 2."""

from __future__ import annotations

import sys

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.exceptions import Abort

from veekompas.cli import scan as _scan  # noqa: F401  (registers 'farm scan')
from veekompas.cli.common import EXIT_INPUT, EXIT_UNEXPECTED, say_error, unexpected_error_message
from veekompas.cli.demo import demo_app
from veekompas.cli.deposition import deposition_app
from veekompas.cli.farm import farm_app, norms_app, serve
from veekompas.cli.imaer import imaer_app
from veekompas.cli.registry import db_app, farms_app
from veekompas.cli.users import users_app
from veekompas.reasons_nl import dutch_reason

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
    """Run the command line. A wrong call (missing argument, unknown option) is one Dutch line
    (exit 2); an unexpected error one line too (exit 1); never a traceback."""
    try:
        code = app(args=argv, prog_name="veekompas", standalone_mode=False)
    except NoArgsIsHelpError as exc:  # a group without a command: its help, as click shows it
        exc.show()
        sys.exit(exc.exit_code)
    except ClickException as exc:  # usage errors among them
        say_error(dutch_reason(exc.format_message()))
        sys.exit(EXIT_INPUT if isinstance(exc, UsageError) else exc.exit_code)
    except Abort:  # no answer to a question (stdin closed)
        say_error("afgebroken")
        sys.exit(EXIT_UNEXPECTED)
    except Exception as exc:  # the last resort: never a traceback for a user
        say_error(unexpected_error_message(exc))
        sys.exit(EXIT_UNEXPECTED)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    sys.exit(main())
