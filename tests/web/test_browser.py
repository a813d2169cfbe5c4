"""The farm-check page in Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from veekompas.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
pytestmark = pytest.mark.browser
# Without the background-networking flags Chromium keeps dialling out on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url():
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Debian's chromium is missing at {CHROMIUM}: run 'make test', which installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


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
