"""``/api/v1/map/borders``: the municipal borders of a region and its outline as GeoJSON (WGS84),
from the CBS 2024 boundaries (``veekompas.geodata``), simplified for the web (open data)."""

from __future__ import annotations

import gzip
import json
from functools import cache

import numpy as np
import shapely
from fastapi import APIRouter, Query, Request, Response

from veekompas.geo import rd_to_wgs84
from veekompas.geodata.municipalities import BOUNDARIES_SOURCE, Area
from veekompas.geodata.regions import Region
from veekompas.web.plumbing.errors import responses
from veekompas.web.region.region_choice import chosen_region

router = APIRouter(prefix="/api/v1/map", tags=["kaart"])
GEOJSON = "application/geo+json"
BORDERS_TOLERANCE_M = 20.0  # below the boundaries' own generalisation (~100 m)
BORDERS_DECIMALS = 5  # about 1 m


def _wgs84(geometry: shapely.Geometry) -> dict:
    """A shape in RD New [m], simplified, as a GeoJSON geometry in WGS84 (rounded)."""

    def transform(xy: np.ndarray) -> np.ndarray:
        lon, lat = rd_to_wgs84(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lon, lat]), BORDERS_DECIMALS)

    simple = shapely.simplify(geometry, BORDERS_TOLERANCE_M, preserve_topology=True)
    return json.loads(shapely.to_geojson(shapely.transform(simple, transform)))


def _feature(area: Area, kind: str) -> dict:
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": _wgs84(area.geometry),
        "properties": {"name": area.name, "kind": kind},
    }


@cache
def _borders_body(slug: str, name: str, members: tuple[str, ...], outline_wkb: bytes) -> bytes:
    """The region's borders, built once per region and process, gzip-compressed."""
    region = Region(slug, name, "", members, "")
    outline = Area(slug, name, shapely.from_wkb(outline_wkb))
    doc = {
        "type": "FeatureCollection",
        "name": name,
        "features": [
            *(_feature(a, "gemeente") for a in region.municipalities),
            _feature(outline, "regio"),
        ],
        "simplified_m": BORDERS_TOLERANCE_M,
        "source": f"{BOUNDARIES_SOURCE}; voor de kaart vereenvoudigd ({BORDERS_TOLERANCE_M:g} m)",
    }
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(body, mtime=0)


@router.get(
    "/borders",
    responses=responses(422)
    | {
        200: {
            "description": "Borders as GeoJSON",
            "content": {GEOJSON: {"schema": {"type": "object"}}},
        }
    },
)
def map_borders(
    request: Request,
    regio: str | None = Query(None, max_length=60, description="region slug (default foodvalley)"),
) -> Response:
    """The municipal borders of a region (``kind`` gemeente, ``id`` the CBS code) and the
    region's outline (``kind`` regio), simplified to 20 m (open data: no login needed)."""
    region = chosen_region(request, regio)
    body = _borders_body(region.slug, region.name, region.members, shapely.to_wkb(region.outline))
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type=GEOJSON, headers=headers)
    return Response(gzip.decompress(body), media_type=GEOJSON, headers=headers)
