"""Every page of the app through axe-core (no serious or critical violations) and at tablet
width (768 px: the page body does not scroll sideways), logged in as the demo admin, who may
open every page. Pages are discovered from the app's routes, so pages added later are checked
too; a path parameter without an example value below fails the test."""

from __future__ import annotations

import pytest
from a11y import axe_violations, body_overflow_px, describe
from browser_support import chromium, demo_database, demo_farmer, log_in, serve
from page_routes import page_paths as routes_page_paths

from veekompas.settings import Settings
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser
# Example values of path parameters: a demo farm (demo-boer's veal farm in Ede) and a norm table.
EXAMPLES = {"ubn": demo_farmer()[0], "name": "nge_norms"}
MUST_EXIST = ("/bedrijf/toets", "/normen", "/inloggen", "/import", "/gebruikers")


def page_paths(app) -> list[str]:
    return routes_page_paths(app, EXAMPLES)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = create_app(Settings(database_url=demo_database(tmp_path_factory.mktemp("a11y"))))
    with serve(app) as base_url, chromium() as browser:
        yield app, base_url, browser


def test_pages_are_discovered_from_the_routes(site):
    app, _, _ = site
    paths = page_paths(app)
    assert set(MUST_EXIST) <= set(paths)
    assert "/normen/nge_norms" in paths and not any(p.endswith(".json") for p in paths)


@pytest.mark.parametrize("width", [1280, 768])
def test_no_serious_or_critical_violations_and_no_sideways_scrolling(site, width):
    app, base_url, browser = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    log_in(page, base_url, "demo-admin")
    failures = []
    for path in page_paths(app):
        answer = page.goto(f"{base_url}{path}")
        assert answer is not None and answer.status == 200, f"{path}: {answer and answer.status}"
        if "text/html" not in (answer.headers.get("content-type") or ""):
            continue  # a download (CSV, GeoJSON) is no page
        page.wait_for_load_state("networkidle")
        if found := axe_violations(page):
            failures.append(f"{path} at {width} px:\n{describe(found)}")
        if width == 768 and (overflow := body_overflow_px(page)) > 0:
            failures.append(f"{path}: the body scrolls {overflow} px sideways at 768 px")
    page.close()
    assert not failures, "\n".join(failures)


def test_the_checks_find_what_they_look_for(site):
    """The helper is not blind: a page with an unlabelled field, text in too low contrast and a
    wide block gets the violations and the overflow."""
    _, base_url, browser = site
    page = browser.new_page(viewport={"width": 768, "height": 900})
    page.goto(f"{base_url}/static/style.css")  # any same-origin document; replaced below
    page.set_content(
        '<html lang="nl"><body><main><h1>x</h1><input type="text">'
        '<p style="color:#bbb;background:#fff">weinig contrast</p>'
        '<div style="width:1200px">breed</div></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "color-contrast"} <= found
    assert body_overflow_px(page) > 400
    page.close()
