"""Map data API ``/api/v1/map``: compact GeoJSON (RFC 7946, WGS84 ``[lon, lat]``) for the region
map ``/kaart``: all farms the user may see (one request, not paged), the Natura 2000 areas
simplified for the web, and one farm's deposition hexagons and odour contours.

Coordinates are RD New inside and turned into WGS84 here, at the border (``veekompas.geo``)."""

from __future__ import annotations

import gzip
import json
from functools import cache

import numpy as np
from fastapi import APIRouter, Request, Response

from veekompas.assess.farm_map import hexagon_deposition, odour_contour_polygons
from veekompas.calc.deposition import LABEL
from veekompas.calc.map_geometry import simplify_ring
from veekompas.geo import rd_to_wgs84
from veekompas.geodata import natura2000_areas
from veekompas.region.registry import RegistryService
from veekompas.web.accounts.auth import Registry
from veekompas.web.farms.registry_api import READ, Ubn
from veekompas.web.plumbing.cache import cached
from veekompas.web.plumbing.errors import responses

router = APIRouter(prefix="/api/v1/map", tags=["kaart"])
GEOJSON = "application/geo+json"
DECIMALS = 6  # about 0.1 m in the Netherlands
NATURA2000_TOLERANCE_M = 75.0
NATURA2000_DECIMALS = 5  # about 1 m
HEXAGON_DECIMALS = 5  # about 1 m; a hexagon's radius is 62 m


def _encoded(doc: dict) -> tuple[bytes, bytes | None]:
    """The document as compact GeoJSON, and gzip-compressed when that is worth it."""
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return body, gzip.compress(body, compresslevel=5, mtime=0) if len(body) > 1024 else None


def _geojson_response(bodies: tuple[bytes, bytes | None], request: Request) -> Response:
    body, compressed = bodies
    headers = {"Vary": "Accept-Encoding"}
    if compressed is not None and "gzip" in request.headers.get("accept-encoding", ""):
        body, headers["Content-Encoding"] = compressed, "gzip"
    return Response(body, media_type=GEOJSON, headers=headers)


def _geojson(doc: dict, request: Request) -> Response:
    """The document as compact GeoJSON, gzip-compressed when the client accepts it."""
    return _geojson_response(_encoded(doc), request)


def _ok(description: str) -> dict:
    return {200: {"description": description, "content": {GEOJSON: {"schema": {"type": "object"}}}}}


def _to_wgs84(rings: list[np.ndarray], decimals: int = DECIMALS) -> list[list[list[float]]]:
    """Rings in RD New [m] to lists of ``[lon, lat]``, transformed in one call."""
    if not rings:
        return []
    lon, lat = rd_to_wgs84(*np.vstack(rings).T)
    pts = np.round(np.column_stack([lon, lat]), decimals).tolist()
    out, start = [], 0
    for ring in rings:
        out.append(pts[start : start + len(ring)])
        start += len(ring)
    return out


def _polygons_geometry(polygons: list[list[np.ndarray]], decimals: int = DECIMALS) -> dict:
    flat = _to_wgs84([ring for poly in polygons for ring in poly], decimals)
    coords, k = [], 0
    for poly in polygons:
        coords.append(flat[k : k + len(poly)])
        k += len(poly)
    return {"type": "MultiPolygon", "coordinates": coords}


@router.get("/farms", responses=responses(401, 403) | _ok("Farms as GeoJSON points"))
def map_farms(registry: Registry, request: Request) -> Response:
    """All farms the user may see as GeoJSON points (not paged): ``id`` (UBN), ``name``,
    ``sector``, ``intent``, ``municipality``, ``nh3`` (permitted NH3 [kg/yr] or null).
    Municipal borders come from ``/api/v1/map/borders``."""
    key = ("map-farms", registry.view_key)
    bodies = cached(request, registry.session, key, lambda: _encoded(_farms_doc(registry)))
    return _geojson_response(bodies, request)


def _farms_doc(registry: RegistryService) -> dict:
    farms = registry.farm_points()
    x = np.array([f.x_rd for f in farms], dtype=float)
    y = np.array([f.y_rd for f in farms], dtype=float)
    lon, lat = rd_to_wgs84(x, y) if farms else (np.empty(0), np.empty(0))
    lon, lat = np.round(lon, DECIMALS).tolist(), np.round(lat, DECIMALS).tolist()
    features = [
        {
            "type": "Feature",
            "id": f.ubn,
            "geometry": {"type": "Point", "coordinates": [lon[k], lat[k]]},
            "properties": {
                "name": f.name,
                "sector": f.sector,
                "intent": f.intent,
                "municipality": f.municipality,
                "nh3": f.permitted_nh3_kg_per_year,
            },
        }
        for k, f in enumerate(farms)
    ]
    return {"type": "FeatureCollection", "features": features}


@cache
def _natura2000_body() -> bytes:
    """The areas' GeoJSON, built once per process (about 1 s), gzip-compressed."""
    features = []
    for area in natura2000_areas():
        polygons = [
            [simplify_ring(ring, NATURA2000_TOLERANCE_M) for ring in poly] for poly in area.polygons
        ]
        features.append(
            {
                "type": "Feature",
                "id": area.slug,
                "geometry": _polygons_geometry(polygons, NATURA2000_DECIMALS),
                "properties": {"name": area.name, "area_ha": area.area_ha},
            }
        )
    doc = {
        "type": "FeatureCollection",
        "features": features,
        "simplified_m": NATURA2000_TOLERANCE_M,
        "source": "Natura 2000-begrenzingen zoals meegeleverd in veekompas.geodata "
        "(zie README daar), voor de kaart vereenvoudigd met Douglas-Peucker (75 m)",
    }
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(body, mtime=0)


@router.get("/natura2000", responses=_ok("Natura 2000 areas as GeoJSON (open data)"))
def map_natura2000(request: Request) -> Response:
    """The Natura 2000 areas, simplified for the web (open data: no login needed)."""
    body = _natura2000_body()
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, media_type=GEOJSON, headers=headers)


@router.get("/farms/{ubn}/deposition", responses=READ | _ok("Deposition hexagons as GeoJSON"))
def map_farm_deposition(ubn: Ubn, registry: Registry, request: Request) -> Response:
    """The farm's NH3 deposition [mol N/ha/yr] on each Natura 2000 hexagon within 25 km above
    ``threshold_mol_per_ha_year`` (at most ``cap``, highest first), as hexagon polygons."""
    farm = registry.get_farm(ubn)
    result = hexagon_deposition(farm)
    rings = _to_wgs84(list(result.rings_rd), HEXAGON_DECIMALS)
    features = [
        {
            "type": "Feature",
            "id": int(rid),
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"area": area, "deposition_mol_per_ha_year": round(float(v), 4)},
        }
        for rid, area, v, ring in zip(
            result.receptor_id,
            result.area_slug,
            result.deposition_mol_per_ha_year,
            rings,
            strict=True,
        )
    ]
    shown = set(result.area_slug)
    doc = {
        "type": "FeatureCollection",
        "features": features,
        "ubn": farm.ubn,
        "area_names": {a.slug: a.name for a in natura2000_areas() if a.slug in shown},
        "nh3_kg_per_year": round(result.nh3_kg_per_year, 1),
        "hexagons_computed": result.hexagons_computed,
        "hexagons_above_threshold": result.hexagons_above_threshold,
        "threshold_mol_per_ha_year": result.threshold_mol_per_ha_year,
        "cap": result.cap,
        "label": LABEL,
        "norm_versions": result.norm_versions,
        "unverified": [u.model_dump() for u in result.unverified],
    }
    return _geojson(doc, request)


@router.get("/farms/{ubn}/odour", responses=READ | _ok("Odour P98 contours as GeoJSON"))
def map_farm_odour(ubn: Ubn, registry: Registry, request: Request) -> Response:
    """The farm's odour P98 contours [ouE/m3] at the legal norm levels, one MultiPolygon per
    level (grid cells at or above the level, merged; exact to half a cell of ``cell_m``);
    ``clipped`` says the contour reaches the grid's edge (``half_width_m``) and is cut off there."""
    farm = registry.get_farm(ubn)
    result = odour_contour_polygons(farm)
    features = [
        {
            "type": "Feature",
            "id": k,
            "geometry": _polygons_geometry(polygons),
            "properties": {"level_oue_per_m3": level, "area_m2": area, "clipped": clipped},
        }
        for k, (level, polygons, area, clipped) in enumerate(
            zip(result.levels, result.polygons, result.area_m2, result.clipped, strict=True)
        )
        if polygons
    ]
    doc = {
        "type": "FeatureCollection",
        "features": features,
        "ubn": farm.ubn,
        "emission_oue_per_s": round(result.emission_oue_per_s, 1),
        "cell_m": result.cell_m,
        "half_width_m": result.half_width_m,
        "label": LABEL,
        "norm_versions": result.norm_versions,
        "unverified": [u.model_dump() for u in result.unverified],
    }
    return _geojson(doc, request)
