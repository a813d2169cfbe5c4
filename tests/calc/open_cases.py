"""The open AERIUS cases the deposition model is checked on (tests/cases/*, README per folder):
sources, receptors, AERIUS's deposition [mol N/ha/yr] and each receptor's distance to its nearest
source [m]. Shared by tests/calc/test_deposition_open_cases.py and benchmarks/deposition.py."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from veekompas.calc import deposition as dep
from veekompas.calc.accuracy import nearest_source_distance_m

CASES = Path(__file__).parents[1] / "cases"
SPREAD_4110_M = 2.5
"""AERIUS's sector default spread for 4110 (animal housing), table aerius_source_characteristics."""


@dataclass(frozen=True)
class OpenCase:
    name: str
    sources: dep.Sources
    receptors: dep.Receptors
    aerius_mol_n_per_ha_year: np.ndarray
    nearest_source_m: np.ndarray


def rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def column(table: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([float(r[name]) for r in table])


def _results(path: Path, every: int = 1) -> tuple[dep.Receptors, np.ndarray]:
    table = rows(path)[::every]
    receptors = dep.make_receptors(
        [r["receptor_id"] for r in table], column(table, "x_rd"), column(table, "y_rd")
    )
    return receptors, column(table, "deposition_nh3_mol_per_ha_year")


def _case(name, sources, receptors, aerius) -> OpenCase:
    dist = nearest_source_distance_m(
        receptors.x_m,
        receptors.y_m,
        sources.x_m,
        sources.y_m,
        sources.half_width_m,
        sources.half_height_m,
    )
    return OpenCase(name, sources, receptors, aerius, dist)


def kopros() -> OpenCase:
    """One dairy barn polygon (1,287 kg NH3/yr), 10,293 hexagons from close by to 25 km."""
    folder = CASES / "aerius_2025_kopros_dairy"
    [src] = rows(folder / "sources.csv")
    polygon = shapely.from_wkt(src["geometry_wkt"])
    sources = dep.polygon_to_rectangles(
        src["source_id"],
        np.asarray(polygon.exterior.coords),
        float(src["emission_height_m"]),
        float(src["spread_m"]),
        float(src["nh3_kg_per_year"]),
    )
    receptors, aerius = _results(folder / "results.csv")
    case = _case("kopros", sources, receptors, aerius)
    # distance to the barn outline itself, not to its grid cells
    dist = shapely.distance(polygon, shapely.points(receptors.x_m, receptors.y_m))
    return OpenCase(case.name, sources, receptors, aerius, dist)


def north_nl_south() -> OpenCase:
    """3,474 area sources of 1 km x 1 km, AERIUS on the 20,188 receptors south of y 550 km."""
    folder = CASES / "aerius_2024_north_nl"
    table = rows(folder / "sources.csv")
    sources = dep.rectangle_sources(
        [r["source_id"] for r in table],
        *(column(table, c) for c in ("xmin_rd", "ymin_rd", "xmax_rd", "ymax_rd")),
        column(table, "emission_height_m"),
        column(table, "spread_m"),
        column(table, "nh3_kg_per_year"),
    )
    receptors, aerius = _results(folder / "results_south.csv")
    return _case("north-NL south", sources, receptors, aerius)


def housing_sources(kind: str) -> dep.Sources:
    """All cattle (``kind="cattle"``) or pig housing of the Netherlands as 1 km-cell points."""
    table = rows(CASES / "aerius_2025_nl_housing" / f"sources_{kind}.csv.gz")
    return dep.point_sources(
        [r["source_id"] for r in table],
        column(table, "x_rd"),
        column(table, "y_rd"),
        column(table, "emission_height_m"),
        np.full(len(table), SPREAD_4110_M),
        column(table, "nh3_kg_per_year"),
    )


def housing_receptors() -> dep.Receptors:
    table = rows(CASES / "aerius_2025_nl_housing" / "receptors.csv.gz")
    return dep.make_receptors(
        [r["receptor_id"] for r in table], column(table, "x_rd"), column(table, "y_rd")
    )


def pigs(every: int = 1) -> OpenCase:
    """All pig housing; AERIUS on every ``every``-th point of its results (a fixed subset)."""
    sources = housing_sources("pigs")
    receptors, aerius = _results(CASES / "aerius_2025_nl_housing" / "results_pigs.csv.gz", every)
    return _case("pig housing NL", sources, receptors, aerius)
