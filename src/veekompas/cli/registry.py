"""Registry commands: ``db upgrade|backup|restore``, ``farms list|show|import|export`` (``users``
is in cli/users.py). The database is VEEKOMPAS_DATABASE_URL or the SQLite file in the data dir."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
import yaml
from rich.table import Table

from veekompas.cli.common import EXIT_INPUT, fail, out, say, say_error, write_atomically
from veekompas.domain.registry import SECTORS
from veekompas.errors import InputError, unknown_value_message
from veekompas.format_nl import count, number
from veekompas.reasons_nl import dutch_problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

db_app = typer.Typer(help="Database: migraties, back-up en herstel.", no_args_is_help=True)
farms_app = typer.Typer(help="Het bedrijvenregister van de regio.", no_args_is_help=True)


def _database_url() -> str:
    from veekompas.settings import get_settings

    return get_settings().resolved_database_url()


@contextmanager
def _session(write: bool = False) -> Iterator[Session]:
    """A session on the configured database, created or migrated first when it is not current;
    the engine is disposed afterwards. A ``write`` session takes SQLite's write lock at its
    start, so it queues behind a running web server's writers instead of failing on a stale
    snapshot."""
    from veekompas.store.db import (
        ensure_current,
        make_engine,
        session_factory,
        write_session_factory,
    )

    url = _database_url()
    ensure_current(url)
    engine = make_engine(url, pool_size=1)
    factory = write_session_factory if write else session_factory
    try:
        with factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Breng de database (VEEKOMPAS_DATABASE_URL of data/veekompas.db) naar de nieuwste migratie."""
    from veekompas.store.db import upgrade

    upgrade(_database_url())
    say("database bijgewerkt tot de nieuwste migratie")


@db_app.command("backup")
def db_backup(file: Path = typer.Argument(..., help="Doelbestand van de back-up.")) -> None:
    """Schrijf een consistente back-up (SQLite of PostgreSQL) naar FILE."""
    from veekompas.store.backup import backup

    try:
        backup(_database_url(), file)
    except InputError as exc:
        fail(exc)
    say(f"back-up geschreven: {file}")


@db_app.command("restore")
def db_restore(file: Path = typer.Argument(..., help="Back-up die de database vervangt.")) -> None:
    """Vervang de database door de back-up in FILE."""
    from veekompas.store.backup import restore

    try:
        restore(_database_url(), file)
    except InputError as exc:
        fail(exc)
    say(f"database hersteld uit {file}")


@farms_app.command("list")
def farms_list(
    municipality: str | None = typer.Option(None, help="Alleen deze gemeente."),
    sector: str | None = typer.Option(None, help="vleeskalveren, melkvee, varkens, ..."),
    intent: str | None = typer.Option(None, help="stopper, blijver of onbekend."),
    after: str | None = typer.Option(None, help="Volgende pagina: na dit UBN."),
    limit: int = typer.Option(50, help="Aantal bedrijven (1-1000)."),
) -> None:
    """Bedrijven uit het register, op UBN gesorteerd."""
    from veekompas.store.farms import FarmRepository

    if intent and intent not in ("stopper", "blijver", "onbekend"):
        fail(InputError("--intent", f"{intent!r} is not allowed; use stopper, blijver or onbekend"))
    if sector and sector not in SECTORS:
        fail(InputError("--sector", unknown_value_message("sector", sector, SECTORS)))
    try:
        with _session() as session:
            farms = FarmRepository(session, "cli").list(
                municipality=municipality,
                sector=sector,
                intent=intent,
                after_ubn=after,
                limit=limit,
            )
    except InputError as exc:
        fail(exc)
    table = Table(title=f"Bedrijven ({number(len(farms), 0)})")
    for col in (
        "UBN",
        "Naam",
        "Gemeente",
        "Sector",
        "Plaats",
        "Dierplaatsen",
        "NH3 vergund (kg/j)",
        "Voornemen",
    ):
        table.add_column(col)
    for f in farms:
        places = sum(h.dierplaatsen for h in f.housings)
        nh3 = number(f.permitted_nh3_kg_per_year, 0)
        cells = (f.ubn, f.name, f.municipality, f.sector, f.location.place or "")
        table.add_row(*cells, number(places, 0), nh3, f.succession.intent)
    out.print(table)


@farms_app.command("show")
def farms_show(
    ubn: str = typer.Argument(..., help="UBN van het bedrijf."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Eén bedrijf uit het register."""
    from veekompas.store.farms import FarmRepository, NotFoundError

    with _session() as session:
        try:
            farm = FarmRepository(session, "cli").get(ubn)
        except NotFoundError as exc:
            fail(InputError("ubn", str(exc).removeprefix("ubn: ")))
    typer.echo(farm.model_dump_json(indent=2) if as_json else yaml.safe_dump(
        farm.model_dump(mode="json"), allow_unicode=True, sort_keys=False))  # fmt: skip


FORMAT_HELP = "csv, xlsx, geojson of gpkg (anders volgens de extensie van FILE)."


@farms_app.command("export")
def farms_export(
    file: Path = typer.Argument(..., help="Doelbestand: .csv, .xlsx, .geojson/.json of .gpkg."),
    fmt: str | None = typer.Option(None, "--format", help=FORMAT_HELP),
) -> None:
    """Schrijf alle bedrijven met stallen, dieren, gewassen en opvolging naar FILE."""
    from veekompas.store.exchange import dump, format_for
    from veekompas.store.farms import FarmRepository

    try:
        name = format_for(file, fmt)
    except InputError as exc:
        fail(exc)
    with _session() as session:
        farms = list(FarmRepository(session, "cli").iter_all())
    try:
        write_atomically(file, dump(farms, name))
    except OSError as exc:
        fail(InputError("FILE", f"{file} cannot be written ({exc.strerror})"))
    say(f"{count(len(farms), 'bedrijf', 'bedrijven')} geschreven naar {file} ({name})")


@farms_app.command("import")
def farms_import(
    file: Path = typer.Argument(..., help="Bestand zoals 'farms export' het schrijft."),
    fmt: str | None = typer.Option(None, "--format", help=FORMAT_HELP),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Importeer de goede bedrijven en noem de andere."
    ),
) -> None:
    """Controleer eerst alle rijen; bij een fout wordt niets geschreven (tenzij --skip-invalid)."""
    from veekompas.store.exchange import ImportLimits, format_for, import_farms, parse
    from veekompas.store.exchange.limits import check_size
    from veekompas.store.farms import FarmRepository

    try:
        name = format_for(file, fmt)
        bounds = ImportLimits.from_settings()
        check_size(file.stat().st_size, bounds)  # before a byte is read
        parsed = parse(file.read_bytes(), name, bounds)
    except InputError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError("FILE", f"{file} cannot be read ({exc.strerror})"))
    with _session(write=True) as session:
        repo = FarmRepository(session, "cli-import")
        report = import_farms(repo, parsed, skip_invalid=skip_invalid)
        if report.written:
            session.commit()
    summary = report.summary()  # the first problems, then a count per field
    for p in summary.listed:
        say_error(dutch_problem(p.unit, p.row, p.field, p.value, p.reason))
    if summary.more:
        fields = ", ".join(f"{name} {number(n, 0)}" for name, n in summary.more_per_field.items())
        say_error(f"en nog {count(summary.more, 'probleem', 'problemen')} ({fields})")
    for w in report.warnings:
        say("waarschuwing: " + dutch_problem(w.unit, w.row, w.field, w.value, w.reason))
    if not report.written:
        say_error(f"FILE: {count(summary.total, 'probleem', 'problemen')}; niets geïmporteerd")
        raise typer.Exit(EXIT_INPUT)
    say(
        f"nieuw {number(len(report.created), 0)}, bijgewerkt {number(len(report.updated), 0)}, "
        f"ongewijzigd {number(len(report.unchanged), 0)}, "
        f"overgeslagen {number(len(report.skipped), 0)}"
        + (f" ({', '.join(report.skipped)})" if report.skipped else "")
    )
