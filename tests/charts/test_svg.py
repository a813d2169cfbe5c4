"""Charts rendered to SVG on the server (for reports and the .svg chart routes) with the same
Vega-Lite version as the browser, Dutch number formats, and every published figure drawn."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from veekompas.charts import VEGA_LITE_VERSION, dashboard_charts, render_svg
from veekompas.errors import InputError

VENDOR = Path(__file__).resolve().parents[2] / "src/veekompas/web/static/vendor/VERSIONS.txt"
SVG_NS = "{http://www.w3.org/2000/svg}"
ROWS = [
    {
        "name": "Ede",
        "farms_per_intent": {"stopper": 3, "blijver": 9, "onbekend": None},
        "animal_places": {"A1": 1_200, "A4": 2_500},
        "permitted_nh3_kg_per_year": 4_321,
    },
    {
        "name": "Barneveld",
        "farms_per_intent": {"stopper": 2, "blijver": 11, "onbekend": 4},
        "animal_places": {"A1": 300, "A4": 12_000},
        "permitted_nh3_kg_per_year": 9_876,
    },
]


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG_NS}text")]


def bars(svg: str) -> int:
    """Marks of the bar layer: one <path> per drawn bar (Vega's SVG renderer)."""
    groups = [g for g in ET.fromstring(svg).iter(f"{SVG_NS}g") if "mark-rect" in g.get("class", "")]
    return sum(len(g.findall(f"{SVG_NS}path")) for g in groups)


def test_server_and_browser_use_the_same_vega_lite():
    vendored = re.search(r"^vega-lite (\d+\.\d+)\.\d+", VENDOR.read_text(), re.M)
    assert vendored is not None and vendored.group(1) == VEGA_LITE_VERSION


def test_nh3_chart_as_svg_has_title_areas_and_dutch_axis():
    svg = render_svg(dashboard_charts(ROWS)["nh3"])
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert float(root.get("width")) >= 640  # "container" became the default 640 px plot
    labels = texts(svg)
    assert "Vergunde NH3-emissie per gemeente (kg/jaar)" in labels
    assert {"Ede", "Barneveld"} <= set(labels)
    assert "kg NH3 per jaar" in labels
    # axis ticks in Dutch thousands: 2.000, 4.000, ... never 2,000
    assert "4.000" in labels and not any(re.fullmatch(r"\d+,\d{3}", t) for t in labels)
    assert bars(svg) == 2


def test_secret_figures_are_not_drawn():
    svg = render_svg(dashboard_charts(ROWS)["voornemen"])
    published = sum(n is not None for r in ROWS for n in r["farms_per_intent"].values())
    assert bars(svg) == published == 5
    assert {"stopper", "blijver", "onbekend"} <= set(texts(svg))  # legend


def test_width_is_a_setting_and_checked():
    narrow = ET.fromstring(render_svg(dashboard_charts(ROWS)["nh3"], width_px=300))
    assert 300 <= float(narrow.get("width")) < 640
    with pytest.raises(InputError, match=r"^width_px: moet tussen 100 en 4000"):
        render_svg(dashboard_charts(ROWS)["nh3"], width_px=20)


def test_a_spec_vega_lite_rejects_is_an_input_error():
    with pytest.raises(InputError, match=r"^spec: Vega-Lite kon de grafiek niet tekenen"):
        render_svg({"mark": "geen-mark", "data": {"values": [{"a": 1}]}})
