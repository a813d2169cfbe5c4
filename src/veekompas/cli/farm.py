"""One-farm and norm commands: ``farm assess``, ``norms list|show``, ``serve``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from veekompas import norms as norm_tables
from veekompas.cli.common import fail, out, print_unverified, read_yaml_file, say
from veekompas.domain import Farm, parse_farm
from veekompas.errors import InputError
from veekompas.format_nl import number, signed
from veekompas.norms.loader import norm_document, table_summaries

if TYPE_CHECKING:  # the assessment is imported by the commands that use it (start-up time)
    from veekompas.assess import Assessment
    from veekompas.assess.farm_assessment import SituationAssessment

farm_app = typer.Typer(
    help="Eén bedrijf: omvang, type, arbeid en woningcriterium.", no_args_is_help=True
)
norms_app = typer.Typer(help="Normtabellen met hun bronnen.", no_args_is_help=True)


def load_farm_file(path: Path) -> Farm:
    """Read and validate a farm YAML file; every problem is an :class:`InputError`."""
    return parse_farm(read_yaml_file(path))


def _print_situation(s: SituationAssessment) -> None:
    from veekompas.presentation import PRODUCT_COLUMNS, product_rows, summary_rows

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
    print_unverified(a.unverified)
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
        from veekompas.assess import assess_farm

        assessment = assess_farm(load_farm_file(file), policy=policy)
    except InputError as exc:
        fail(exc)
    if as_json:
        typer.echo(assessment.model_dump_json(indent=2))
    else:
        print_assessment(assessment)


def _cell(value: object) -> str:
    """A norm table's cell as text; a decimal number with a decimal comma (``1,20426``), codes
    and whole numbers (years among them) as they are."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


@norms_app.command("list")
def norms_list() -> None:
    """Alle normtabellen met versies en bron."""
    table = Table(title="Normtabellen")
    for col in ("Tabel", "Versies", "Rijen", "Niet geverifieerd", "Bron"):
        table.add_column(col)
    for t in table_summaries():
        source = f"{t['publisher']} ({t['year']})"
        row = (
            t["table"],
            ", ".join(t["versions"]),
            number(t["rows"], 0),
            number(t["unverified_rows"], 0),
            source,
        )
        table.add_row(*row)
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
        table.add_row(*[_cell(row[c]) for c in shown])
    out.print(table)
    out.print("Bronnen per rij: 'veekompas norms show " + name + " --json'.")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("--on", f"{text!r} is not a date; use YYYY-MM-DD") from None


def serve(
    host: str | None = typer.Option(None, help="Adres (standaard VEEKOMPAS_HOST of 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Poort (standaard VEEKOMPAS_PORT of 8000)."),
) -> None:
    """Start de webapp en API op http://HOST:PORT/."""
    import uvicorn

    from veekompas.settings import get_settings
    from veekompas.store.db import upgrade
    from veekompas.web.app import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    upgrade(settings.resolved_database_url())

    say(f"veekompas op http://{host}:{port}/ (kaart; API-documentatie: /docs)")
    # keep-alive longer than a browser's or script's pause between requests: a connection the
    # server closes just as the client reuses it is a spurious error on the client's side
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", timeout_keep_alive=30)
