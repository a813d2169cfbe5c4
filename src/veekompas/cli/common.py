"""What every command shares: the console, one-line errors with exit code 2."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from veekompas.errors import InputError

out = Console(highlight=False)
EXIT_INPUT = 2


def fail(error: InputError) -> NoReturn:
    """Print the error on one line (stderr) and exit with code 2."""
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(EXIT_INPUT)
