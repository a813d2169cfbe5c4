"""The JSON API: same result as the CLI, 422 with the CLI's message, documented in OpenAPI."""

from __future__ import annotations

import json

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bad_inputs import BAD_FARMS
from veekompas.cli import app as cli_app
from veekompas.web.app import create_app

client = TestClient(create_app())


def test_assessment_matches_the_cli_json(lochem_farm_data, lochem_farm_file):
    response = client.post("/api/v1/farm-assessments", json=lochem_farm_data)
    assert response.status_code == 200
    cli = CliRunner().invoke(cli_app, ["farm", "assess", str(lochem_farm_file), "--json"])
    assert response.json() == json.loads(cli.output)
    totals = [round(s["economic_size"]["nge_total"], 1) for s in response.json()["situations"]]
    assert totals == [170.4, 270.9]


def test_policy_query(lochem_farm_data):
    response = client.post("/api/v1/farm-assessments?policy=barneveld", json=lochem_farm_data)
    assert response.json()["policy"]["threshold_from"] == "default"
    response = client.post("/api/v1/farm-assessments?policy=x", json=lochem_farm_data)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("policy: onbekend beleidsprofiel 'x'")


@pytest.mark.parametrize(("case", "farm", "message"), BAD_FARMS, ids=[c[0] for c in BAD_FARMS])
def test_bad_farm_gives_422_with_the_cli_message(tmp_path, case, farm, message):
    response = client.post("/api/v1/farm-assessments", json=farm)
    assert response.status_code == 422
    assert response.json() == {"detail": message}
    path = tmp_path / "farm.yaml"
    path.write_text(yaml.safe_dump(farm), encoding="utf-8")
    cli = CliRunner().invoke(cli_app, ["farm", "assess", str(path)])
    assert cli.stderr == f"fout: {response.json()['detail']}\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"situations": ', "body: is geen geldige JSON"),
        (b"[1, 2]", "farm: moet een object zijn (veld: waarde)"),
        (b"{}", "situations: is verplicht"),
    ],
)
def test_malformed_bodies(body, message):
    response = client.post(
        "/api/v1/farm-assessments", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json() == {"detail": message}


def test_norms_routes():
    listing = client.get("/api/v1/norms").json()
    names = {t["table"] for t in listing}
    assert {"nge_norms", "nge_per_vak", "nge_per_mensjaar", "labour_norms"} <= names
    nge = next(t for t in listing if t["table"] == "nge_norms")
    assert nge["versions"] == ["nge_norms@2010-01-01"] and nge["unverified_rows"] == 3
    doc = client.get("/api/v1/norms/nge_per_vak").json()
    assert doc["rows"][0]["nge_per_vak"] == 73
    assert doc["columns"]["nge_per_vak"]["unit"] == "nge per VAK"
    missing = client.get("/api/v1/norms/nge")
    assert missing.status_code == 422
    assert missing.json()["detail"].startswith("table: onbekende normtabel 'nge'")
    early = client.get("/api/v1/norms/nge_norms", params={"on": "2001-01-01"})
    assert early.status_code == 422
    assert "de eerste versie geldt vanaf 01-01-2010" in early.json()["detail"]


def test_openapi_documents_the_routes():
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/v1/farm-assessments"]["post"]
    assert {"200", "422"} <= set(post["responses"])
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Farm")
    assert "/api/v1/norms/{name}" in spec["paths"]
    assert "/bedrijf/toets" not in spec["paths"]
