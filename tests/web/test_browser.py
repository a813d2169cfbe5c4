"""The farm-check page in Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import pytest
from browser_support import SCREENSHOTS, chromium, serve

from veekompas.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url():
    with serve(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 900})


def test_fill_in_the_form_and_see_170_4(base_url, page):
    page.goto(f"{base_url}/bedrijf/toets?leeg=1")
    page.get_by_label("Melk- en kalfkoeien, huidig (aantal)").fill("137")
    page.get_by_label("Jongvee, < 1 jaar, vrouwelijk, huidig (aantal)").fill("31")
    page.get_by_label("Snijmais, huidig (ha)").fill("5")
    page.get_by_label("Grasland, blijvend, huidig (ha)").fill("35")
    for check in page.locator("input[type=checkbox][name^='huidig.crops']").all():
        check.check()
    page.get_by_role("button", name="Bereken").click()
    page.wait_for_url("**/bedrijf/toets?*")
    huidig = page.locator("article[data-situation=huidig]")
    assert huidig.locator("dd[data-label='Totale bedrijfsomvang']").inner_text() == "170,4 nge"
    assert huidig.locator("dd[data-label='VAK']").inner_text().startswith("2,3")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "bedrijf-toets.png"), full_page=True)


def test_bad_value_is_shown_beside_the_field(base_url, page):
    page.goto(f"{base_url}/bedrijf/toets")
    page.get_by_label("Melk- en kalfkoeien, gewenst (aantal)").fill("-4")
    page.get_by_role("button", name="Bereken").click()
    field = page.get_by_label("Melk- en kalfkoeien, gewenst (aantal)")
    assert field.get_attribute("aria-invalid") == "true"
    assert "-4 is out of range" in page.locator(".field-error").inner_text()
