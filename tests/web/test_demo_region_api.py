"""The demo region (3,567 real, de-identified farms) served through the API, as `make run` does:
`veekompas demo load --if-empty --users`, then each demo user sees what its role allows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from veekompas.cli import app as cli_app
from veekompas.demo import data
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.settings import Settings
from veekompas.web.app import create_app


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'veekompas.db'}"
    env = {"VEEKOMPAS_DATABASE_URL": url}
    done = CliRunner().invoke(cli_app, ["demo", "load", "--if-empty", "--users"], env=env)
    assert done.exit_code == 0, done.output
    assert "demogebruikers: demo-admin, demo-regio, demo-ede" in done.output
    return TestClient(create_app(Settings(database_url=url)))


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    response = client.post(
        "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text


def _all_pages(client: TestClient, query: str = "") -> list[dict]:
    farms, cursor = [], None
    while True:
        page = client.get(
            f"/api/v1/farms?limit=200{query}" + (f"&cursor={cursor}" if cursor else "")
        )
        assert page.status_code == 200, page.text
        farms += page.json()["items"]
        if (cursor := page.json()["next_cursor"]) is None:
            return farms


def test_the_region_planner_pages_through_all_demo_farms(demo_client, demo_region):
    _login(demo_client, "demo-regio")
    farms = _all_pages(demo_client)
    assert len(farms) == len(demo_region) == len(data.sources().source_id)
    assert sorted(f["ubn"] for f in farms) == sorted(f.ubn for f in demo_region)


def test_ede_planner_sees_only_ede(demo_client, demo_region):
    _login(demo_client, "demo-ede")
    farms = _all_pages(demo_client)
    expected = {f.ubn for f in demo_region if f.municipality == "Ede"}
    assert {f["ubn"] for f in farms} == expected and len(expected) > 100
    other = next(f for f in demo_region if f.municipality == "Barneveld")
    assert demo_client.get(f"/api/v1/farms/{other.ubn}").status_code == 404
    veal = _all_pages(demo_client, "&sector=vleeskalveren")
    assert veal and all(f["sector"] == "vleeskalveren" and f["municipality"] == "Ede" for f in veal)


def test_demo_farmer_and_adviser(demo_client, demo_region, demo_farmer_farm):
    _login(demo_client, "demo-boer")
    own = demo_client.get("/api/v1/auth/me").json()["farm_ubn"]
    assert own == demo_farmer_farm.ubn  # a veal farm in Ede
    assert demo_farmer_farm.sector == "vleeskalveren" and demo_farmer_farm.municipality == "Ede"
    assert [f["ubn"] for f in _all_pages(demo_client)] == [own]
    other = next(f for f in demo_region if f.ubn != own)
    assert demo_client.get(f"/api/v1/farms/{other.ubn}").status_code == 404
    _login(demo_client, "demo-adviseur")
    seen = [f for f in _all_pages(demo_client) if f["ubn"] != own]  # his farm by demo consent
    assert len(seen) == 3 and {f["municipality"] for f in seen} == {"Barneveld"}
    assert own in {f["ubn"] for f in _all_pages(demo_client)}


def test_open_data_of_the_demo_region_without_login(demo_client, demo_region):
    demo_client.cookies.clear()
    region = demo_client.get("/api/v1/open/region").json()
    assert region["region"]["farms"]["value"] == len(demo_region)
    nh3 = round(sum(f.permitted_nh3_kg_per_year for f in demo_region))
    assert abs(region["region"]["permitted_nh3_kg_per_year"]["value"] - nh3) <= 1


def test_farmer_gets_emissions_and_scan_of_own_farm_only(demo_client, demo_region):
    _login(demo_client, "demo-boer")
    own = demo_client.get("/api/v1/auth/me").json()["farm_ubn"]
    farm = next(f for f in demo_region if f.ubn == own)
    emissions = demo_client.get(f"/api/v1/farms/{own}/emissions")
    assert emissions.status_code == 200, emissions.text
    nh3 = emissions.json()["nh3"]["total"]
    assert abs(nh3 / farm.permitted_nh3_kg_per_year - 1) <= 0.05  # the demo's own promise
    scan = demo_client.get(f"/api/v1/farms/{own}/environmental-scan?policy=pas-2015")
    assert scan.status_code == 200
    assert scan.json()["policy"]["code"] == "pas-2015"
    assert (
        scan.json()["explanation"][1]
        == "Geur: geen geurgevoelige objecten opgegeven; niet beoordeeld."
    )
    other = next(f for f in demo_region if f.ubn != own)
    assert demo_client.get(f"/api/v1/farms/{other.ubn}/emissions").status_code == 404
    assert demo_client.get(f"/api/v1/farms/{other.ubn}/environmental-scan").status_code == 404
