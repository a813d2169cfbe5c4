"""What every command shares: the console, one-line errors with exit code 2."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from veekompas.errors import InputError
from veekompas.reasons_nl import dutch_error

out = Console(highlight=False)  # results: stdout
err = Console(stderr=True, highlight=False)  # messages: progress, warnings, errors
EXIT_INPUT = 2
EXIT_UNEXPECTED = 1


def fail(error: InputError) -> NoReturn:
    """Print the error on one line in Dutch (stderr), ``fout: <field>: <reden>``, and exit 2."""
    say_error(dutch_error(error))
    raise typer.Exit(EXIT_INPUT)


def say_error(text: str) -> None:
    """One error line on stderr, as every command words it: ``fout: ...``."""
    typer.echo(f"fout: {text}", err=True)


def say(text: str) -> None:
    """A message (progress, what was written, a warning) on stderr; results go to stdout."""
    typer.echo(text, err=True)


def unexpected_error_message(exc: BaseException) -> str:
    """One line for an error no command expected (a bug, a broken database): what it is and
    its first line, so it can be reported; the traceback stays out of the user's way."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"onverwachte fout ({type(exc).__name__})" + (f": {first}" if first else "")
    return text[:300]


def print_unverified(figures: list) -> None:
    """The unverified figures a result rests on, one per line (nothing when there are none)."""
    if figures:
        out.print("\n* Niet geverifieerd in een primaire bron:")
        for fig in figures:
            out.print(f"  - {fig.table} {fig.code}: {fig.note}", soft_wrap=True)


def read_yaml_file(path: Path) -> object:
    """The YAML data of ``path``; a missing, unreadable or malformed file is an InputError."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("FILE", f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "FILE", f"{path} cannot be read as UTF-8 text ({exc.__class__.__name__})"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError("FILE", f"{path.name} is not valid YAML{where}: {problem}") from None


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or what a new file would get under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old file or the whole new one, never half of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
