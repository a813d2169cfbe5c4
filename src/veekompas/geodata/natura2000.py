"""Natura 2000 areas (boundaries in RD New, EPSG:28992) as plain coordinate arrays.

The boundaries ship with the package (``natura2000_nl_rdnew.geojson``, see README.md here):
160 areas, simplified with a 10 m tolerance. No GIS library is needed: each area is a tuple of
polygons, each polygon a tuple of rings (exterior first, then holes) of shape (k, 2) [m].
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from veekompas.errors import InputError, unknown_value_message

GEOJSON = Path(__file__).parent / "natura2000_nl_rdnew.geojson"


@dataclass(frozen=True)
class Natura2000Area:
    """One Natura 2000 area; ``area_ha`` is that of the simplified shape [ha]."""

    name: str
    slug: str
    area_ha: float
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(x_min, y_min, x_max, y_max) in RD New [m]."""
        points = np.vstack([ring for poly in self.polygons for ring in poly])
        return (*points.min(axis=0).tolist(), *points.max(axis=0).tolist())

    def shape_area_ha(self) -> float:
        """Area of the rings by the shoelace formula [ha] (exterior minus holes)."""
        total = 0.0
        for poly in self.polygons:
            for k, ring in enumerate(poly):
                x, y = ring[:, 0], ring[:, 1]
                signed = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
                total += signed if k == 0 else -signed
        return total / 10_000


def _polygons(geometry: dict) -> tuple[tuple[np.ndarray, ...], ...]:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    return tuple(tuple(np.asarray(ring, dtype=np.float64) for ring in poly) for poly in polys)


@cache
def natura2000_areas() -> tuple[Natura2000Area, ...]:
    """All areas in the packaged file, in file order."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    crs = data.get("crs", {}).get("properties", {}).get("name", "")
    if not crs.endswith("28992"):
        raise ValueError(f"{GEOJSON.name}: expected RD New (EPSG:28992), found {crs!r}")
    return tuple(
        Natura2000Area(
            name=f["properties"]["name"],
            slug=f["properties"]["slug"],
            area_ha=float(f["properties"]["area_ha"]),
            polygons=_polygons(f["geometry"]),
        )
        for f in data["features"]
    )


def natura2000_area(slug: str) -> Natura2000Area:
    """One area by slug (e.g. ``veluwe``); an InputError naming close slugs otherwise."""
    areas = {a.slug: a for a in natura2000_areas()}
    try:
        return areas[slug]
    except KeyError:
        raise InputError("natura2000", unknown_value_message("area", slug, areas)) from None
