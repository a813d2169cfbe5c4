"""`veekompas deposition run`: the NH3 screening model on CSV files of sources and receptors.

The command loads numba and the plume code only when it runs (cli/deposition_files.py), so the
other commands start without them."""

from __future__ import annotations

from pathlib import Path

import typer

deposition_app = typer.Typer(
    help="Indicatieve NH3-depositie (screeningsmodel naar OPS).", no_args_is_help=True
)
# calc.deposition.DEFAULT_CUTOFF_M / 1000 (a test holds them equal), without importing numba
DEFAULT_CUTOFF_KM = 25.0


@deposition_app.command("run")
def run(
    sources: Path = typer.Option(..., "--sources", help="CSV met bronnen (zie README)."),
    receptors: Path = typer.Option(..., "--receptors", help="CSV met rekenpunten: id,x_rd,y_rd."),
    out_file: Path = typer.Option(..., "--out", help="Uitvoer-CSV (atomair geschreven)."),
    cutoff_km: float = typer.Option(
        DEFAULT_CUTOFF_KM, "--cutoff-km", help="Maximale afstand bron-rekenpunt (km)."
    ),
) -> None:
    """Bereken de NH3-depositie (mol N/ha/jaar) van alle bronnen op alle rekenpunten."""
    from veekompas.cli.deposition_files import run_deposition

    run_deposition(sources, receptors, out_file, cutoff_km)
