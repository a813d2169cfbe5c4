"""Municipalities and provinces of 2024 (CBS generalised boundaries, RD New, EPSG:28992).

The boundaries ship with the package (``cbs_gemeenten_2024_rdnew.geojson`` and
``cbs_provincies_2024_rdnew.geojson``, see README.md here). They are generalised for maps: good
to tens of metres, so a point within about :data:`GENERALISATION_M` of a border may fall on the
wrong side; a registry's own municipality field wins over the map.

Geometry is shapely 2 (GEOS); lookups of many points are vectorised with an STRtree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import ArrayLike

HERE = Path(__file__).parent
MUNICIPALITIES_GEOJSON = HERE / "cbs_gemeenten_2024_rdnew.geojson"
PROVINCES_GEOJSON = HERE / "cbs_provincies_2024_rdnew.geojson"
BOUNDARIES_YEAR = 2024
BOUNDARIES_SOURCE = "CBS/Kadaster, Wijk- en buurtkaart/gebiedsindelingen 2024 (gegeneraliseerd)"
GENERALISATION_M = 100.0  # a point this close to a border may lie on the wrong side of it


@dataclass(frozen=True)
class Area:
    """A municipality (``GM0228``) or province (``PV25``): CBS code, name and shape [m]."""

    code: str
    name: str
    geometry: shapely.Geometry


def _read(path: Path) -> tuple[Area, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    areas = tuple(
        Area(
            code=f["properties"]["statcode"],
            name=f["properties"]["statnaam"],
            geometry=shapely.from_geojson(json.dumps(f["geometry"])),
        )
        for f in data["features"]
    )
    shapely.prepare([a.geometry for a in areas])
    return areas


@cache
def municipalities() -> tuple[Area, ...]:
    """The 342 municipalities of 2024, in file order."""
    return _read(MUNICIPALITIES_GEOJSON)


@cache
def provinces() -> tuple[Area, ...]:
    """The 12 provinces of 2024, in file order."""
    return _read(PROVINCES_GEOJSON)


@cache
def _tree(kind: str) -> shapely.STRtree:
    areas = municipalities() if kind == "gemeente" else provinces()
    return shapely.STRtree([a.geometry for a in areas])


def _containing(kind: str, x_rd: ArrayLike, y_rd: ArrayLike) -> np.ndarray:
    """Index of the area containing each point, -1 outside all (first match on a border)."""
    points = shapely.points(np.asarray(x_rd, dtype=float), np.asarray(y_rd, dtype=float))
    points = np.atleast_1d(points)
    point_idx, area_idx = _tree(kind).query(points, predicate="intersects")
    result = np.full(len(points), -1, dtype=np.int64)
    # reversed so that the first area of a point on a shared border wins
    result[point_idx[::-1]] = area_idx[::-1]
    return result


def municipality_at(x_rd: ArrayLike, y_rd: ArrayLike) -> list[str | None]:
    """Name of the municipality at each point (RD New [m]); None outside the Netherlands."""
    names = [a.name for a in municipalities()]
    return [names[i] if i >= 0 else None for i in _containing("gemeente", x_rd, y_rd)]


def province_at(x_rd: ArrayLike, y_rd: ArrayLike) -> list[str | None]:
    """Name of the province at each point (RD New [m]); None outside the Netherlands."""
    names = [a.name for a in provinces()]
    return [names[i] if i >= 0 else None for i in _containing("provincie", x_rd, y_rd)]


def municipality(name: str) -> Area | None:
    """A municipality by its name (CBS ``statnaam``, case-insensitive) or code; None if unknown."""
    key = name.strip().casefold()
    for area in municipalities():
        if key in (area.name.casefold(), area.code.casefold()):
            return area
    return None


def distance_to_municipality_m(name: str, x_rd: float, y_rd: float) -> float | None:
    """Distance [m] from a point to a municipality (0 inside); None for an unknown name."""
    area = municipality(name)
    if area is None:
        return None
    return float(shapely.distance(area.geometry, shapely.Point(x_rd, y_rd)))


@cache
def province_of_municipality() -> dict[str, str]:
    """Municipality name -> province name (by each municipality's representative point)."""
    areas = municipalities()
    points = shapely.point_on_surface([a.geometry for a in areas])
    xy = shapely.get_coordinates(points)
    return dict(zip([a.name for a in areas], province_at(xy[:, 0], xy[:, 1]), strict=True))
