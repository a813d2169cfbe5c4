"""The region map /kaart in Debian's Chromium (Playwright): Ede's planner on the demo region sees
Ede's farms only, opens a farm and shows its deposition and odour layers. No tiles are loaded
(VEEKOMPAS_BASEMAP=none), so the test runs offline."""

from __future__ import annotations

import pytest
from browser_support import (
    SCREENSHOTS,
    demo_database,
    demo_farm_count,
    demo_farmer,
    page_with_script_errors,
    serve,
)

from veekompas.demo.users import DEMO_PASSWORD
from veekompas.settings import Settings
from veekompas.web.app import create_app

EDE_FARMS = demo_farm_count("Ede")
FARM, FARM_NAME = demo_farmer()  # a veal farm in Ede

pytestmark = pytest.mark.browser
AXE_URL = "/static/vendor/axe/axe.min.js"  # from the app: the CSP allows it


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("map-browser"))
    with serve(create_app(Settings(database_url=url, basemap="none"))) as base:
        yield base


@pytest.fixture(scope="module")
def page():
    with page_with_script_errors() as page:
        yield page


def test_anonymous_map_shows_natura2000_only(base_url, page):
    page.goto(f"{base_url}/")
    assert page.url.endswith("/kaart")
    page.wait_for_selector("#kaart[data-state=klaar]", timeout=30_000)
    assert "alleen open data" in page.locator("#alleen-open-data").inner_text()
    assert int(page.get_attribute("#kaart", "data-natura2000")) == 160
    # Regio Foodvalley's eight municipal borders and its outline, for everybody
    page.wait_for_selector("#kaart[data-borders='9']", timeout=10_000)
    layers = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Gemeentegrenzen Regio Foodvalley" in layers
    assert page.evaluate("window.veekompasKaart.farms") == 0
    assert page.locator(".leaflet-marker-icon").count() == 0
    assert page.locator(".leaflet-tile").count() == 0  # VEEKOMPAS_BASEMAP=none
    # axe-core (vendored) finds no serious accessibility problem on the map page
    page.add_script_tag(url=AXE_URL)
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    serious = [v["id"] for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], found


def test_ede_planner_sees_ede_and_a_farms_deposition_and_odour(base_url, page, demo_region):
    page.goto(f"{base_url}/inloggen?volgende=/kaart")
    page.get_by_label("Gebruikersnaam").fill("demo-ede")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/kaart")
    page.wait_for_selector(f"#kaart[data-state=klaar][data-farms='{EDE_FARMS}']", timeout=30_000)
    ede = sorted(f.ubn for f in demo_region if f.municipality == "Ede")
    assert sorted(page.evaluate("window.veekompasKaart.ubns")) == ede
    assert page.evaluate("window.veekompasKaart.municipalities") == ["Ede"]
    # what the map draws: clusters and single markers together hold all Ede farms (counted when
    # no cluster animation runs: during one, old and new cluster icons are both in the page)
    page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')")
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')")
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    singles = page.locator(".bedrijf-icoon").count()
    assert in_clusters + singles == EDE_FARMS and in_clusters > 0
    assert "Vleeskalveren" in page.locator("#legenda-bedrijven").inner_text()
    page.add_script_tag(url=AXE_URL)
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    assert [v["id"] for v in found if v["impact"] in ("serious", "critical")] == [], found
    page.get_by_label("voornemen").check()
    assert "Stopper" in page.locator("#legenda-bedrijven").inner_text()

    page.evaluate(
        """ubn => { const s = window.veekompasKaart;
        const m = s.markers.find(x => x.feature.id === ubn);
        s.clusters.zoomToShowLayer(m, () => m.openPopup()); }""",
        FARM,
    )
    popup = page.locator(".kaart-popup")
    popup.wait_for(timeout=10_000)
    assert FARM_NAME in popup.inner_text() and "Ede" in popup.inner_text()
    assert popup.get_by_role("link", name="Naar het bedrijf").get_attribute("href") == (
        f"/bedrijven/{FARM}"
    )
    popup.get_by_role("button", name="Depositie en geur tonen").click()
    page.wait_for_selector("#kaart[data-state=klaar][data-deposition]", timeout=60_000)
    hexagons = int(page.get_attribute("#kaart", "data-deposition"))
    contours = int(page.get_attribute("#kaart", "data-odour"))
    assert hexagons > 100 and contours >= 2
    assert "mol N/ha/jaar" in page.locator("#legenda-depositie").inner_text()
    assert "ouE/m³" in page.locator("#legenda-geur").inner_text()
    # the hexagons as text: one row per area, hexagon counts adding up to the layer
    rows = page.locator("#depositie-per-gebied tbody tr")
    assert rows.count() >= 1
    counts = [int(t.replace(".", "")) for t in rows.locator("td:last-child").all_inner_texts()]
    assert sum(counts) == hexagons
    assert rows.first.locator("th").inner_text() == "Veluwe"  # the area's name, not its code
    assert page.get_by_role("link", name="Dezelfde bedrijven als lijst").get_attribute("href") == (
        "/bedrijven?gemeente=Ede"
    )
    assert page.script_errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kaart.png"), full_page=True)


def test_a_farm_layer_that_cannot_be_computed_is_reported_not_drawn(base_url, page):
    """The API's one-line 422 reason reaches the status line; the map keeps working."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/inloggen?volgende=/kaart")
    page.get_by_label("Gebruikersnaam").fill("demo-ede")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector(f"#kaart[data-state=klaar][data-farms='{EDE_FARMS}']", timeout=30_000)
    reason = "housings[0].animal_category: A4 past niet bij stalcode A1.100"
    page.route(
        "**/api/v1/map/farms/*/deposition",
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=f'{{"detail": "{reason}"}}'
        ),
    )
    page.wait_for_timeout(500)  # let the clusters settle, as above
    page.evaluate(
        """ubn => { const s = window.veekompasKaart;
        const m = s.markers.find(x => x.feature.id === ubn);
        s.clusters.zoomToShowLayer(m, () => m.openPopup()); }""",
        FARM,
    )
    page.locator(".kaart-popup").get_by_role("button", name="Depositie en geur tonen").click()
    page.wait_for_selector("#kaart[data-state=fout]", timeout=30_000)
    status = page.locator("#kaart-status").inner_text()
    assert status == (f"Depositie en geur van {FARM_NAME} konden niet worden berekend: {reason}")
    assert page.evaluate("window.veekompasKaart.deposition") == 0  # nothing half-drawn
    assert page.get_attribute("#kaart", "data-farms") == str(EDE_FARMS)
    page.unroute("**/api/v1/map/farms/*/deposition")


def test_the_map_works_from_the_keyboard(base_url, page):
    """Tab reaches the skip link first; a farm marker takes focus and Enter opens its popup,
    whose button is the next Tab stop."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/inloggen?volgende=/kaart")
    page.get_by_label("Gebruikersnaam").fill("demo-ede")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")  # submits the login form
    page.wait_for_selector(f"#kaart[data-state=klaar][data-farms='{EDE_FARMS}']", timeout=30_000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.wait_for_timeout(500)
    marker = page.locator(".leaflet-marker-icon.bedrijf-icoon").first
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".kaart-popup")
    popup.wait_for(timeout=10_000)
    link = popup.get_by_role("link", name="Naar het bedrijf")
    link.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Depositie en geur tonen"
