"""The region map in Debian's Chromium (Playwright) on the demo region: cluster icons show each
class's share (sector or voornemen), the search finds a farm or a place and goes there, a farm
page's "Toon op kaart" opens the map at that farm, and the farmer's map opens at his own farm."""

from __future__ import annotations

import pytest
from browser_support import (
    SCREENSHOTS,
    demo_database,
    log_in,
    page_with_script_errors,
    serve,
)

from veekompas.settings import Settings
from veekompas.web.app import create_app
from veekompas.web.map.map_page import INTENTS, SECTORS

pytestmark = pytest.mark.browser
READY = "#kaart[data-state=klaar]"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("map-search-browser"))
    with serve(create_app(Settings(database_url=url, basemap="none"))) as base:
        yield base


@pytest.fixture(scope="module")
def page():
    with page_with_script_errors() as page:
        yield page


@pytest.fixture(scope="module")
def ede(demo_region):
    return sorted((f for f in demo_region if f.municipality == "Ede"), key=lambda f: f.ubn)


def _settled(page) -> None:
    """No cluster animation running (during one, old and new icons are both in the page)."""
    for _ in range(2):
        page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')")
        page.wait_for_timeout(300)


def _cluster_shares(page) -> list[tuple[int, dict[str, int], str]]:
    """Each cluster icon's count, shares per class and accessible label."""
    icons = page.locator(".klassenring [data-aandelen]")
    found = []
    for k in range(icons.count()):
        icon = icons.nth(k)
        shares = dict(part.split(":") for part in icon.get_attribute("data-aandelen").split(","))
        n = int(icon.locator("span").inner_text().replace(".", ""))
        found.append(
            (n, {key: int(v) for key, v in shares.items()}, icon.get_attribute("aria-label"))
        )
    return found


def test_cluster_icons_show_the_share_of_each_class(base_url, page, ede):
    log_in(page, base_url, "demo-ede")
    page.goto(f"{base_url}/kaart")
    page.wait_for_selector(f"{READY}[data-farms='{len(ede)}']", timeout=30_000)
    _settled(page)
    for colour_by, classes, key in (("sector", SECTORS, "sector"), ("intent", INTENTS, "intent")):
        if colour_by == "intent":
            page.get_by_label("voornemen").check()
            _settled(page)
        clusters = _cluster_shares(page)
        assert clusters, "no cluster icons at the opening zoom"
        singles = page.locator(".bedrijf-icoon").count()
        assert sum(n for n, _, _ in clusters) + singles == len(ede)
        for n, shares, label in clusters:
            assert set(shares) <= set(classes) and sum(shares.values()) == n
            assert label.startswith(f"{n} bedrijven: ")
            for cls, m in shares.items():
                assert f"{m} {classes[cls][0].lower()}" in label
        # the clusters' shares add up to the farms' own classes (singles aside)
        totals: dict[str, int] = {}
        for _, shares, _ in clusters:
            for cls, m in shares.items():
                totals[cls] = totals.get(cls, 0) + m
        if singles == 0:
            expected: dict[str, int] = {}
            for f in ede:
                cls = f.sector if key == "sector" else f.succession.intent
                expected[cls] = expected.get(cls, 0) + 1
            assert totals == expected
        # the legend names the same classes with the same colours, and their counts
        legend = page.locator("#legenda-bedrijven")
        for cls, (label, _) in classes.items():
            assert label in legend.locator(f"[data-klasse={cls}]").inner_text()
        assert "aandeel per" in legend.inner_text()
        ring_colours = set(
            page.eval_on_selector_all(
                ".klassenring circle[stroke]", "cs => cs.map(c => c.getAttribute('stroke'))"
            )
        )
        assert ring_colours <= {colour for _, colour in classes.values()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kaart-klassenring.png"), full_page=True)
    assert page.script_errors == []


def test_search_finds_a_farm_and_opens_its_popup(base_url, page, ede):
    farm = ede[len(ede) // 2]
    log_in(page, base_url, "demo-ede")
    page.goto(f"{base_url}/kaart")
    page.wait_for_selector(READY, timeout=30_000)
    page.get_by_label("Zoek een bedrijf of plaats").fill(farm.ubn)
    result = page.locator("#zoek-resultaten button").first
    result.wait_for(timeout=10_000)
    assert farm.name in result.inner_text()
    result.click()
    page.wait_for_selector(f"#kaart[data-geopend='{farm.ubn}']", timeout=15_000)
    popup = page.locator(".kaart-popup")
    assert farm.name in popup.inner_text() and farm.ubn in popup.inner_text()
    shown = """ubn => { const s = window.veekompasKaart; const m = s.byUbn.get(ubn);
        return Boolean(m._icon) && s.map.getBounds().contains(m.getLatLng()); }"""
    assert page.evaluate(shown, farm.ubn)
    # a farm outside the planner's reach is not found
    page.get_by_label("Zoek een bedrijf of plaats").fill("Barneveld")
    page.wait_for_selector("#kaart[data-zoekresultaten='0']", timeout=10_000)
    assert "Niets gevonden" in page.locator("#kaart-status").inner_text()
    assert page.script_errors == []


def test_search_for_a_place_zooms_to_its_farms(base_url, page, ede):
    place = next(f.location.place for f in ede if f.location.place)
    farms = [f for f in ede if f.location.place == place]
    log_in(page, base_url, "demo-ede")
    page.goto(f"{base_url}/kaart")
    page.wait_for_selector(READY, timeout=30_000)
    search = page.get_by_label("Zoek een bedrijf of plaats")
    search.fill(place.lower())
    search.press("Enter")  # Enter goes to the best hit: the place itself
    page.wait_for_selector(f"#kaart[data-plaats='{place}']", timeout=10_000)
    inside = page.evaluate(
        """ubns => { const s = window.veekompasKaart; const b = s.map.getBounds();
        return ubns.filter(u => b.contains(s.byUbn.get(u).getLatLng())).length; }""",
        [f.ubn for f in farms],
    )
    assert inside == len(farms)
    assert place in page.locator("#kaart-status").inner_text()
    assert page.script_errors == []


def test_toon_op_kaart_opens_the_map_at_the_farm(base_url, page, ede):
    farm = ede[-1]
    log_in(page, base_url, "demo-ede")
    page.goto(f"{base_url}/bedrijven/{farm.ubn}")
    page.get_by_role("link", name="Toon op kaart").click()
    page.wait_for_url(f"**/kaart?ubn={farm.ubn}")
    page.wait_for_selector(f"#kaart[data-geopend='{farm.ubn}']", timeout=30_000)
    assert farm.name in page.locator(".kaart-popup").inner_text()
    # a UBN outside the reach is reported, not opened
    page.goto(f"{base_url}/kaart?ubn=1")
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_function(
        "() => document.getElementById('kaart-status').textContent.includes('buiten uw bereik')"
    )
    assert page.locator(".kaart-popup").count() == 0
    assert page.script_errors == []


def test_the_farmers_map_opens_at_his_farm(base_url, page):
    log_in(page, base_url, "demo-boer")
    own = page.request.get(f"{base_url}/api/v1/auth/me").json()["farm_ubn"]
    page.goto(f"{base_url}/kaart")
    page.wait_for_selector(f"#kaart[data-geopend='{own}']", timeout=30_000)
    name = page.evaluate("ubn => window.veekompasKaart.byUbn.get(ubn).feature.properties.name", own)
    assert name in page.locator(".kaart-popup").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kaart-boer.png"), full_page=True)
    assert page.script_errors == []
