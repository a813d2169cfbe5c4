"""A farmer in Debian's Chromium on the demo region: sees his own farm in the list and on its
page, and is refused another farm's page and edit form (404, as if it did not exist)."""

from __future__ import annotations

import pytest
from browser_support import SCREENSHOTS, chromium, demo_database, log_in, serve

from veekompas.settings import Settings
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser


def test_farmer_is_refused_another_farms_page(tmp_path, demo_region):
    url = demo_database(tmp_path)
    with serve(create_app(Settings(database_url=url, basemap="none"))) as base, chromium() as b:
        page = b.new_page(viewport={"width": 1024, "height": 800})
        log_in(page, base, "demo-boer")
        own = page.request.get(f"{base}/api/v1/auth/me").json()["farm_ubn"]
        page.goto(f"{base}/bedrijven")
        links = page.locator("table a[href^='/bedrijven/']")
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert hrefs == {f"/bedrijven/{own}"}
        page.goto(f"{base}/bedrijven/{own}")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Demobedrijf")
        other = next(f.ubn for f in demo_region if f.ubn != own)
        for path in (f"/bedrijven/{other}", f"/bedrijven/{other}/bewerken"):
            response = page.goto(f"{base}{path}")
            assert response.status == 404
            assert other not in page.locator("main").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "boer-geweigerd.png"), full_page=True)
