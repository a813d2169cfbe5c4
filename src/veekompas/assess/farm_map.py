"""Map layers of one farm, in RD New: its NH3 deposition on the Natura 2000 hexagons and its
odour P98 contours. The same model as the omgevingsscan (``assess.environment_scan``): one point
source at the farm with the AERIUS default height and spread of sector 4110, the farm's total NH3
emission by the Rav, hexagons of every Natura 2000 area within the cut-off distance.
Both are indicative screenings, not the legal AERIUS or V-Stacks calculation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from veekompas.calc import deposition as dep
from veekompas.calc.emissions import farm_emission, odour_emission
from veekompas.calc.geometry import distance_to_area
from veekompas.calc.map_geometry import hexagon_rings, mask_polygons
from veekompas.calc.odour import odour_contours, sources_at
from veekompas.calc.provenance import UnverifiedFigure, merge_unverified
from veekompas.calc.receptors import area_receptors
from veekompas.domain.registry import RegistryFarm
from veekompas.geodata import natura2000_areas
from veekompas.norms import table

FARM_SECTOR = "4110"  # AERIUS sector of housing emissions (as in the omgevingsscan)
CUTOFF_M = 25_000.0
MIN_DEPOSITION_MOL_PER_HA_YEAR = 0.05
MAX_HEXAGONS = 3_000
ODOUR_HALF_WIDTH_M = 1_200.0
ODOUR_CELL_M = 30.0


@dataclass(frozen=True)
class HexagonDeposition:
    """Hexagons above ``threshold_mol_per_ha_year`` (at most ``cap``, highest first)."""

    receptor_id: np.ndarray
    area_slug: list[str]
    deposition_mol_per_ha_year: np.ndarray
    rings_rd: np.ndarray  # (n, 7, 2) [m]
    nh3_kg_per_year: float
    hexagons_computed: int
    hexagons_above_threshold: int
    threshold_mol_per_ha_year: float
    cap: int
    norm_versions: list[str]
    unverified: list[UnverifiedFigure]


@dataclass(frozen=True)
class OdourContourPolygons:
    """Per legal norm level [ouE/m3]: the polygons (rings in RD New [m]) where P98 >= level."""

    levels: list[float]
    polygons: list[list[list[np.ndarray]]]
    area_m2: list[float]
    clipped: list[bool]  # the level's area reaches the grid's edge: the contour is cut off there
    emission_oue_per_s: float
    half_width_m: float
    cell_m: float
    norm_versions: list[str]
    unverified: list[UnverifiedFigure]


def _areas_within(x: float, y: float, max_m: float) -> list[str]:
    xy = np.array([[x, y]])
    slugs = []
    for area in natura2000_areas():
        x0, y0, x1, y1 = area.bbox
        if max(x0 - x, x - x1, y0 - y, y - y1, 0.0) > max_m:
            continue
        if float(distance_to_area(xy, area.polygons)[0]) <= max_m:
            slugs.append(area.slug)
    return slugs


def farm_sources(farm: RegistryFarm, on: dt.date | None = None) -> tuple[dep.Sources, object]:
    """The farm as one NH3 point source (AERIUS defaults of sector 4110) and its emission."""
    nh3 = farm_emission(farm.housings, on=on)
    standard = table("aerius_source_characteristics", on=on).row(FARM_SECTOR)
    sources = dep.point_sources(
        [farm.ubn],
        [farm.location.x_rd],
        [farm.location.y_rd],
        [standard["emission_height_m"]],
        [standard["spread_m"]],
        [nh3.total],
    )
    return sources, nh3


def hexagon_deposition(
    farm: RegistryFarm,
    threshold_mol_per_ha_year: float = MIN_DEPOSITION_MOL_PER_HA_YEAR,
    cap: int = MAX_HEXAGONS,
    on: dt.date | None = None,
) -> HexagonDeposition:
    """Deposition [mol N/ha/yr] of ``farm`` on each Natura 2000 hexagon within 25 km, keeping
    those above the threshold, at most ``cap`` of them (highest first)."""
    sources, nh3 = farm_sources(farm, on)
    slugs = _areas_within(farm.location.x_rd, farm.location.y_rd, CUTOFF_M)
    versions = [nh3.norm_version]
    flags = list(nh3.unverified)
    ids = np.empty(0, dtype=np.int64)
    values = np.empty(0)
    area_index = np.empty(0, dtype=np.int64)
    if slugs and nh3.total > 0:
        hexagons = area_receptors(tuple(slugs))
        receptors = dep.make_receptors(hexagons.receptor_id, hexagons.x_rd, hexagons.y_rd)
        result = dep.deposition(sources, receptors, cutoff_m=CUTOFF_M)
        ids, values = hexagons.receptor_id, result.deposition_mol_n_per_ha_year
        area_index = hexagons.area_index
        versions += list(result.norm_versions)
        flags += list(result.unverified)
    above = np.nonzero(values > threshold_mol_per_ha_year)[0]
    order = above[np.argsort(-values[above], kind="stable")][:cap]
    return HexagonDeposition(
        receptor_id=ids[order],
        area_slug=[slugs[k] for k in area_index[order]],
        deposition_mol_per_ha_year=values[order],
        rings_rd=hexagon_rings(ids[order]).reshape(-1, 7, 2),
        nh3_kg_per_year=float(nh3.total),
        hexagons_computed=int(ids.size),
        hexagons_above_threshold=int(above.size),
        threshold_mol_per_ha_year=threshold_mol_per_ha_year,
        cap=cap,
        norm_versions=sorted(set(versions)),
        unverified=merge_unverified(flags),
    )


def odour_contour_polygons(
    farm: RegistryFarm,
    half_width_m: float = ODOUR_HALF_WIDTH_M,
    cell_m: float = ODOUR_CELL_M,
    on: dt.date | None = None,
) -> OdourContourPolygons:
    """The farm's odour P98 contours at the legal norm levels (``odour_norms``) as polygons.

    Notes
    -----
    ``calc.odour.odour_contours`` gives P98 on a grid of ``cell_m`` around the farm; every grid
    point at or above a level counts as its whole cell, and the cells are merged into polygons
    (:func:`calc.map_geometry.mask_polygons`). So a contour is exact to half a cell, and one
    reaching beyond ``half_width_m`` is cut off at the grid's edge. The dispersion kernel gives
    0 at the source itself (distance 0); the source's cell takes the largest value around it, so
    the contours have no false hole there (``area_m2`` is that of ``odour_contours``).
    """
    odour = odour_emission(farm.housings, on=on)
    xy = (farm.location.x_rd, farm.location.y_rd)
    if odour.total <= 0:
        return OdourContourPolygons([], [], [], [], 0.0, half_width_m, cell_m, [odour.norm_version],
                                    merge_unverified(list(odour.unverified)))  # fmt: skip
    grid = odour_contours(
        sources_at(xy, odour.total), half_width_m=half_width_m, cell_m=cell_m, on=on
    )
    p98 = np.asarray(grid.p98)
    x, y = np.asarray(grid.x_m), np.asarray(grid.y_m)
    # the kernel gives 0 at the source itself (distance 0): that cell takes its neighbours' max
    i, j = int(np.argmin(np.abs(y - xy[1]))), int(np.argmin(np.abs(x - xy[0])))
    around = p98[max(i - 1, 0) : i + 2, max(j - 1, 0) : j + 2]
    p98[i, j] = max(p98[i, j], float(around.max()))
    masks = [p98 >= level for level in grid.levels]
    polygons = [mask_polygons(mask, x, y) for mask in masks]
    edge = np.ones(p98.shape, dtype=bool)
    edge[1:-1, 1:-1] = False
    return OdourContourPolygons(
        levels=grid.levels,
        polygons=polygons,
        area_m2=grid.area_m2,
        clipped=[bool((mask & edge).any()) for mask in masks],
        emission_oue_per_s=float(odour.total),
        half_width_m=half_width_m,
        cell_m=cell_m,
        norm_versions=sorted({odour.norm_version, grid.table_version}),
        unverified=merge_unverified(list(odour.unverified)),
    )
