"""Stored XSS in Debian's Chromium: script-like text in the registry (a farm's name, place and
buyout scheme, a municipality and the gemeente user of it) never runs on any page (found from the
routes) nor on the map with a farm's popup, marker title, tooltips, layer control and deposition
and odour panel opened, and shows as the literal text it is. The walk runs with the page's CSP
switched off (bypass_csp), so it tests the escaping itself; a second walk with the CSP on finds
no CSP violation anywhere, with the charts drawn, the map's tiles (PDOK, answered locally) and a
farm's deposition shown, so the pages really work under the policy."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from browser_support import chromium, demo_database, demo_farmer, log_in, serve
from page_routes import page_paths

from builders import farm
from veekompas.settings import Settings
from veekompas.store import exchange
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser

NAME = "Boer <img src=x onerror=alert(1)> <img src=x onerror=window.__xss=1>"
PLACE = '"><script>window.__xss=1</script>'
MUNICIPALITY = "</script><script>window.__xss=1</script>"
BUYOUT = "<svg onload=window.__xss=1>'\"&amp;"
FARM, _ = demo_farmer()  # a veal farm in Ede whose deposition and odour the map can show
GEMEENTE_USER, GEMEENTE_PASSWORD = "gemeente-xss", "lang-genoeg-wachtwoord"
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
CSP_EVENTS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
"""
RAN = """() => ({
  xss: typeof window.__xss,
  injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror]').length,
  scripts: [...document.scripts].filter(
    (s) => s.type !== "application/json" && s.textContent.includes("__xss")).length,
})"""
NOTHING_RAN = {"xss": "undefined", "injected": 0, "scripts": 0}


def _plant_payloads(url: str) -> list[str]:
    """The payloads into the demo registry; returns the UBNs moved to MUNICIPALITY."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        farms = FarmRepository(session, "xss-test")
        farm = farms.get(FARM)
        farms.update(
            farm.model_copy(
                update={
                    "name": NAME,
                    "location": farm.location.model_copy(update={"place": PLACE}),
                    "succession": farm.succession.model_copy(update={"buyout_scheme": BUYOUT}),
                }
            )
        )
        moved = [f.ubn for f in farms.list(municipality="Lingewaard", limit=3)]
        for ubn in moved:
            farms.update(farms.get(ubn).model_copy(update={"municipality": MUNICIPALITY}))
        UserRepository(session).add(
            GEMEENTE_USER, GEMEENTE_PASSWORD, "gemeente", municipality=MUNICIPALITY
        )
        session.commit()
    engine.dispose()
    return moved


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("xss"))
    moved = _plant_payloads(url)
    assert len(moved) == 3  # three farms in the script-like municipality
    app = create_app(Settings(database_url=url, basemap="pdok"))
    with serve(app) as base_url, chromium() as browser:
        yield app, base_url, browser, moved


def _page(browser, *, bypass_csp: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.route(
        "https://service.pdok.nl/**", lambda r: r.fulfill(body=PIXEL, content_type="image/png")
    )
    page.add_init_script(CSP_EVENTS)
    page.dialogs, page.errors, page.console_csp = [], [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "console",
        lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


def _paths(app, moved) -> list[str]:
    extra = [
        f"/bedrijven?gemeente={MUNICIPALITY}",
        "/bedrijven?zoek=Boer",
        f"/bedrijven/{moved[0]}",
        "/regio?regio=provincie-gelderland",  # the moved farms lie in it: its omgeving
    ]
    return page_paths(app, {"ubn": FARM, "name": "nge_norms"}) + extra


def _visit(page, url: str) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status == 200, f"{url}: {answer and answer.status}"
    page.wait_for_load_state("networkidle")
    if page.locator(".vega").count():
        page.wait_for_selector(".vega[data-rendered=ja] >> nth=-1", timeout=20_000)
    if page.locator("#kaart").count():
        page.wait_for_selector("#kaart[data-state=klaar]", timeout=60_000)


def _open_popup(page, ubn: str) -> None:
    page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')")
    page.evaluate(
        """ubn => { const s = window.veekompasKaart;
        const m = s.markers.find(x => x.feature.id === ubn);
        s.clusters.zoomToShowLayer(m, () => m.openPopup()); }""",
        ubn,
    )
    page.locator(".kaart-popup").wait_for(timeout=10_000)


def _show_deposition(page) -> None:
    page.locator(".kaart-popup").get_by_role("button", name="Depositie en geur tonen").click()
    page.wait_for_selector("#kaart[data-state=klaar][data-deposition]", timeout=60_000)


def _open_tooltips(page) -> list[str]:
    """Open one deposition hexagon's and one Natura 2000 area's tooltip; their texts."""
    return page.evaluate(
        """() => { const s = window.veekompasKaart; let hex = null, area = null;
        s.map.eachLayer(l => {
          if (!l.feature || !l.getTooltip || !l.getTooltip()) return;
          if ("deposition_mol_per_ha_year" in l.feature.properties) hex = hex || l;
          else area = area || l;
        });
        return [hex, area].filter(Boolean).map(l => {
          l.openTooltip(l.getBounds().getCenter());
          const text = l.getTooltip().getElement().textContent;
          l.closeTooltip();
          return text;
        }); }"""
    )


def _check(page, where: str) -> None:
    assert page.evaluate(RAN) == NOTHING_RAN, where
    assert page.dialogs == [], where


def test_script_like_names_never_run_and_show_as_text(site):
    app, base_url, browser, moved = site
    page = _page(browser, bypass_csp=True)  # the escaping alone must hold
    expected = {
        f"/bedrijven/{FARM}": [NAME, PLACE, BUYOUT],
        f"/bedrijven/{FARM}/bewerken": [NAME],
        "/bedrijven?zoek=Boer": [NAME],
        f"/bedrijven?gemeente={MUNICIPALITY}": [MUNICIPALITY],
        f"/bedrijven/{moved[0]}": [MUNICIPALITY],
        "/regio?regio=provincie-gelderland": [MUNICIPALITY],
        "/gebruikers": [MUNICIPALITY],
    }
    log_in(page, base_url, "demo-admin")
    for path in _paths(app, moved):
        _visit(page, f"{base_url}{path}")
        _check(page, path)
        text = page.locator("main").inner_text()
        for payload in expected.get(path, []):
            assert payload in text, f"{path}: {payload!r} not shown as text"

    # the map: the farm's marker title, popup, layer control, status line, legend and tooltips
    _visit(page, f"{base_url}/kaart")
    _open_popup(page, FARM)
    assert page.locator(".kaart-popup h2").inner_text() == NAME
    title = page.evaluate(
        "ubn => window.veekompasKaart.markers.find(m => m.feature.id === ubn).getElement().title",
        FARM,
    )
    assert title == NAME
    _check(page, "/kaart popup")
    _show_deposition(page)
    page.wait_for_timeout(200)  # an injected <img src=x> fails to load, then its onerror runs
    _check(page, "/kaart deposition")
    layers = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert f"Depositie {NAME}" in layers and f"Geurcontouren {NAME}" in layers
    assert NAME in page.locator("#kaart-status").inner_text()
    assert f"Depositie {NAME} (mol N/ha/jaar)" in page.locator("#legenda-depositie").inner_text()
    tooltips = _open_tooltips(page)
    assert len(tooltips) == 2 and "mol/ha/jaar" in tooltips[0]
    _check(page, "/kaart deposition")
    _open_popup(page, moved[0])
    assert MUNICIPALITY in page.locator(".kaart-popup").inner_text()
    _check(page, "/kaart popup in the moved municipality")

    # the gemeente user of the script-like municipality: the layers' labels, its pages
    log_in(page, base_url, GEMEENTE_USER, GEMEENTE_PASSWORD)
    _visit(page, f"{base_url}/kaart")
    layers = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Gemeentegrenzen Regio Foodvalley" in layers
    assert MUNICIPALITY in page.locator("main .lead").inner_text()
    assert MUNICIPALITY in page.locator("header .account").inner_text()
    _check(page, "/kaart as the gemeente user")
    for path in ("/bedrijven", "/regio", "/import"):
        _visit(page, f"{base_url}{path}")
        _check(page, f"{path} as the gemeente user")
        if path == "/regio":  # his municipality in the table and the charts' JSON blocks
            assert MUNICIPALITY in page.locator("main").inner_text()

    # anonymous: the open data (a region's members carry CBS names only)
    page.context.clear_cookies()
    for path in ("/regio", "/kaart"):
        _visit(page, f"{base_url}{path}")
        _check(page, f"{path} anonymous")
    assert page.errors == []
    page.context.close()


def test_a_script_like_value_in_an_import_report_shows_as_text(site):
    _, base_url, browser, _ = site
    page = _page(browser, bypass_csp=True)
    log_in(page, base_url, "demo-admin")
    _visit(page, f"{base_url}/import")
    # a farm named NAME whose sector is PLACE (not a sector: a problem the report lists)
    rows = list(csv.DictReader(io.StringIO(exchange.dump([farm("123456", "Ede")], "csv").decode())))
    rows[0] |= {"name": NAME, "sector": PLACE}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = {"name": "bedrijven.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}
    page.set_input_files("#bestand", upload)
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state("networkidle")
    report = page.locator("table.problems").inner_text()
    assert PLACE in report  # the bad sector value, as text
    _check(page, "/import report")
    page.context.close()


def test_no_page_breaks_the_content_security_policy(site):
    """With the CSP on: every page as admin and anonymous, the map with tiles, farms and a
    farm's deposition, the charts drawn; no violation event, no CSP console message."""
    app, base_url, browser, moved = site
    page = _page(browser, bypass_csp=False)
    tiles: list[str] = []
    page.on("requestfinished", lambda r: tiles.append(r.url) if "pdok.nl" in r.url else None)
    for user in (None, "demo-admin"):
        page.context.clear_cookies()
        if user:
            log_in(page, base_url, user)
        for path in _paths(app, moved) if user else ["/kaart", "/regio", "/inloggen", "/normen"]:
            _visit(page, f"{base_url}{path}")
            if path == "/kaart" and user:
                _open_popup(page, FARM)
                _show_deposition(page)
                _open_tooltips(page)
            if path == "/regio":
                charts = page.locator(".vega").count()  # 3 per gemeente, stops per year
                assert charts == 4
                assert page.locator(".vega[data-rendered=ja] svg").count() == charts
            violations = page.evaluate("window.__csp")
            assert violations == [] and page.console_csp == [], f"{path}: {violations}"
        assert page.errors == [] and page.dialogs == []
    assert tiles, "the PDOK tiles were not requested"
    page.context.close()
