"""Command line: ``veekompas farm assess``, ``veekompas norms list|show``, ``veekompas serve``.

Bad input prints one line on stderr and exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import NoReturn

import typer
import yaml
from rich.console import Console
from rich.table import Table

from veekompas import norms as norm_tables
from veekompas.assess import Assessment, assess_farm
from veekompas.assess.farm_assessment import SituationAssessment
from veekompas.domain import Farm, parse_farm
from veekompas.errors import InputError
from veekompas.format_nl import number, signed
from veekompas.norms.loader import norm_document
from veekompas.presentation import PRODUCT_COLUMNS, product_rows, summary_rows

app = typer.Typer(
    help="veekompas: toekomst van de veehouderij in Regio Foodvalley.", no_args_is_help=True
)
farm_app = typer.Typer(
    help="Eén bedrijf: omvang, type, arbeid en woningcriterium.", no_args_is_help=True
)
norms_app = typer.Typer(help="Normtabellen met hun bronnen.", no_args_is_help=True)
db_app = typer.Typer(help="Database: migraties, back-up en herstel.", no_args_is_help=True)
farms_app = typer.Typer(help="Het bedrijvenregister van de regio.", no_args_is_help=True)
app.add_typer(farm_app, name="farm")
app.add_typer(farms_app, name="farms")
app.add_typer(norms_app, name="norms")
users_app = typer.Typer(help="Gebruikers en API-tokens.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
out = Console(highlight=False)
EXIT_INPUT = 2


def fail(error: InputError) -> NoReturn:
    """Print the error on one line (stderr) and exit with code 2."""
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(EXIT_INPUT)


def load_farm_file(path: Path) -> Farm:
    """Read and validate a farm YAML file; every problem is an :class:`InputError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("FILE", f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            "FILE", f"{path} cannot be read as UTF-8 text ({exc.__class__.__name__})"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError("FILE", f"{path.name} is not valid YAML{where}: {problem}") from None
    return parse_farm(data)


def _print_situation(s: SituationAssessment) -> None:
    table = Table(title=f"Situatie: {s.name}", title_justify="left")
    for col in PRODUCT_COLUMNS:
        table.add_column(col, justify="left" if col in ("Categorie", "Eenheid") else "right")
    for row in product_rows(s):
        table.add_row(*row)
    out.print(table)
    summary = Table(show_header=False, box=None, padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in summary_rows(s):
        summary.add_row(label, value)
    out.print(summary)
    out.print(s.explanation, soft_wrap=True)
    out.print()


def print_assessment(a: Assessment) -> None:
    out.print(
        f"[bold]{a.farm_name or 'Bedrijf'}[/bold]  gemeente: {a.municipality or '–'}  "
        f"normjaar: {a.norm_year}  beleidsprofiel: {a.policy.code}"
    )
    out.print()
    for s in a.situations:
        _print_situation(s)
    for d in a.differences:
        vak = f", {signed(d.vak)} VAK" if d.vak is not None else ""
        out.print(f"Verschil {d.other} t.o.v. {d.base}: {signed(d.nge)} nge{vak}")
    if a.unverified:
        out.print("\n* Niet geverifieerd in een primaire bron:")
        for fig in a.unverified:
            out.print(f"  - {fig.table} {fig.code}: {fig.note}", soft_wrap=True)
    out.print("\nNormtabellen: " + ", ".join(v["version"] for v in a.norm_versions))
    out.print(a.disclaimer, soft_wrap=True)


@farm_app.command("assess")
def farm_assess(
    file: Path = typer.Argument(..., help="Bedrijfsbestand (YAML), zie README."),
    as_json: bool = typer.Option(
        False, "--json", help="Volledig resultaat als JSON, met normversies."
    ),
    policy: str | None = typer.Option(
        None, "--policy", help="Beleidsprofiel (default, lochem, barneveld, ede)."
    ),
) -> None:
    """Omvang (nge, bss, SO), bedrijfstype, VAK, mensjaren en het woningcriterium per situatie."""
    try:
        assessment = assess_farm(load_farm_file(file), policy=policy)
    except InputError as exc:
        fail(exc)
    if as_json:
        typer.echo(assessment.model_dump_json(indent=2))
    else:
        print_assessment(assessment)


@norms_app.command("list")
def norms_list() -> None:
    """Alle normtabellen met versies en bron."""
    table = Table(title="Normtabellen")
    for col in ("Tabel", "Versies (geldig vanaf)", "Rijen", "Niet geverifieerd", "Bron"):
        table.add_column(col)
    for name in norm_tables.table_names():
        versions = norm_tables.versions(name)
        newest = versions[-1]
        flagged = sum(1 for r in newest.rows if r.get("unverified"))
        dates = ", ".join(v.valid_from.isoformat() for v in versions)
        source = f"{newest.meta['publisher']} ({newest.meta['year']})"
        table.add_row(name, dates, str(len(newest.rows)), str(flagged), source)
    out.print(table)


@norms_app.command("show")
def norms_show(
    name: str = typer.Argument(..., help="Naam van de tabel (zie 'veekompas norms list')."),
    on: str | None = typer.Option(
        None, "--on", help="Datum (JJJJ-MM-DD); standaard de nieuwste versie."
    ),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Eén normtabel met bron, eenheden en rijen."""
    try:
        date = _parse_date(on) if on else None
        norm = norm_tables.table(name, on=date)
    except InputError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(norm_document(norm), indent=2, ensure_ascii=False))
        return
    m = norm.meta
    out.print(f"[bold]{norm.version}[/bold]  {m['title']}")
    out.print(f"Bron: {m['source_document']}", soft_wrap=True)
    out.print(
        f"Tabel/bijlage: {m['table_or_annex']}; uitgever: {m['publisher']}; jaar: {m['year']}; "
        f"licentie: {m['licence']}",
        soft_wrap=True,
    )
    if m.get("notes"):
        out.print(f"Opmerkingen: {m['notes']}", soft_wrap=True)
    shown = [c for c in m["columns"] if c not in ("source", "note")]
    table = Table()
    for col in shown:
        unit = m["columns"][col].get("unit")
        table.add_column(f"{col}\n[{unit}]" if unit else col)
    for row in norm.rows:
        table.add_row(*["" if row[c] is None else str(row[c]) for c in shown])
    out.print(table)
    out.print("Bronnen per rij: 'veekompas norms show " + name + " --json'.")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--on", f"{text!r} is not a date; use YYYY-MM-DD") from None


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Adres (standaard VEEKOMPAS_HOST of 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Poort (standaard VEEKOMPAS_PORT of 8000)."),
) -> None:
    """Start de webapp en API op http://HOST:PORT/."""
    import uvicorn

    from veekompas.settings import get_settings
    from veekompas.web.app import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port

    typer.echo(
        f"veekompas op http://{host}:{port}/bedrijf/toets (API-documentatie: /docs)", err=True
    )
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def _database_url() -> str:
    from veekompas.settings import get_settings

    return get_settings().resolved_database_url()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Breng de database (VEEKOMPAS_DATABASE_URL of data/veekompas.db) naar de nieuwste migratie."""
    from veekompas.store.db import upgrade

    upgrade(_database_url())
    typer.echo("database bijgewerkt tot de nieuwste migratie", err=True)


@db_app.command("backup")
def db_backup(file: Path = typer.Argument(..., help="Doelbestand van de back-up.")) -> None:
    """Schrijf een consistente back-up (SQLite of PostgreSQL) naar FILE."""
    from veekompas.store.backup import backup

    try:
        backup(_database_url(), file)
    except InputError as exc:
        fail(exc)
    typer.echo(f"back-up geschreven: {file}", err=True)


@db_app.command("restore")
def db_restore(file: Path = typer.Argument(..., help="Back-up die de database vervangt.")) -> None:
    """Vervang de database door de back-up in FILE."""
    from veekompas.store.backup import restore

    try:
        restore(_database_url(), file)
    except InputError as exc:
        fail(exc)
    typer.echo(f"database hersteld uit {file}", err=True)


@farms_app.command("list")
def farms_list(
    municipality: str | None = typer.Option(None, help="Alleen deze gemeente."),
    intent: str | None = typer.Option(None, help="stopper, blijver of onbekend."),
    after: str | None = typer.Option(None, help="Volgende pagina: na dit UBN."),
    limit: int = typer.Option(50, help="Aantal bedrijven (1-1000)."),
) -> None:
    """Bedrijven uit het register, op UBN gesorteerd."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.farms import FarmRepository

    if intent and intent not in ("stopper", "blijver", "onbekend"):
        fail(InputError("--intent", f"{intent!r} is not allowed; use stopper, blijver or onbekend"))
    engine = make_engine(_database_url())
    try:
        with session_factory(engine)() as session:
            farms = FarmRepository(session, "cli").list(
                municipality=municipality, intent=intent, after_ubn=after, limit=limit
            )
    except InputError as exc:
        fail(exc)
    table = Table(title=f"Bedrijven ({len(farms)})")
    for col in (
        "UBN",
        "Naam",
        "Gemeente",
        "Plaats",
        "Dierplaatsen",
        "NH3 vergund (kg/j)",
        "Intentie",
    ):
        table.add_column(col)
    for f in farms:
        places = sum(h.dierplaatsen for h in f.housings)
        nh3 = number(f.permitted_nh3_kg_per_year, 0)
        table.add_row(f.ubn, f.name, f.municipality, f.location.place or "", number(places, 0), nh3,
                      f.succession.intent)  # fmt: skip
    out.print(table)


@farms_app.command("show")
def farms_show(
    ubn: str = typer.Argument(..., help="UBN van het bedrijf."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Eén bedrijf uit het register."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.farms import FarmRepository, NotFoundError

    with session_factory(make_engine(_database_url()))() as session:
        try:
            farm = FarmRepository(session, "cli").get(ubn)
        except NotFoundError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
    typer.echo(farm.model_dump_json(indent=2) if as_json else yaml.safe_dump(
        farm.model_dump(mode="json"), allow_unicode=True, sort_keys=False))  # fmt: skip


@farms_app.command("export")
def farms_export(
    file: Path = typer.Argument(..., help="CSV-bestand (één rij per record)."),
) -> None:
    """Schrijf alle bedrijven met stallen, dieren, gewassen en opvolging naar CSV."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.exchange import farms_to_csv
    from veekompas.store.farms import FarmRepository

    with session_factory(make_engine(_database_url()))() as session:
        farms = list(FarmRepository(session, "cli").iter_all())
    file.write_text(farms_to_csv(farms), encoding="utf-8")
    typer.echo(f"{len(farms)} bedrijven geschreven naar {file}", err=True)


@farms_app.command("import")
def farms_import(
    file: Path = typer.Argument(..., help="CSV-bestand zoals 'farms export' het schrijft."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Importeer de goede bedrijven en noem de andere."
    ),
) -> None:
    """Controleer eerst alle rijen; bij een fout wordt niets geschreven (tenzij --skip-invalid)."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.exchange import import_csv
    from veekompas.store.farms import FarmRepository

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        fail(InputError("FILE", f"{file} cannot be read as UTF-8 text"))
    with session_factory(make_engine(_database_url()))() as session:
        report = import_csv(FarmRepository(session, "cli-import"), text, skip_invalid=skip_invalid)
        if report.written:
            session.commit()
    for problem in report.problems:
        typer.echo(f"error: {problem}", err=True)
    if not report.written:
        typer.echo(f"error: FILE: {len(report.problems)} problem(s); nothing imported", err=True)
        raise typer.Exit(EXIT_INPUT)
    typer.echo(
        f"nieuw {len(report.created)}, bijgewerkt {len(report.updated)}, ongewijzigd "
        f"{len(report.unchanged)}, overgeslagen {len(report.skipped)}"
        + (f" ({', '.join(report.skipped)})" if report.skipped else "")
    )


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Gebruikersnaam (a-z, 0-9, . _ -)."),
    role: str = typer.Option(..., help="admin, regio, gemeente, adviseur, boer of publiek."),
    municipality: str | None = typer.Option(None, help="Gemeente (verplicht bij rol gemeente)."),
    farm: str | None = typer.Option(
        None, help="UBN van het eigen bedrijf (verplicht bij rol boer)."
    ),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="VEEKOMPAS_NEW_PASSWORD",
        help="Wachtwoord (minstens 10 tekens); gevraagd als het ontbreekt.",
    ),
) -> None:
    """Voeg een gebruiker toe (wachtwoord met argon2 opgeslagen)."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.users import UserRepository

    with session_factory(make_engine(_database_url()))() as session:
        try:
            user = UserRepository(session).add(username, password, role, municipality, farm)
        except InputError as exc:
            fail(exc)
        session.commit()
    typer.echo(f"gebruiker {user.username} toegevoegd met rol {user.role}", err=True)


@users_app.command("token")
def users_token(username: str = typer.Argument(..., help="Gebruikersnaam.")) -> None:
    """Maak een API-token (Authorization: Bearer ...); het wordt eenmaal getoond."""
    from veekompas.store.db import make_engine, session_factory
    from veekompas.store.users import UserRepository

    with session_factory(make_engine(_database_url()))() as session:
        try:
            token = UserRepository(session).create_token(username)
        except InputError as exc:
            fail(exc)
        session.commit()
    typer.echo(token)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
