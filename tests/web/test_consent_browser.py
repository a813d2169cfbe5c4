"""The farmer's task in Debian's Chromium on the demo region: demo-boer opens his consent page
from the menu, withdraws demo-adviseur's consent (the demo's ``demo-bedrijfsadvies``), sees it in
the page's history, and the adviseur no longer reaches the farm (API 404). The page passes axe
at 1280 and 768 px without sideways scrolling."""

from __future__ import annotations

import pytest
from a11y import axe_violations, body_overflow_px, describe
from browser_support import SCREENSHOTS, chromium, demo_database, log_in, serve

from veekompas.settings import Settings
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser
PATH = "/mijn-bedrijf/toestemmingen"
PURPOSE = "demo-bedrijfsadvies"  # demo/users.py


def test_the_farmer_withdraws_a_consent_and_sees_it_in_the_history(tmp_path):
    url = demo_database(tmp_path)
    with serve(create_app(Settings(database_url=url, basemap="none"))) as base, chromium() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        log_in(page, base, "demo-boer")
        own = page.request.get(f"{base}/api/v1/auth/me").json()["farm_ubn"]
        log_in(page, base, "demo-adviseur")
        assert page.request.get(f"{base}/api/v1/farms/{own}").status == 200  # before

        log_in(page, base, "demo-boer")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Toestemmingen"
        ).click()
        page.wait_for_url(f"**{PATH}")
        assert own in page.get_by_role("heading", level=1).inner_text()
        for width in (1280, 768):
            page.set_viewport_size({"width": width, "height": 900})
            assert not (found := axe_violations(page)), describe(found)
            assert body_overflow_px(page) == 0, f"sideways scroll at {width} px"
        page.set_viewport_size({"width": 1280, "height": 900})
        row = page.locator("#toestemmingen tbody tr", has_text=PURPOSE)
        assert "demo-adviseur" in row.inner_text() and "geldig" in row.inner_text()
        row.get_by_role("button", name="Intrekken").click()
        page.wait_for_url("**gedaan=ingetrokken")
        assert page.get_by_role("status").inner_text() == "De toestemming is ingetrokken."
        assert page.locator("#toestemmingen tbody tr", has_text=PURPOSE).count() == 0
        latest = page.locator("#toestemmingen-geschiedenis tbody tr").first
        cells = latest.locator("td").all_inner_texts()
        assert cells[1:4] == ["demo-boer", "ingetrokken", "demo-adviseur"] and cells[5] == PURPOSE
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "boer-toestemmingen.png"), full_page=True)
        # the farm page no longer lists it
        page.goto(f"{base}/bedrijven/{own}")
        assert PURPOSE not in page.locator("#toestemmingen").inner_text()

        log_in(page, base, "demo-adviseur")
        assert page.request.get(f"{base}/api/v1/farms/{own}").status == 404  # after
        assert page.goto(f"{base}/bedrijven/{own}").status == 404
        assert errors == []
