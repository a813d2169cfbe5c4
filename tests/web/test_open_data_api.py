"""The public open-data routes: no identifier of any farm ever leaves them, small municipalities
show as suppressed, CSV twins, 404/422 with one line, every response in OpenAPI."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

from disclosure_audit import derivable_cells, open_data_relations
from registry_builders import random_registry, registry_farm
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.store.models import INTENTS, SECTORS
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app

# several municipalities, some with fewer than 5 farms
SIZES = {"Ede": 11, "Barneveld": 14, "Renswoude": 2, "Scherpenzeel": 4, "Rhenen": 6, "Leusden": 1}


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('open') / 'registry.db'}"
    from veekompas.store.db import upgrade

    upgrade(url)
    farms = random_registry(seed=20260401, sizes=SIZES)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        repo = FarmRepository(s, "test")
        for farm in farms:
            repo.add(farm)
        s.commit()
    engine.dispose()
    return url, farms


@pytest.fixture(scope="module")
def client(registry):
    return TestClient(create_app(Settings(database_url=registry[0])))


def all_responses(client: TestClient) -> dict[str, str]:
    paths = ["/api/v1/open/region", "/api/v1/open/municipalities"]
    paths += [f"/api/v1/open/municipalities/{name}" for name in SIZES]
    out = {}
    for path in paths:
        for variant in (path, f"{path}.csv", f"{path}?format=csv", f"{path}?format=json"):
            response = client.get(variant)
            assert response.status_code == 200, variant
            kind = "text/csv" if "csv" in variant else "application/json"
            assert response.headers["content-type"].startswith(kind), variant
            out[variant] = response.text
    return out


def identifiers(farm) -> list[str]:
    x, y = farm.location.x_rd, farm.location.y_rd
    return [
        farm.ubn,
        farm.kvk,
        farm.name,
        farm.location.place,
        *(f"{v}" for v in (x, y)),
        *(f"{v:.0f}" for v in (x, y)),
        *(str(int(v)) for v in (x, y)),
    ]


def test_no_identifier_of_any_farm_leaves_the_routes(client, registry):
    texts = all_responses(client)
    assert len(texts) == 4 * (2 + len(SIZES))
    for farm in registry[1]:
        for ident in identifiers(farm):
            for path, text in texts.items():
                assert ident not in text, f"{ident!r} of farm {farm.ubn} appears in {path}"


def test_json_and_csv_carry_date_rule_and_aggregation(client):
    body = client.get("/api/v1/open/municipalities").json()
    assert body["aggregated"] is True and body["rule"]["min_farms"] == 5
    assert "Geaggregeerde cijfers" in body["notice"] and body["data_date"]
    response = client.get("/api/v1/open/municipalities.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["gebied"] for r in rows] == ["regio", *sorted(SIZES)]
    assert {r["peildatum"] for r in rows} == {body["data_date"]}
    assert {r["min_bedrijven"] for r in rows} == {"5"}
    json_farms = [body["region"]["farms"]["value"]] + [
        m["farms"]["value"] for m in body["municipalities"]
    ]
    assert [r["bedrijven"] for r in rows] == ["" if v is None else str(v) for v in json_farms]


def test_small_municipalities_are_suppressed_and_cannot_be_derived(client):
    body = client.get("/api/v1/open/municipalities").json()
    areas = [body["region"], *body["municipalities"]]
    for name, n in SIZES.items():
        one = client.get(f"/api/v1/open/municipalities/{name}").json()["municipality"]
        assert one == next(m for m in body["municipalities"] if m["name"] == name)
        if n < 5:
            assert one["farms"] == {"value": None, "suppressed": True}
    assert body["region"]["farms"]["value"] == sum(SIZES.values())
    # Regio Foodvalley's count would give Leusden's (1 farm): the whole registry minus it
    foodvalley = client.get("/api/v1/open/municipalities?regio=foodvalley").json()
    assert foodvalley["region"]["name"] == "Regio Foodvalley"
    assert foodvalley["region"]["farms"] == {"value": None, "suppressed": True}
    assert "Leusden" not in [m["name"] for m in foodvalley["municipalities"]]
    for m in foodvalley["municipalities"]:  # the same cells as in the whole registry's table
        if m["name"] in SIZES:
            assert m == next(a for a in body["municipalities"] if a["name"] == m["name"])
        else:
            assert m["farms"] == {"value": 0, "suppressed": False}

    def row(area):
        cells = [area["farms"], *area["farms_per_sector"].values()]
        cells += [*area["farms_per_intent"].values(), *area["animal_places_per_category"].values()]
        return [c["suppressed"] for c in [*cells, area["permitted_nh3_kg_per_year"]]]

    hidden = np.array([row(a) for a in areas])
    sectors = list(range(1, 1 + len(SECTORS)))
    intents = list(range(1 + len(SECTORS), 1 + len(SECTORS) + len(INTENTS)))
    relations = open_data_relations(*hidden.shape, 0, sectors, intents)
    assert derivable_cells(hidden, relations) == []


def test_threshold_comes_from_the_environment(registry, monkeypatch):
    monkeypatch.setenv("VEEKOMPAS_OPEN_DATA_MIN_FARMS", "1")
    client = TestClient(create_app(Settings(database_url=registry[0])))
    body = client.get("/api/v1/open/municipalities").json()
    assert body["rule"]["min_farms"] == 1
    assert [m["farms"]["value"] for m in body["municipalities"]] == [
        SIZES[name] for name in sorted(SIZES)
    ]


def test_unknown_municipality_is_404_and_bad_format_422(client):
    for path in ("/api/v1/open/municipalities/Amsterdam", "/api/v1/open/municipalities/X.csv"):
        response = client.get(path)
        assert response.status_code == 404
        detail = response.json()["detail"]
        assert detail.startswith("municipality: onbekende gemeente") and "\n" not in detail
        assert "oegestaan: Barneveld, Ede" in detail
    response = client.get("/api/v1/open/region?format=xlsx")
    assert response.status_code == 422
    assert response.json()["detail"] == "format: kies uit json of csv"


def test_openapi_documents_every_response(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/open/region", "/api/v1/open/municipalities"):
        responses = paths[path]["get"]["responses"]
        assert {"200", "422"} <= set(responses)
        assert {"application/json", "text/csv"} <= set(responses["200"]["content"])
    one = paths["/api/v1/open/municipalities/{name}"]["get"]["responses"]
    assert {"200", "404", "422"} <= set(one)
    assert one["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")
    assert "/api/v1/open/municipalities/{name}.csv" in paths


@pytest.fixture(scope="module")
def hattem_client(tmp_path_factory):
    """Hattem: 7 farms, all blijver (the reported case), among 24 mixed farms elsewhere."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hattem') / 'registry.db'}"
    from veekompas.store.db import upgrade

    upgrade(url)
    farms = random_registry(seed=7, sizes={"Ede": 12, "Barneveld": 12})
    sectors = ["melkvee"] * 5 + ["varkens", "vleeskalveren"]
    farms += [
        registry_farm(100 + i, "Hattem", sector=s, intent="blijver") for i, s in enumerate(sectors)
    ]
    engine = make_engine(url)
    with session_factory(engine)() as s:
        FarmRepository(s, "test").add_many(farms)
        UserRepository(s).add("publiek", "publiek-wachtwoord", "publiek")
        s.commit()
    engine.dispose()
    return TestClient(create_app(Settings(database_url=url)))


def test_hattem_does_not_show_that_all_its_farms_stay_anywhere(hattem_client):
    """API, CSV, /regio.json, /regio and its intent chart, for anonymous and publiek: the same
    cells hidden, and none says 'stopper 0, onbekend 0' for Hattem."""
    c = hattem_client
    gelderland = "?regio=provincie-gelderland"  # Ede, Barneveld and Hattem
    body = c.get(f"/api/v1/open/municipalities{gelderland}").json()
    assert body["rule"]["group_min_farms"] == 10
    assert "groepsonthulling" in body["rule"]["description"]
    hattem = c.get("/api/v1/open/municipalities/Hattem").json()["municipality"]
    intents = {k: v["value"] for k, v in hattem["farms_per_intent"].items()}
    assert intents["blijver"] is None and [intents["stopper"], intents["onbekend"]] != [0, 0]
    table = csv.DictReader(io.StringIO(c.get(f"/api/v1/open/municipalities.csv{gelderland}").text))
    row = next(r for r in table if r["gebied"] == "Hattem")
    expected = ["" if v is None else str(v) for v in intents.values()]
    assert [row[f"voornemen_{i}"] for i in INTENTS] == expected
    published = {
        (a["level"], "regio" if a["level"] == "regio" else a["name"]): {
            part: {k: v["value"] for k, v in a[part].items()}
            for part in ("farms_per_sector", "farms_per_intent")
        }
        for a in [body["region"], *body["municipalities"]]
    }
    for who in (None, "publiek"):
        c.cookies.clear()
        if who:
            login = {"username": who, "password": "publiek-wachtwoord"}
            assert c.post("/api/v1/auth/login", json=login).status_code == 200
        dash = c.get(f"/regio.json{gelderland}").json()
        assert dash["scope"] == "open_data"
        shown = {
            (a["level"], "regio" if a["level"] == "regio" else a["name"]): {
                part: a[part] for part in ("farms_per_sector", "farms_per_intent")
            }
            for a in [dash["region"], *dash["municipalities"]]
        }
        assert shown == published
        page = c.get(f"/regio{gelderland}").text
        spec = re.search(r'data-chart="grafiek-voornemen">(.*?)</script>', page, re.S)
        values = json.loads(spec.group(1))["data"]["values"]
        bars = {(v["part"], v["value"]) for v in values if v["area"] == "Hattem"}
        assert bars == {(k, v) for k, v in intents.items() if v is not None}
