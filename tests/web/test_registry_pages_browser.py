"""The registry pages in Debian's Chromium (Playwright) on the demo region: Ede's planner logs in,
opens the farm list, a farm, changes its animals and barn, saves, and sees emissions and size
recomputed. Screenshots of /regio, /bedrijven and a farm page go to test-output/screenshots/."""

from __future__ import annotations

import re

import pytest
from browser_support import SCREENSHOTS, chromium, demo_database, serve

from veekompas import format_nl
from veekompas.calc.emissions import farm_emission
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.domain.registry import Housing
from veekompas.norms import table
from veekompas.settings import Settings
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("demo-browser"))
    with serve(create_app(Settings(database_url=url))) as base:
        yield base


@pytest.fixture(scope="module")
def browser_page():
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1024, "height": 900})  # tablet width


AXE_URL = "/static/vendor/axe/axe.min.js"  # from the app: the CSP allows it


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (WCAG 2 A/AA rules)."""
    page.add_script_tag(url=AXE_URL)
    found = page.evaluate(
        """() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}).then(r => r.violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"""
    )
    return list(found)


def _nh3(page) -> str:
    return page.locator("tr[data-stof=nh3] td.total").inner_text()


def _nge(page) -> str:
    return page.locator("dd[data-label='Totale bedrijfsomvang']").inner_text()


def test_ede_planner_edits_a_farm_and_sees_it_recomputed(demo_url, browser_page):
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{demo_url}/bedrijven")
    page.wait_for_url("**/inloggen?volgende=*")
    page.get_by_label("Gebruikersnaam").fill("demo-ede")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/bedrijven")
    page.locator("select[name=sector]").select_option("melkvee")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/bedrijven?*sector=melkvee*")
    assert "bedrijven gevonden" in page.locator(".count").inner_text()
    municipalities = page.locator("table.farms tbody tr td:nth-child(3)").all_inner_texts()
    assert municipalities and set(municipalities) == {"Ede"}
    page.screenshot(path=str(SCREENSHOTS / "bedrijven.png"), full_page=True)
    assert serious_violations(page) == []

    page.locator("table.farms tbody tr td:first-child a").first.click()
    page.wait_for_url(re.compile(r".*/bedrijven/\d+$"))
    ubn = page.url.rsplit("/", 1)[1]
    nh3_before, nge_before = _nh3(page), _nge(page)
    page.screenshot(path=str(SCREENSHOTS / "bedrijf.png"), full_page=True)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Bewerken").click()
    assert serious_violations(page) == []
    cows = page.get_by_label(re.compile(r"^Aantal dieren A1"))
    cows.fill(str(int(cows.input_value()) + 50))
    page.get_by_label(re.compile(r"^Dierplaatsen A1")).first.fill("0")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/bedrijven/{ubn}?opgeslagen=1")
    assert "Opgeslagen" in page.locator(".saved").inner_text()

    record = page.request.get(f"{demo_url}/bedrijven/{ubn}.json").json()["farm"]
    housings = [Housing(**h) for h in record["housings"]]
    expected_nh3 = format_nl.number(farm_emission(housings).total, 1)
    count = sum(a["count"] for a in record["animals"] if a["category"] == "A1")
    per_cow = float(table("nge_norms").row("melk_en_kalfkoeien")["nge_per_unit"])
    assert _nh3(page) == expected_nh3 != nh3_before
    assert _nge(page) == f"{format_nl.number(count * per_cow)} nge" != nge_before


def test_region_dashboard_draws_its_charts(demo_url, browser_page):
    page = browser_page
    page.goto(f"{demo_url}/regio")
    for chart in ("voornemen", "dierplaatsen", "nh3"):
        page.wait_for_selector(f"#grafiek-{chart}[data-rendered=ja] svg", timeout=15_000)
    assert page.locator("h1").inner_text().startswith("Gemeente Ede")  # Ede's planner
    page.screenshot(path=str(SCREENSHOTS / "regio.png"), full_page=True)
    assert serious_violations(page) == []
    page.context.clear_cookies()  # anonymous: the open data, with secret cells
    page.goto(f"{demo_url}/regio")
    page.wait_for_selector("#grafiek-voornemen[data-rendered=ja] svg", timeout=15_000)
    assert "Open data" in page.locator(".lead").inner_text()
    assert page.locator("h1").inner_text().startswith("Regio Foodvalley")
    page.screenshot(path=str(SCREENSHOTS / "regio-open-data.png"), full_page=True)
    assert serious_violations(page) == []
    # the check itself finds a violation when there is one
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    assert [v.split(":")[0] for v in serious_violations(page)] == ["image-alt"]
