"""``veekompas demo load``: the demo region into the registry database (migrated first)."""

from __future__ import annotations

import typer

from veekompas.cli.common import fail
from veekompas.errors import InputError
from veekompas.format_nl import number

demo_app = typer.Typer(
    help="Demoregio: echte vergunde NH3-bronnen rond de Veluwe als voorbeeldbedrijven.",
    no_args_is_help=True,
)


@demo_app.command("load")
def demo_load(
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Alleen laden als het register leeg is."
    ),
    replace: bool = typer.Option(False, "--replace", help="Bestaande demobedrijven overschrijven."),
) -> None:
    """Laad de demoregio (846 bedrijven) in het register; alles of niets."""
    from veekompas.cli.registry import _database_url, _session
    from veekompas.demo.load import load_demo_region
    from veekompas.store.db import upgrade

    upgrade(_database_url())
    try:
        with _session() as session:
            report = load_demo_region(session, if_empty=if_empty, replace=replace)
    except InputError as exc:
        fail(exc)
    if report.skipped:
        typer.echo("register is niet leeg: demoregio niet geladen")
        return
    typer.echo(
        f"demoregio geladen: {report.created} nieuw, {report.updated} bijgewerkt; "
        f"{report.created + report.updated} bedrijven in {report.municipalities} gemeenten, "
        f"vergunde NH3 {number(report.nh3_kg_per_year, 0)} kg/jaar"
    )
