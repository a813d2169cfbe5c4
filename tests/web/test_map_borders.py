"""/api/v1/map/borders: the municipal borders of a region and its outline as compact GeoJSON in
WGS84 (CBS 2024, simplified to 20 m), open data; and the /kaart page pointing at it."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from fastapi.testclient import TestClient

from veekompas.geo import wgs84_to_rd
from veekompas.geodata.regions import region
from veekompas.settings import Settings
from veekompas.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("borders"))))


def _rd(geometry: dict) -> shapely.Geometry:
    """A GeoJSON geometry in WGS84 back in RD New [m]."""

    def transform(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(wgs84_to_rd(xy[:, 0], xy[:, 1]))

    return shapely.transform(shapely.from_geojson(json.dumps(geometry)), transform)


def test_foodvalley_borders_and_outline_by_default(client):
    response = client.get("/api/v1/map/borders", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    assert "public" in response.headers["cache-control"]
    doc = response.json()
    assert doc["name"] == "Regio Foodvalley" and doc["simplified_m"] == 20
    kinds = [f["properties"]["kind"] for f in doc["features"]]
    assert kinds == ["gemeente"] * 8 + ["regio"]
    fv = region("foodvalley")
    assert [f["properties"]["name"] for f in doc["features"][:8]] == list(fv.municipality_names)
    assert {f["id"] for f in doc["features"][:8]} == set(fv.members)
    # small: coordinates rounded to 5 decimals, the whole layer well under 200 kB
    assert len(response.content) < 200_000
    for lon, lat in shapely.get_coordinates(
        shapely.from_geojson(json.dumps(doc["features"][0]["geometry"]))
    ):
        assert 5.0 < lon < 6.2 and 51.8 < lat < 52.4
        assert round(lon, 5) == lon and round(lat, 5) == lat
    # the outline back in RD New covers the region within the simplification
    outline = _rd(doc["features"][-1]["geometry"])
    assert shapely.hausdorff_distance(outline, fv.outline) < 25.0
    assert abs(outline.area - fv.outline.area) / fv.outline.area < 1e-3


def test_another_region_and_a_bad_slug(client):
    doc = client.get("/api/v1/map/borders?regio=provincie-utrecht").json()
    assert doc["name"] == "Provincie Utrecht"
    assert len(doc["features"]) == len(region("provincie-utrecht").members) + 1
    plain = client.get(
        "/api/v1/map/borders?regio=provincie-utrecht", headers={"Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers  # not compressed unless asked
    assert json.loads(plain.content) == doc
    bad = client.get("/api/v1/map/borders?regio=veluwe")
    assert bad.status_code == 422 and bad.json()["detail"].startswith("regio: ")


def test_the_map_page_loads_the_borders_of_its_region(client):
    data = client.get("/kaart.json").json()
    assert data["data"]["borders"] == "/api/v1/map/borders?regio=foodvalley"
    other = client.get("/kaart.json?regio=provincie-gelderland").json()
    assert other["data"]["borders"] == "/api/v1/map/borders?regio=provincie-gelderland"
