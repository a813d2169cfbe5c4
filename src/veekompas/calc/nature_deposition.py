"""Deposition on Natura 2000 areas: maximum and mean per area against the area's lowest KDW,
and the stikstofvracht of a farm for the buy-out schemes.

Inputs are deposition values per receptor hexagon [mol N/ha/yr] as numpy arrays, aligned with a
:class:`veekompas.calc.receptors.ReceptorSet` (or any hexagon list with an area index); the
deposition model that produces them is another module's work.

References
----------
Regeling van de Minister voor Natuur en Stikstof van 5 juni 2023, Stcrt. 2023, 15029
(Landelijke beeindigingsregeling veehouderijlocaties met piekbelasting, Lbv-plus): a location
qualifies with a total deposition of at least 2,500 mol N per year on overloaded
nitrogen-sensitive Natura 2000 habitat (computed with AERIUS Check; summarised by IAR,
https://www.iar.nl/nieuws/lbv-en-lbv-plus/). The article number of the threshold was not read.
Van Dobben et al. (2012), Alterra-rapport 2397: KDW per habitat type (table
``critical_deposition_values``; lowest per area in ``natura2000_kdw``, both flagged unverified).

Notes
-----
stikstofvracht [mol N/yr] = sum over the counted hexagons of deposition [mol N/ha/yr] x hexagon
area [ha]. A hexagon counts when it is *overloaded*: its background deposition exceeds the KDW.
With ``background`` per hexagon the test is ``background > KDW of the hexagon's area``. Without
it (the usual case here: no background map ships with veekompas) every hexagon of an area whose
lowest KDW is known is taken as overloaded, which the result states in ``assumption``; RIVM's
monitor gives 70% of nitrogen-sensitive Natura 2000 area above the KDW in 2023 (MON-AREA-BELOW-
2023: 30.1% below), so this is an upper bound. Areas without a known KDW are never counted and
are named. AERIUS Check counts only hexagons with nitrogen-sensitive habitat and uses the KDW of
each hexagon; a per-area KDW is a screening simplification.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel

from veekompas.calc.provenance import UnverifiedFigure, merge_unverified, unverified_figure
from veekompas.errors import InputError
from veekompas.norms import NormTable, table

LBV_PLUS_THRESHOLD_MOL_PER_YEAR = 2500.0
ASSUMED_OVERLOADED = (
    "achtergronddepositie per hexagoon onbekend: elk hexagoon van een gebied met bekende KDW "
    "is als overbelast aangenomen (bovengrens)"
)
BACKGROUND_GIVEN = (
    "overbelast = achtergronddepositie per hexagoon boven de laagste KDW van het gebied"
)


class AreaDeposition(BaseModel):
    """Deposition on one area [mol N/ha/yr] and its comparison with the area's lowest KDW."""

    area: str
    name: str | None
    hexagons: int
    max_mol_per_ha_year: float
    mean_mol_per_ha_year: float
    lowest_kdw_habitat: str | None
    kdw_mol_per_ha_year: float | None
    max_percent_of_kdw: float | None
    kdw_unverified: bool


class Stikstofvracht(BaseModel):
    """A farm's stikstofvracht [mol N/yr] on overloaded areas; ``meets_threshold`` when it is at
    least the buy-out threshold."""

    mol_per_year: float
    threshold_mol_per_year: float
    meets_threshold: bool
    counted_hexagons: int
    counted_areas: list[str]
    areas_without_kdw: list[str]
    assumption: str
    norm_version: str
    unverified: list[UnverifiedFigure]


def _aligned(
    deposition: ArrayLike, area_index: ArrayLike, n_areas: int
) -> tuple[np.ndarray, np.ndarray]:
    dep = np.asarray(deposition, dtype=np.float64)
    idx = np.asarray(area_index, dtype=np.int64)
    if dep.shape != idx.shape or dep.ndim != 1:
        raise InputError("deposition", f"{dep.size} values for {idx.size} hexagons")
    if not np.all(np.isfinite(dep)) or np.any(dep < 0):
        raise InputError("deposition", "must be finite numbers of 0 or more [mol N/ha/jaar]")
    if idx.size and (idx.min() < 0 or idx.max() >= n_areas):
        raise InputError("area_index", f"must lie in 0 .. {n_areas - 1}")
    return dep, idx


def _kdw(norm: NormTable, slugs: tuple[str, ...]) -> tuple[np.ndarray, list[dict | None]]:
    rows = [norm._by_code.get(s) for s in slugs]
    kdw = np.array(
        [
            r["lowest_kdw_mol_n_per_ha_year"] if r and r["lowest_kdw_mol_n_per_ha_year"] else np.nan
            for r in rows
        ],
        dtype=np.float64,
    )
    return kdw, rows


def area_depositions(
    deposition_mol_per_ha_year: ArrayLike,
    area_index: ArrayLike,
    area_slugs: tuple[str, ...] | list[str],
    on: dt.date | None = None,
) -> tuple[list[AreaDeposition], str]:
    """Maximum and mean deposition per area and the maximum as % of the area's lowest KDW.

    Parameters
    ----------
    deposition_mol_per_ha_year : deposition per hexagon [mol N/ha/yr]
    area_index : index into ``area_slugs`` per hexagon
    area_slugs : area slugs (``veekompas.geodata``)
    on : date that picks the ``natura2000_kdw`` version (default: newest)

    Returns
    -------
    One summary per area that has hexagons (in ``area_slugs`` order) and the table version.
    An area without a KDW in the table has ``kdw_mol_per_ha_year`` None.
    """
    slugs = tuple(area_slugs)
    dep, idx = _aligned(deposition_mol_per_ha_year, area_index, len(slugs))
    n = np.bincount(idx, minlength=len(slugs))
    total = np.bincount(idx, weights=dep, minlength=len(slugs))
    peak = np.full(len(slugs), -np.inf)
    np.maximum.at(peak, idx, dep)
    norm = table("natura2000_kdw", on=on)
    kdw, rows = _kdw(norm, slugs)
    result = []
    for k, slug in enumerate(slugs):
        if n[k] == 0:
            continue
        row = rows[k]
        known = bool(np.isfinite(kdw[k]))
        result.append(
            AreaDeposition(
                area=slug,
                name=row["name"] if row else None,
                hexagons=int(n[k]),
                max_mol_per_ha_year=float(peak[k]),
                mean_mol_per_ha_year=float(total[k] / n[k]),
                lowest_kdw_habitat=row["lowest_kdw_habitat"] if row else None,
                kdw_mol_per_ha_year=float(kdw[k]) if known else None,
                max_percent_of_kdw=float(100 * peak[k] / kdw[k]) if known else None,
                kdw_unverified=bool(row and row["unverified"]),
            )
        )
    return result, norm.version


def stikstofvracht(
    deposition_mol_per_ha_year: ArrayLike,
    area_index: ArrayLike,
    area_slugs: tuple[str, ...] | list[str],
    hexagon_area_ha: ArrayLike | float = 1.0,
    background_mol_per_ha_year: ArrayLike | None = None,
    threshold_mol_per_year: float = LBV_PLUS_THRESHOLD_MOL_PER_YEAR,
    on: dt.date | None = None,
) -> Stikstofvracht:
    """The stikstofvracht of one farm [mol N/yr] and the Lbv-plus threshold check.

    Parameters
    ----------
    deposition_mol_per_ha_year : the farm's deposition per hexagon [mol N/ha/yr]
    area_index, area_slugs : the area of each hexagon
    hexagon_area_ha : area per hexagon [ha] (1 ha on the AERIUS grid)
    background_mol_per_ha_year : total background deposition per hexagon [mol N/ha/yr]; None
        when unknown (then see ``assumption`` in the result)
    threshold_mol_per_year : buy-out threshold [mol N/yr] (Lbv-plus: 2,500)
    on : date that picks the ``natura2000_kdw`` version
    """
    slugs = tuple(area_slugs)
    dep, idx = _aligned(deposition_mol_per_ha_year, area_index, len(slugs))
    if threshold_mol_per_year < 0:
        raise InputError("threshold_mol_per_year", "must be 0 or more")
    area_ha = np.broadcast_to(np.asarray(hexagon_area_ha, dtype=np.float64), dep.shape)
    if np.any(area_ha <= 0):
        raise InputError("hexagon_area_ha", "must be more than 0")
    norm = table("natura2000_kdw", on=on)
    kdw, rows = _kdw(norm, slugs)
    hex_kdw = kdw[idx]
    known = np.isfinite(hex_kdw)
    if background_mol_per_ha_year is None:
        counted, assumption = known, ASSUMED_OVERLOADED
    else:
        background = np.asarray(background_mol_per_ha_year, dtype=np.float64)
        if background.shape != dep.shape:
            raise InputError("background", f"{background.size} values for {dep.size} hexagons")
        counted = known & (background > np.where(known, hex_kdw, np.inf))
        assumption = BACKGROUND_GIVEN
    vracht = float(np.sum(dep[counted] * area_ha[counted]))
    used = [int(i) for i in np.unique(idx[counted])]
    without = [slugs[i] for i in np.unique(idx) if not np.isfinite(kdw[i])]
    flags = [unverified_figure(norm, rows[i]) for i in used if rows[i] and rows[i]["unverified"]]
    return Stikstofvracht(
        mol_per_year=vracht,
        threshold_mol_per_year=float(threshold_mol_per_year),
        meets_threshold=vracht >= threshold_mol_per_year,
        counted_hexagons=int(counted.sum()),
        counted_areas=[slugs[i] for i in used],
        areas_without_kdw=without,
        assumption=assumption,
        norm_version=norm.version,
        unverified=merge_unverified(flags),
    )
