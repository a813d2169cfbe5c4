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


def test_category_names_replace_the_codes_in_the_places_chart():
    labels = {"A1": "Melk- en kalfkoeien ouder dan 2 jaar (A1)", "A4": "Vleeskalveren (A4)"}
    places = dashboard_charts(ROWS, labels)["dierplaatsen"]["data"]["values"]
    assert {(v["area"], v["part"]) for v in places} == {
        ("Ede", "Melk- en kalfkoeien ouder dan 2 jaar (A1)"),
        ("Rhenen", "Vleeskalveren (A4)"),
    }


def test_stop_years_chart_keeps_the_years_and_leaves_secrets_out():
    from veekompas.charts.specs import stop_years_chart

    sectors = ["vleeskalveren", "melkvee", "varkens"]
    years = [
        {"label": "2027", "farms_per_sector": {"vleeskalveren": 6, "melkvee": None, "varkens": 0}},
        {"label": "2028", "farms_per_sector": {"vleeskalveren": None, "melkvee": 5, "varkens": 7}},
    ]
    spec = stop_years_chart(years, sectors)
    values = {(v["area"], v["part"]): v["value"] for v in spec["data"]["values"]}
    assert values == {("2027", "vleeskalveren"): 6, ("2028", "melkvee"): 5, ("2028", "varkens"): 7}
    assert spec["encoding"]["y"]["sort"] is None  # years in the given order
    assert spec["encoding"]["color"]["sort"] == sectors  # veal calves first
    json.dumps(spec)
