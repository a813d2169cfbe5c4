"""User text reaches HTML only escaped: the chart specs' JSON blocks cannot be closed by a name
holding </script>, the pages escape names in text and attributes, and the page scripts and
templates hold none of the sinks that take HTML strings (the browser test
test_xss_browser.py checks the same in Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from registry_setup import FARM_B, PASSWORD

from veekompas.store.db import make_engine, session_factory
from veekompas.store.users import UserRepository
from veekompas.web import app as web_app

WEB = Path(web_app.__file__).parent
BREAKOUT = "</script><script>window.__xss=1</script>"
NAME = '"><img src=x onerror=window.__xss=1>'
# DOM sinks that parse a string as HTML; Leaflet popups and tooltips given anything but a text
# node (tip(...)) or a function building nodes; a layer-control label or divIcon html built from
# a template with data in it but not through escape()
SINKS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.html\(|"
    r"\.(bindPopup|bindTooltip|setContent)\((?!\s*(tip\(|\(\)\s*=>))|"
    r"addOverlay\([^,]+,\s*`[^`]*\$\{|html:\s*[`'\"]"
)


def test_the_page_scripts_use_no_html_string_sinks():
    scripts = sorted((WEB / "static").glob("*.js"))
    assert {p.name for p in scripts} >= {"kaart.js", "charts.js"}
    for script in scripts:
        code = "\n".join(
            line for line in script.read_text().splitlines() if not line.strip().startswith("//")
        )
        code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
        assert not SINKS.search(code), f"{script.name}: {SINKS.search(code).group(0)}"


def test_no_template_marks_a_value_safe():
    for template in (WEB / "templates").glob("*.html"):
        assert not re.search(r"\|\s*safe\b", template.read_text()), template.name


def _breakout_gemeente_user(registry_app) -> str:
    """A gemeente user of the script-like municipality: /regio charts his municipality."""
    engine = make_engine(registry_app.url)
    with session_factory(engine)() as s:
        users = UserRepository(s)
        if users.get("gemeente-xss") is None:
            users.add("gemeente-xss", PASSWORD, "gemeente", municipality=BREAKOUT)
        s.commit()
    engine.dispose()
    return "gemeente-xss"


def test_a_municipality_cannot_close_the_chart_json_block(registry_app):
    c = registry_app.client
    admin = registry_app.as_("admin")
    farm = c.get(f"/api/v1/farms/{FARM_B}", headers=admin).json()
    changed = farm | {"municipality": BREAKOUT, "name": NAME}
    assert c.put(f"/api/v1/farms/{FARM_B}", json=changed, headers=admin).status_code == 200
    c.post("/inloggen", data={"username": "admin", "password": PASSWORD})
    # the admin's /regio lists the farm in Foodvalley's omgeving (it lies in Ede)
    assert "&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;" in c.get("/regio").text
    user = _breakout_gemeente_user(registry_app)
    c.post("/inloggen", data={"username": user, "password": PASSWORD})
    page = c.get("/regio").text
    found = re.findall(r'<script type="application/json" data-chart="([^"]+)">(.*?)</script>', page)
    blocks = dict(found)
    assert len(blocks) == 4 and page.count("<script") == 4 + page.count("<script src=")
    for key, block in blocks.items():
        assert "<" not in block and ">" not in block and "&" not in block
        if key != "grafiek-stopjaren":  # per year, no municipality in it
            assert BREAKOUT in json.dumps(json.loads(block), ensure_ascii=False)
    assert "&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # the table
    farm_page = c.get(f"/bedrijven/{FARM_B}").text
    assert NAME not in farm_page
    assert "&#34;&gt;&lt;img src=x onerror=window.__xss=1&gt;" in farm_page


def test_a_chart_svg_holds_a_name_as_text(registry_app):
    c = registry_app.client
    admin = registry_app.as_("admin")
    farm = c.get(f"/api/v1/farms/{FARM_B}", headers=admin).json()
    changed = farm | {"municipality": BREAKOUT}
    assert c.put(f"/api/v1/farms/{FARM_B}", json=changed, headers=admin).status_code == 200
    c.post(
        "/inloggen", data={"username": _breakout_gemeente_user(registry_app), "password": PASSWORD}
    )
    svg = c.get("/regio/grafieken/intentie.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in svg.text and "&lt;/script&gt;" in svg.text
