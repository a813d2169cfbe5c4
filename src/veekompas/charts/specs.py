"""Vega-Lite specs of the charts, as pure functions returning plain dicts.

The browser renders a spec with the vendored vega-embed; a report can render the same spec to SVG.
Secret (suppressed) figures are left out of a chart's data, never drawn as 0; every page shows
the same figures in a table beside the chart.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
COLOURS = {
    "stopper": "#a4161a",
    "blijver": "#2f5d3a",
    "onbekend": "#9a9d96",
}


def _base(title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    areas = len({v["area"] for v in values})
    return {
        "$schema": SCHEMA,
        # from the chart's left edge: a centred long title is clipped in a narrow card
        "title": {"text": title, "anchor": "start", "frame": "bounds"},
        "width": "container",
        # room for the bars and for a legend of up to ten entries [px]
        "height": max(22 * areas, 180),
        "data": {"values": values},
        "config": {"locale": {"number": NL_FORMAT}, "view": {"stroke": None}},
    }


def stacked_bar(
    title: str,
    values: list[dict[str, Any]],
    *,
    measure: str,
    part_title: str,
    colours: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Horizontal bars per ``area``, stacked by ``part``; ``values`` rows: area, part, value."""
    colour: dict[str, Any] = {"field": "part", "type": "nominal", "title": part_title}
    if colours:
        colour["scale"] = {"domain": list(colours), "range": list(colours.values())}
    return {
        **_base(title, values),
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "area", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": measure,
                "stack": "zero",
                "axis": {"format": ",d"},
            },
            "color": colour,
        },
    }


def intent_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Farms per municipality by voornemen (intent); ``rows``: name and farms_per_intent
    (None = secret)."""
    values = [
        {"area": r["name"], "part": intent, "value": n}
        for r in rows
        for intent, n in r["farms_per_intent"].items()
        if n is not None
    ]
    return stacked_bar(
        "Bedrijven per gemeente naar voornemen",
        values,
        measure="bedrijven",
        part_title="voornemen",
        colours=COLOURS,
    )


def places_chart(
    rows: list[dict[str, Any]], labels: dict[str, str] | None = None
) -> dict[str, Any]:
    """Animal places per municipality by animal category (Rav category, shown by its name in
    ``labels`` when given)."""
    labels = labels or {}
    values = [
        {"area": r["name"], "part": labels.get(category, category), "value": n}
        for r in rows
        for category, n in r["animal_places"].items()
        if n
    ]
    return stacked_bar(
        "Dierplaatsen per gemeente naar diercategorie",
        values,
        measure="dierplaatsen",
        part_title="diercategorie (Rav)",
    )


def nh3_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Permitted NH3 [kg/yr] per municipality."""
    values = [
        {"area": r["name"], "value": r["permitted_nh3_kg_per_year"]}
        for r in rows
        if r["permitted_nh3_kg_per_year"] is not None
    ]
    return {
        **_base("Vergunde NH3-emissie per gemeente (kg/jaar)", values),
        "mark": {"type": "bar", "tooltip": True, "color": "#2f5d3a"},
        "encoding": {
            "y": {"field": "area", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": "kg NH3 per jaar",
                "axis": {"format": ",d"},
            },
        },
    }


def dashboard_charts(
    municipalities: list[dict[str, Any]], category_labels: dict[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """The region page's three charts from its municipality rows (as JSON dicts);
    ``category_labels`` names the animal categories (code -> Dutch name)."""
    return {
        "voornemen": intent_chart(municipalities),
        "dierplaatsen": places_chart(municipalities, category_labels),
        "nh3": nh3_chart(municipalities),
    }


SECTOR_NAMES = {
    "vleeskalveren": "vleeskalveren",
    "melkvee": "melkvee",
    "varkens": "varkens",
    "pluimvee": "pluimvee",
    "overig": "overig",
}


def stop_years_chart(years: list[dict[str, Any]], sectors: list[str]) -> dict[str, Any]:
    """Planned stops per year by sector (veal calves first); ``years`` rows: label and
    farms_per_sector (None = secret, left out)."""
    values = [
        {"area": y["label"], "part": SECTOR_NAMES.get(s, s), "value": y["farms_per_sector"][s]}
        for y in years
        for s in sectors
        if y["farms_per_sector"].get(s)
    ]
    spec = stacked_bar(
        "Geplande stops per jaar naar sector", values, measure="bedrijven", part_title="sector"
    )
    spec["encoding"]["color"]["sort"] = [SECTOR_NAMES.get(s, s) for s in sectors]
    spec["encoding"]["order"] = {"field": "order", "type": "quantitative"}
    for v in values:
        v["order"] = [SECTOR_NAMES.get(s, s) for s in sectors].index(v["part"])
    return spec
