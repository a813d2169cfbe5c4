"""The map data API /api/v1/map: farms per role, Natura 2000, one farm's deposition hexagons
(checked against calc.deposition for the same source) and odour contours (against
calc.odour.odour_contours); and the /kaart page with its .json twin."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from fastapi.testclient import TestClient
from registry_setup import FARM_A, FARM_B, FARM_C
from typer.testing import CliRunner

from veekompas.assess.farm_map import odour_contour_polygons
from veekompas.calc import deposition as dep
from veekompas.calc.emissions import farm_emission, odour_emission
from veekompas.calc.odour import odour_contours, sources_at
from veekompas.calc.receptors import receptor_centres
from veekompas.cli import app as cli_app
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.geo import rd_to_wgs84, wgs84_to_rd
from veekompas.geodata import natura2000_areas
from veekompas.norms import table
from veekompas.settings import Settings
from veekompas.web.app import create_app

PROPERTIES = {"name", "sector", "intent", "municipality", "nh3"}


def _check_ring(ring: list) -> None:
    assert len(ring) >= 4 and ring[0] == ring[-1]
    for lon, lat in ring:
        assert 2.0 < lon < 7.3 and 50.7 < lat < 55.9  # NL with its North Sea areas


def _rd_area_m2(ring: list) -> float:
    x, y = wgs84_to_rd(*np.asarray(ring).T)
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {FARM_A, FARM_B, FARM_C}),
        ("regio", {FARM_A, FARM_B, FARM_C}),
        ("gemeente", {FARM_A, FARM_C}),
        ("adviseur", {FARM_A, FARM_B}),
        ("boer", {FARM_A}),
    ],
)
def test_map_farms_are_those_the_role_may_see(registry_app, role, expected):
    response = registry_app.client.get("/api/v1/map/farms", headers=registry_app.as_(role))
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/geo+json"
    )
    doc = response.json()
    assert doc["type"] == "FeatureCollection"
    assert {f["id"] for f in doc["features"]} == expected
    farm = registry_app.client.get(f"/api/v1/farms/{FARM_A}", headers=registry_app.as_("admin"))
    loc = farm.json()["location"]
    lon, lat = rd_to_wgs84([loc["x_rd"]], [loc["y_rd"]])
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert set(f["properties"]) == PROPERTIES
        assert f["geometry"]["coordinates"] == pytest.approx([lon[0], lat[0]], abs=1e-6)
    stopper = next(f for f in doc["features"] if f["id"] == FARM_A)["properties"]
    assert stopper["municipality"] == "Ede" and stopper["nh3"] == 1400.0


@pytest.mark.parametrize(("role", "status"), [("publiek", 403), (None, 401)])
def test_publiek_and_anonymous_get_no_farms(registry_app, role, status):
    for path in ("/api/v1/map/farms", f"/api/v1/map/farms/{FARM_A}/deposition",
                 f"/api/v1/map/farms/{FARM_A}/odour"):  # fmt: skip
        response = registry_app.client.get(path, headers=registry_app.as_(role))
        assert response.status_code == status, path
        assert set(response.json()) == {"detail"}


def test_a_farm_outside_reach_is_not_found(registry_app):
    for layer in ("deposition", "odour"):
        path = f"/api/v1/map/farms/{FARM_B}/{layer}"
        response = registry_app.client.get(path, headers=registry_app.as_("gemeente"))
        assert response.status_code == 404
        assert response.json()["detail"] == f"ubn: geen bedrijf met UBN {FARM_B!r}"
    bad = registry_app.client.get("/api/v1/map/farms/12x/odour", headers=registry_app.as_("admin"))
    assert bad.status_code == 422 and bad.json()["detail"].startswith("ubn:")


def test_a_farm_whose_barns_do_not_compute_answers_422_in_one_line(registry_app):
    """The setup's farms hold 'vleeskalveren' in Rav code A4.100 (category A4): refused."""
    path = f"/api/v1/map/farms/{FARM_A}/deposition"
    response = registry_app.client.get(path, headers=registry_app.as_("admin"))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("animal_category: 'vleeskalveren'")


def test_natura2000_is_open_data_simplified_and_valid(registry_app):
    client = registry_app.client
    plain = client.get("/api/v1/map/natura2000", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    doc = plain.json()
    areas = natura2000_areas()
    assert [f["id"] for f in doc["features"]] == [a.slug for a in areas]
    for f in doc["features"]:
        assert f["geometry"]["type"] == "MultiPolygon"
        for polygon in f["geometry"]["coordinates"]:
            for ring in polygon:
                _check_ring(ring)
    veluwe = next(f for f in doc["features"] if f["id"] == "veluwe")
    area = next(a for a in areas if a.slug == "veluwe")
    simplified_ha = sum(
        abs(_rd_area_m2(ring)) * (1 if k == 0 else -1)
        for polygon in veluwe["geometry"]["coordinates"]
        for k, ring in enumerate(polygon)
    )
    assert simplified_ha / 10_000 == pytest.approx(area.shape_area_ha(), rel=0.01)
    assert len(plain.content) < 1_000_000
    zipped = client.get("/api/v1/map/natura2000", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == doc and len(gzip.compress(plain.content)) < 400_000


def test_map_page_twin_says_what_an_anonymous_user_sees(registry_app):
    twin = registry_app.client.get("/kaart.json").json()
    assert twin["shows_farms"] is False and twin["data"]["farms"] is None
    assert twin["data"]["natura2000"] == "/api/v1/map/natura2000"
    html = registry_app.client.get("/kaart").text
    assert "alleen open data" in html and 'href="/inloggen?volgende=/kaart"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/kaart.js" in html
    assert "https://unpkg" not in html and "cdn" not in html.lower()
    assert '<a href="/kaart" aria-current="page">Kaart</a>' in html  # the menu links to the map
    assert registry_app.client.get("/", follow_redirects=False).headers["location"] == "/kaart"


# -- the demo region ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('map-demo') / 'veekompas.db'}"
    done = CliRunner().invoke(
        cli_app, ["demo", "load", "--users"], env={"VEEKOMPAS_DATABASE_URL": url}
    )
    assert done.exit_code == 0, done.output
    client = TestClient(create_app(Settings(database_url=url, basemap="none")))
    login = {"username": "demo-ede", "password": DEMO_PASSWORD}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200
    return client


def test_ede_sees_all_its_farms_in_one_request(demo_client, demo_region):
    response = demo_client.get("/api/v1/map/farms", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.num_bytes_downloaded < len(response.content) / 3
    doc = response.json()
    ede = {f.ubn: f for f in demo_region if f.municipality == "Ede"}
    assert {f["id"] for f in doc["features"]} == set(ede) and len(
        ede
    ) == 259  # Ede by location (geodata README)
    for f in doc["features"]:
        farm = ede[f["id"]]
        assert f["properties"]["sector"] == farm.sector
        assert f["properties"]["intent"] == farm.succession.intent
    assert "outline" not in doc  # the hull went: the borders layer draws the real borders


def test_deposition_hexagons_match_calc_deposition_for_the_same_source(
    demo_client, demo_farmer_farm
):
    farm = demo_farmer_farm  # a veal farm in Ede
    doc = demo_client.get(f"/api/v1/map/farms/{farm.ubn}/deposition").json()
    features = doc["features"]
    values = np.array([f["properties"]["deposition_mol_per_ha_year"] for f in features])
    assert 0 < len(features) <= doc["cap"] and len(features) == min(
        doc["cap"], doc["hexagons_above_threshold"]
    )
    assert np.all(values > doc["threshold_mol_per_ha_year"] - 1e-4)
    assert np.all(np.diff(values) <= 0)
    assert "indicatief" in doc["label"]
    assert set(doc["area_names"]) == {f["properties"]["area"] for f in features}
    assert doc["area_names"]["veluwe"] == "Veluwe"
    # the same source computed here: Rav emission, AERIUS defaults of sector 4110
    nh3 = farm_emission(farm.housings).total
    assert doc["nh3_kg_per_year"] == pytest.approx(nh3, abs=0.05)
    standard = table("aerius_source_characteristics").row("4110")
    height, spread = standard["emission_height_m"], standard["spread_m"]
    x0, y0 = farm.location.x_rd, farm.location.y_rd
    source = dep.point_sources(["f"], [x0], [y0], [height], [spread], [nh3])
    ids = np.array([f["id"] for f in features])
    x, y = receptor_centres(ids)
    expected = dep.deposition(source, dep.make_receptors(ids, x, y), cutoff_m=25_000.0)
    np.testing.assert_allclose(values, expected.deposition_mol_n_per_ha_year, atol=5e-5)
    # each hexagon is drawn around its receptor centre
    lon, lat = rd_to_wgs84(x, y)
    for f, cx, cy in zip(features[:50], lon, lat, strict=False):
        ring = f["geometry"]["coordinates"][0]
        _check_ring(ring)
        assert len(ring) == 7
        assert np.mean(np.asarray(ring[:-1]), axis=0) == pytest.approx([cx, cy], abs=1e-5)


def test_odour_contours_are_the_legal_levels_with_odour_contours_areas(
    demo_client, demo_farmer_farm
):
    farm = demo_farmer_farm  # a veal farm in Ede
    doc = demo_client.get(f"/api/v1/map/farms/{farm.ubn}/odour").json()
    emission = odour_emission(farm.housings).total
    assert doc["emission_oue_per_s"] == pytest.approx(emission, abs=0.05) and emission > 0
    xy = (farm.location.x_rd, farm.location.y_rd)
    grid = odour_contours(sources_at(xy, emission), half_width_m=1200.0, cell_m=30.0)
    levels = [f["properties"]["level_oue_per_m3"] for f in doc["features"]]
    assert levels == [lv for lv, a in zip(grid.levels, grid.area_m2, strict=True) if a > 0]
    assert len(levels) >= 2
    areas = []
    for f in doc["features"]:
        polygons = f["geometry"]["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                _check_ring(ring)
        area = sum(_rd_area_m2(ring) for polygon in polygons for ring in polygon)
        expected = grid.area_m2[grid.levels.index(f["properties"]["level_oue_per_m3"])]
        # at most one cell (900 m2) more: the source's own cell, where the kernel gives 0
        assert expected - 100.0 <= area <= expected + 900.0 + 100.0  # WGS84 rounding ~0.1 m
        assert f["properties"]["clipped"] is False
        areas.append(area)
    assert areas == sorted(areas, reverse=True)


def test_a_contour_beyond_the_grid_is_marked_clipped(demo_farmer_farm):
    farm = demo_farmer_farm  # a veal farm in Ede
    small = odour_contour_polygons(farm, half_width_m=150.0, cell_m=30.0)
    full = odour_contour_polygons(farm)
    assert small.levels == full.levels and small.clipped[0] is True
    assert full.clipped == [False] * len(full.levels)
