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
    assert response.json()["detail"].startswith("farm.location.x_rd: moet ten minste")
    body = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    body["policy"] = "streng"
    response = client.post("/api/v1/environmental-scans", json=body)
    assert response.json()["detail"].startswith("policy: onbekend beleidsprofiel 'streng'")


def _scan_with(path: str, value: object) -> dict:
    body = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    *parents, name = path.split(".")
    target = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[name] = value
    return body


def test_scan_numbers_are_range_checked():
    """Finite numbers within physical bounds (domain/scan.py), refused with the field."""
    for path, value, start in [
        ("odour_objects.0.wall_distance_m", 1.7e308, "mag ten hoogste 10.000 zijn"),
        ("on", "9999-01-01", "mag ten hoogste 31-12-2100 zijn"),
        ("farm.emission_height_m", "NaN", "moet een eindig getal zijn"),
    ]:
        response = client.post("/api/v1/environmental-scans", json=_scan_with(path, value))
        assert response.status_code == 422, path
        assert response.json()["detail"].startswith(f"{path}: m"), response.text
        assert start in response.json()["detail"]
    ring = [[170_000, 450_000], [170_100, 450_000], [1e308, 450_100]]
    area = {"name": "z", "geometry": {"type": "Polygon", "coordinates": [ring]}}
    response = client.post("/api/v1/environmental-scans", json=_scan_with("wav_areas", [area]))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("wav_areas.0.geometry.coordinates: heeft ringen van ten minste 3")


def test_assessment_codes_and_situations_are_bounded():
    long_code = {"situations": {"huidig": {"animals": {"x" * 1000: 3}}}}
    response = client.post("/api/v1/farm-assessments", json=long_code)
    assert (response.status_code, response.json()["detail"]) == (
        422,
        "situations.huidig.animals: een productcode van 1.000 tekens; ten hoogste 80",
    )
    many = {"situations": {f"s{i}": {"animals": {"melk_en_kalfkoeien": 3}} for i in range(21)}}
    response = client.post("/api/v1/farm-assessments", json=many)
    assert (
        response.json()["detail"] == "situations: 21 situaties; een bedrijf heeft er ten hoogste 20"
    )
