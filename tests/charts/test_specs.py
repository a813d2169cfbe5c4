"""The Vega-Lite specs of charts/specs.py: plain dicts, secret figures left out, never as 0."""

from __future__ import annotations

import json

from veekompas.charts import SCHEMA, dashboard_charts

ROWS = [
    {
        "name": "Ede",
        "farms_per_intent": {"stopper": 3, "blijver": 9, "onbekend": None},
        "animal_places": {"A1": 120, "A4": 0, "E2": None},
        "permitted_nh3_kg_per_year": 4_321,
    },
    {
        "name": "Rhenen",
        "farms_per_intent": {"stopper": None, "blijver": None, "onbekend": 6},
        "animal_places": {"A1": None, "A4": 800, "E2": None},
        "permitted_nh3_kg_per_year": None,
    },
]


def test_specs_are_vega_lite_with_only_published_figures():
    charts = dashboard_charts(ROWS)
    assert set(charts) == {"voornemen", "dierplaatsen", "nh3"}
    for spec in charts.values():
        assert spec["$schema"] == SCHEMA
        json.dumps(spec)  # serialisable as is
        assert all(v["value"] is not None for v in spec["data"]["values"])
    intents = {(v["area"], v["part"]): v["value"] for v in charts["voornemen"]["data"]["values"]}
    expected = {
        (r["name"], k): n for r in ROWS for k, n in r["farms_per_intent"].items() if n is not None
    }
    assert intents == expected
    places = charts["dierplaatsen"]["data"]["values"]
    assert {(v["area"], v["part"]) for v in places} == {("Ede", "A1"), ("Rhenen", "A4")}
    nh3 = charts["nh3"]["data"]["values"]
    assert nh3 == [{"area": "Ede", "value": ROWS[0]["permitted_nh3_kg_per_year"]}]


def test_numbers_use_the_dutch_format():
    spec = dashboard_charts(ROWS)["nh3"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
