"""POST /api/v1/environmental-scans gives the CLI's result; bad input is a 422 naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from veekompas.cli import app as cli_app
from veekompas.web.app import create_app

CASE = Path(__file__).parents[1] / "cases" / "scan_demo" / "scan.yaml"
client = TestClient(create_app())


def test_scan_equals_the_cli_json():
    body = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    response = client.post("/api/v1/environmental-scans", json=body)
    assert response.status_code == 200, response.text
    cli = CliRunner().invoke(cli_app, ["farm", "scan", str(CASE), "--json"])
    assert response.json() == json.loads(cli.output)
    assert response.json()["natura2000"]["nearest_area"] == "Veluwe"


def test_bad_scan_input_is_422_with_the_field():
    body = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    body["farm"]["location"]["x_rd"] = -5
    response = client.post("/api/v1/environmental-scans", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("farm.location.x_rd: Input should be greater")
    body = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    body["policy"] = "streng"
    response = client.post("/api/v1/environmental-scans", json=body)
    assert response.json()["detail"].startswith("policy: unknown policy profile 'streng'")
