"""``veekompas imaer export|import``: registry farms to IMAER 6.0 GML for AERIUS Calculator, and
the sources (and receptor depositions) of an IMAER file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from veekompas.cli.common import fail, out, say, write_atomically
from veekompas.errors import InputError
from veekompas.format_nl import count, number

imaer_app = typer.Typer(
    help="IMAER 6.0 GML: bedrijven naar AERIUS Calculator en bronnen uit AERIUS-bestanden.",
    no_args_is_help=True,
)


@imaer_app.command("export")
def imaer_export(
    ubn: str | None = typer.Argument(None, help="UBN van het bedrijf (of --all)."),
    all_farms: bool = typer.Option(False, "--all", help="Alle bedrijven van het register."),
    out_file: Path = typer.Option(..., "--out", help="Doelbestand (.gml)."),
    situation: str = typer.Option("PROPOSED", help="Situatietype: REFERENCE of PROPOSED."),
    year: int = typer.Option(2024, help="Rekenjaar (ook de datum van de Rav-tabel: 1 januari)."),
) -> None:
    """Schrijf een bedrijf (of het hele register) als IMAER 6.0 GML voor AERIUS Calculator."""
    from veekompas.cli.registry import _session
    from veekompas.store.farms import FarmRepository, NotFoundError
    from veekompas.store.imaer import export_farms

    if (ubn is None) == (not all_farms):
        fail(InputError("UBN", "give one UBN or --all (not both)"))
    if situation not in ("REFERENCE", "PROPOSED"):
        fail(InputError("--situation", f"{situation!r} is not allowed; use REFERENCE or PROPOSED"))
    try:
        with _session() as session:
            repo = FarmRepository(session, "cli")
            farms = list(repo.iter_all()) if all_farms else [repo.get(ubn or "")]
        data = export_farms(farms, situation_type=situation, year=year)
    except NotFoundError as exc:
        fail(InputError("UBN", str(exc).removeprefix("ubn: ")))
    except InputError as exc:
        fail(exc)
    try:
        write_atomically(out_file, data)
    except OSError as exc:
        fail(InputError("--out", f"{out_file} cannot be written ({exc.strerror})"))
    say(
        f"{count(len(farms), 'bedrijf', 'bedrijven')} als IMAER 6.0 "
        f"({situation}, {year}) in {out_file}"
    )


@imaer_app.command("import")
def imaer_import(
    file: Path = typer.Argument(..., help="IMAER 6.0 GML (bronnen of AERIUS-resultaten)."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Toon de bronnen (en rekenpuntdeposities) van een IMAER-bestand."""
    from veekompas.store.imaer import parse

    try:
        document = parse(file.read_bytes())
    except InputError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError("FILE", f"{file} cannot be read ({exc.strerror})"))
    if as_json:
        typer.echo(json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    m = document.metadata
    situation = m.situation_type or "-"
    out.print(f"{file.name}: rekenjaar {m.year}, situatie {m.situation_name or '-'} ({situation})")
    table = Table(title=f"Bronnen ({number(len(document.sources), 0)})")
    for col in ("Bron", "Label", "Sector", "Hoogte (m)", "Spreiding (m)", "NH3 (kg/j)", "Stallen"):
        table.add_column(col)
    for s in document.sources:
        housings = "; ".join(
            f"{h.housing_code or h.rav_code or h.animal_type} x {h.number_of_animals}"
            + (f" à {number(h.nh3_kg_per_animal_year, 3)}" if h.kind == "custom" else "")
            for h in s.animal_housings
        )
        spread = number(s.spread_m, 1) if s.spread_m is not None else "-"
        nh3 = number(s.emission_kg_per_year.get("NH3", 0.0), 1)
        row = (s.local_id, s.label or "", s.sector_id, number(s.emission_height_m, 1), spread)
        table.add_row(*row, nh3, housings)
    out.print(table)
    if document.depositions:
        values = list(document.depositions.values())
        out.print(
            f"{count(len(values), 'rekenpunt', 'rekenpunten')} met depositie; "
            f"max {number(max(values), 4)} mol N/ha/jaar"
        )
