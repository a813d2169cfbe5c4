"""No stored value can break a page: farms with every field at its upper bound (domain/limits.py)
in a registry still give 200 on /regio, its charts, the open data, the map and the farm pages;
and a value past a bound (the reported permitted NH3 of 1.7e308) is refused everywhere."""

from __future__ import annotations

import csv
import io
import math

import pytest
from fastapi.testclient import TestClient
from registry_setup import PASSWORD

from builders import CATEGORY, largest_farm
from veekompas.domain.limits import MAX_ANIMALS, MAX_NH3_KG_PER_YEAR, MAX_PARTS
from veekompas.domain.registry import RegistryFarm
from veekompas.reasons_nl import dutch_reason
from veekompas.settings import Settings
from veekompas.store import exchange
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app

LONG_TOWN = "Gemeente " + "x" * 91  # 100 characters, the column's length


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('largest') / 'registry.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        farms = [largest_farm(i, LONG_TOWN if i % 2 else "Ede") for i in range(12)]
        FarmRepository(session, "test").add_many(farms)
        UserRepository(session).add("admin", PASSWORD, "admin")
        session.commit()
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=url, basemap="none")))
    return client


def _login(client: TestClient) -> None:
    done = client.post("/inloggen", data={"username": "admin", "password": PASSWORD})
    assert done.status_code == 200


PUBLIC = [
    "/regio",
    "/regio.json",
    "/regio/grafieken/intentie.svg",
    "/regio/grafieken/dierplaatsen.svg",
    "/regio/grafieken/nh3.svg",
    "/api/v1/open/region",
    "/api/v1/open/region.csv",
    "/api/v1/open/municipalities",
    "/api/v1/open/municipalities.csv",
    "/api/v1/open/municipalities/Ede",
    f"/api/v1/open/municipalities/{LONG_TOWN}",
    "/kaart",
]
LOGGED_IN = [
    *PUBLIC,
    "/bedrijven",
    "/bedrijven.json",
    "/bedrijven/9999999000",
    "/bedrijven/9999999000.json",
    "/bedrijven/9999999000/bewerken",
    "/api/v1/farms?limit=1000",
    "/api/v1/farms?format=geojson",
    "/api/v1/farms/9999999001",
    "/api/v1/map/farms",
]


def test_the_largest_values_over_many_farms_give_every_page(client):
    client.cookies.clear()
    for path in PUBLIC:  # anonymous: the open data
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
    _login(client)
    for path in LOGGED_IN:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
    region = client.get("/api/v1/open/region").json()["region"]
    nh3 = region["permitted_nh3_kg_per_year"]["value"]
    assert nh3 == 12 * MAX_NH3_KG_PER_YEAR  # exact: far inside a float's range
    places = region["animal_places_per_category"][CATEGORY]["value"]
    assert places == 12 * MAX_PARTS * MAX_ANIMALS
    assert all(math.isfinite(v) for v in (nh3, places))


def good_farm() -> dict:
    return {
        "ubn": "9999999",
        "name": "Grens",
        "municipality": "Ede",
        "location": {"x_rd": 170_000, "y_rd": 450_000, "place": "Ede"},
        "housings": [
            {"stalsysteem_code": "A4.100", "animal_category": CATEGORY, "dierplaatsen": 10}
        ],
        "animals": [{"category": CATEGORY, "count": 5, "counted_on": "2026-04-01"}],
        "crops": [{"crop": "snijmais", "ha": 2.0}],
        "permitted_nh3_kg_per_year": 100.0,
    }


def csv_with(field: str, value: object) -> str:
    """The good farm as a registry CSV with ``value`` in ``field``'s column of its record."""
    rows = list(
        csv.reader(io.StringIO(exchange.dump([RegistryFarm(**good_farm())], "csv").decode()))
    )
    kind = {"crops": "crop", "housings": "housing", "animals": "animal"}.get(field.split(".")[0])
    row = next(r for r in rows if r[0] == (kind or "farm"))
    row[rows[0].index(field.rsplit(".", 1)[-1])] = str(value)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("permitted_nh3_kg_per_year", 1.7e308, "mag ten hoogste 1.000.000 zijn"),
        ("permitted_nh3_kg_per_year", "inf", "moet een eindig getal zijn"),
        ("permitted_nh3_kg_per_year", "NaN", "moet een eindig getal zijn"),
        ("crops.0.ha", 10_000.5, "mag ten hoogste 10.000 zijn"),
        ("housings.0.dierplaatsen", MAX_ANIMALS + 1, "mag ten hoogste 10.000.000 zijn"),
        ("animals.0.counted_on", "9999-12-31", "31-12-2100"),
        ("location.place", "P" * 101, "ten hoogste 100 tekens"),
    ],
)
def test_a_value_past_its_bound_is_refused_by_the_api_and_the_import(
    registry_app, field, value, reason
):
    body = good_farm()
    *parents, name = field.split(".")
    target = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[name] = value
    answer = registry_app.client.post("/api/v1/farms", json=body, headers=registry_app.as_("admin"))
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail.startswith(f"{field}: ") and reason in detail, detail
    # the same value in an import file is a problem of its row, and nothing is written
    parsed = exchange.parse(csv_with(field, value), "csv")
    assert [p.field for p in parsed.problems] == [name] and parsed.farms == []
    assert reason in dutch_reason(parsed.problems[0].reason)  # the same words as the API's


def test_free_text_in_addresses_is_bounded(registry_app):
    c = registry_app.client
    answer = c.get("/api/v1/open/municipalities/" + "x" * 101)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "name: mag ten hoogste 100 tekens hebben"
    farm = {"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": 3}}}}
    answer = c.post("/api/v1/farm-assessments?policy=" + "p" * 41, json=farm)
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "policy: mag ten hoogste 40 tekens hebben",
    )
    # the farm list cuts free text to the longest value it can match: the echo stays short
    c.post("/inloggen", data={"username": "admin", "password": PASSWORD})
    answer = c.get("/bedrijven.json?gemeente=" + "g" * 5000)
    assert answer.status_code == 422 and len(answer.json()["detail"]) < 300
