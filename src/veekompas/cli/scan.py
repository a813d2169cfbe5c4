"""``veekompas farm scan``: the omgevingsscan of a farm file or of a registry farm."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.table import Table

from veekompas.cli.common import fail, out, print_unverified, read_yaml_file
from veekompas.cli.farm import farm_app
from veekompas.domain.farm import input_error_from_validation
from veekompas.errors import InputError
from veekompas.format_nl import number


def _layers(path: Path | None, field: str) -> list[dict] | None:
    """Areas of a GeoJSON file (RD New): one per Polygon/MultiPolygon feature, named by its
    ``name`` property."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(field, f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            field, f"{path} is not a GeoJSON file ({exc.__class__.__name__})"
        ) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise InputError(field, f"{path} is not a GeoJSON FeatureCollection")
    return [
        {"name": str((f.get("properties") or {}).get("name") or ""), "geometry": f.get("geometry")}
        for f in features
        if isinstance(f, dict)
    ]


def _request(file: Path | None, ubn: str | None, overrides: dict):  # type: ignore[no-untyped-def]
    from veekompas.assess.environment_scan import scan_farm_from_registry
    from veekompas.domain.scan import ScanRequest

    if (file is None) == (ubn is None):
        raise InputError("FILE", "give a scan file or --ubn UBN of a registry farm (one of them)")
    if file is not None:
        data = read_yaml_file(file)
        if not isinstance(data, dict):
            raise InputError("FILE", "expected a mapping with farm, odour_objects, policy ...")
    else:
        from veekompas.cli.registry import _session
        from veekompas.store.farms import FarmRepository, NotFoundError

        with _session() as session:
            try:
                registry_farm = FarmRepository(session, "cli").get(ubn or "")
            except NotFoundError as exc:
                raise InputError("--ubn", str(exc).removeprefix("ubn: ")) from None
        data = {"farm": scan_farm_from_registry(registry_farm).model_dump(mode="json")}
    data = {**data, **{k: v for k, v in overrides.items() if v is not None}}
    try:
        return ScanRequest.model_validate(data)
    except ValidationError as exc:
        raise input_error_from_validation(exc) from None


def _print(scan) -> None:  # type: ignore[no-untyped-def]
    out.print(
        f"[bold]Omgevingsscan {scan.farm or ''}[/bold]  beleidsprofiel: "
        f"{scan.policy['code']} ({scan.policy['title']})"
    )
    out.print()
    for line in scan.explanation:
        out.print(line, soft_wrap=True)
        out.print()
    areas = Table(title="Depositie per Natura 2000-gebied (indicatief)", title_justify="left")
    for col in (
        "Gebied",
        "Afstand (m)",
        "Max (mol/ha/j)",
        "Gem. (mol/ha/j)",
        "KDW",
        "% KDW",
        "Drempel",
        "Boven drempel",
    ):
        areas.add_column(col, justify="left" if col in ("Gebied", "Drempel") else "right")
    for j in scan.natura2000.areas[:15]:
        d = j.deposition
        over = {True: "ja", False: "nee", None: "onbekend"}[j.exceeds]
        areas.add_row(
            d.name or d.area,
            number(j.distance_m, 0),
            number(d.max_mol_per_ha_year, 3),
            number(d.mean_mol_per_ha_year, 4),
            number(d.kdw_mol_per_ha_year, 0),
            number(d.max_percent_of_kdw, 3),
            j.threshold_rule,
            over,
        )
    out.print(areas)
    out.print(f"Normtabellen: {', '.join(scan.norm_versions)}", soft_wrap=True)
    print_unverified(scan.unverified)


@farm_app.command("scan")
def farm_scan(
    file: Path | None = typer.Argument(None, help="Scanbestand (YAML): farm, odour_objects, ..."),
    ubn: str | None = typer.Option(None, "--ubn", help="Of: een bedrijf uit het register."),
    policy: str | None = typer.Option(None, help="Beleidsprofiel, bijv. gelderland-2011."),
    wav: Path | None = typer.Option(None, help="GeoJSON (RD New) met zeer kwetsbare gebieden."),
    nnn: Path | None = typer.Option(None, help="GeoJSON (RD New) met NNN-gebieden."),
    as_json: bool = typer.Option(False, "--json", help="Volledig resultaat als JSON."),
) -> None:
    """Omgevingsscan: emissies, geur, WAV, NNN en Natura 2000-depositie (indicatief)."""
    from veekompas.assess.environment_scan import environment_scan

    try:
        overrides = {
            "policy": policy,
            "wav_areas": _layers(wav, "--wav"),
            "nnn_areas": _layers(nnn, "--nnn"),
        }
        scan = environment_scan(_request(file, ubn, overrides))
    except InputError as exc:
        fail(exc)
    if as_json:
        typer.echo(scan.model_dump_json(indent=2))
    else:
        _print(scan)
