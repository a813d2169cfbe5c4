"""/regio and its twin for a chosen region (?regio=, Regio Foodvalley by default): every member
listed, farms just outside the outline as 'omgeving' apart from the region's totals, a
deployment's own region, and the open data cut to the same region. A small registry of its own:
farms in Ede and Renswoude, two in Leusden within 2 km of Foodvalley, one in Apeldoorn far off."""

from __future__ import annotations

import pytest
import shapely
from fastapi.testclient import TestClient

from registry_builders import registry_farm
from veekompas.domain.registry import Location
from veekompas.geodata import municipalities as m
from veekompas.geodata.regions import region
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app

PASSWORD = "omgeving-van-de-vallei"
FOODVALLEY = region("foodvalley")


def _inside(name: str) -> shapely.Point:
    return shapely.point_on_surface(m.municipality(name).geometry)


def _near_foodvalley(name: str, within_m: float) -> shapely.Point:
    """A point in municipality ``name`` within ``within_m`` of Foodvalley's outline."""
    band = shapely.buffer(FOODVALLEY.outline, within_m).difference(FOODVALLEY.outline)
    return shapely.point_on_surface(m.municipality(name).geometry.intersection(band))


def _farm(i: int, municipality: str, point: shapely.Point):
    farm = registry_farm(i, municipality)
    return farm.model_copy(update={"location": Location(x_rd=point.x, y_rd=point.y)})


LEUSDEN = _near_foodvalley("Leusden", 2_000.0)
APELDOORN = _inside("Apeldoorn")
FARMS = [
    *(_farm(i, "Ede", _inside("Ede")) for i in range(6)),
    _farm(6, "Renswoude", _inside("Renswoude")),
    _farm(7, "Leusden", LEUSDEN),
    _farm(8, "Leusden", LEUSDEN),
    _farm(9, "Apeldoorn", APELDOORN),
]


def test_the_test_farms_lie_where_the_tests_say():
    outline = FOODVALLEY.outline
    assert 0 < shapely.distance(outline, LEUSDEN) <= 2_000
    assert shapely.distance(outline, APELDOORN) > 5_000


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("regio")
    url = f"sqlite:///{path / 'veekompas.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        FarmRepository(s, "test").add_many(FARMS)
        UserRepository(s).add("beheer", PASSWORD, "admin")
        UserRepository(s).add("gemeente-ede", PASSWORD, "gemeente", municipality="Ede")
        s.commit()
    engine.dispose()
    (path / "regions.csv").write_text(
        "slug,name,members,source\nvallei-oost,Vallei oost,GM0228 GM0200,testindeling\n",
        encoding="utf-8",
    )
    return path


def _client(data_dir, **settings) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data_dir, **settings)))


@pytest.fixture(scope="module")
def client(data_dir):
    return _client(data_dir)


def _login(c: TestClient, username: str) -> None:
    c.cookies.clear()
    assert c.post("/inloggen", data={"username": username, "password": PASSWORD}).status_code == 200


def test_anonymous_sees_foodvalleys_eight_members_and_no_omgeving_figures(client):
    client.cookies.clear()
    data = client.get("/regio.json").json()
    assert data["title"] == "Regio Foodvalley" and data["region_slug"] == "foodvalley"
    names = [r["name"] for r in data["municipalities"]]
    assert names == sorted(FOODVALLEY.municipality_names) and len(names) == 8
    assert data["surroundings"]["total"] is None and data["surroundings"]["municipalities"] == []
    assert "open data" in data["surroundings"]["text"]
    nijkerk = next(r for r in data["municipalities"] if r["name"] == "Nijkerk")
    assert nijkerk["farms"] == 0  # a member without farms is listed with 0
    page = client.get("/regio").text
    assert "<title>Regio Foodvalley" in page and 'id="omgeving"' in page
    assert 'href="/regio.json"' in page
    asked = client.get("/regio?regio=foodvalley").text  # the same figures, its links keep ?regio=
    assert 'href="/regio.json?regio=foodvalley"' in asked
    assert 'href="/regio/grafieken/nh3.svg?regio=foodvalley"' in asked


def test_the_region_counts_its_members_and_the_omgeving_apart(client):
    _login(client, "beheer")
    data = client.get("/regio.json").json()
    assert data["scope"] == "reach"
    assert data["region"]["farms"] == 7  # Ede 6 + Renswoude 1; not Leusden, not Apeldoorn
    assert sum(r["farms"] for r in data["municipalities"]) == 7
    near = data["surroundings"]
    assert near["distance_m"] == 5_000
    assert [r["name"] for r in near["municipalities"]] == ["Leusden"]
    assert near["total"]["farms"] == 2  # Apeldoorn lies farther than 5 km
    page = client.get("/regio").text
    section = page[page.index('id="omgeving"') :]
    assert "Leusden" in section and "Apeldoorn" not in page
    assert "5,0 km" in section
    assert '<option value="provincie-utrecht">Provincie Utrecht</option>' in page


def test_another_region_by_slug(client):
    _login(client, "beheer")
    data = client.get("/regio.json?regio=provincie-utrecht").json()
    assert data["title"] == "Provincie Utrecht"
    rows = {r["name"]: r["farms"] for r in data["municipalities"]}
    assert rows["Leusden"] == 2 and rows["Renswoude"] == 1 and "Ede" not in rows
    assert data["region"]["farms"] == 3
    # Ede borders the province: its farms may be omgeving, never in the province's totals
    assert "Leusden" not in [r["name"] for r in data["surroundings"]["municipalities"]]
    page = client.get("/regio?regio=provincie-utrecht").text
    assert "<title>Provincie Utrecht" in page
    assert '<option value="provincie-utrecht" selected>' in page


def test_a_deployments_own_region_from_the_data_dir(client):
    client.cookies.clear()
    data = client.get("/regio.json?regio=vallei-oost").json()
    assert data["title"] == "Vallei oost"
    assert [r["name"] for r in data["municipalities"]] == ["Apeldoorn", "Ede"]


def test_an_unknown_region_is_422_naming_the_allowed_ones(client):
    response = client.get("/regio.json?regio=veluwe")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("regio: ") and "foodvalley" in detail and "\n" not in detail


def test_the_omgeving_distance_is_a_setting(data_dir):
    c = _client(data_dir, region_surroundings_m=100.0)
    _login(c, "beheer")
    near = c.get("/regio.json").json()["surroundings"]
    assert near["distance_m"] == 100 and near["municipalities"] == []
    assert near["total"]["farms"] == 0


def test_a_gemeente_user_sees_his_municipality(client):
    _login(client, "gemeente-ede")
    data = client.get("/regio.json").json()
    assert data["title"] == "Gemeente Ede" and data["regions"] == []
    assert [r["name"] for r in data["municipalities"]] == ["Ede"]
    assert data["region"]["farms"] == 6 and data["surroundings"] is None


def test_the_open_data_follows_the_region(client):
    client.cookies.clear()
    body = client.get("/api/v1/open/municipalities?regio=foodvalley").json()
    assert body["region"]["name"] == "Regio Foodvalley"
    assert [a["name"] for a in body["municipalities"]] == sorted(FOODVALLEY.municipality_names)
    whole = client.get("/api/v1/open/municipalities").json()
    assert {a["name"] for a in whole["municipalities"]} == {
        "Apeldoorn", "Ede", "Leusden", "Renswoude"
    }  # fmt: skip
    assert client.get("/api/v1/open/region?regio=x").status_code == 422


def test_a_browser_asking_for_an_unknown_region_gets_a_dutch_page(client):
    html = {"Accept": "text/html"}
    page = client.get("/regio?regio=atlantis", headers=html)
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "Ongeldige invoer" in page.text and "regio" in page.text and "foodvalley" in page.text
    too_long = client.get("/regio?regio=" + "x" * 61, headers=html)
    assert too_long.status_code == 422 and "Ongeldige invoer" in too_long.text
    api = client.get("/regio.json?regio=atlantis", headers=html)  # a twin stays JSON
    assert api.status_code == 422 and "foodvalley" in api.json()["detail"]
