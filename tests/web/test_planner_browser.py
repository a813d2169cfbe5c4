"""The planner's task in Debian's Chromium (Playwright) on the demo region: Ede's planner lists the
veal farms whose farmer is 55 or older and has no successor, and exports them as XLSX; the file is
parsed and checked against the registry itself (not against fixed counts)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from browser_support import SCREENSHOTS, chromium, demo_database, log_in, serve
from openpyxl import load_workbook

from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("planner-browser"))
    with serve(create_app(Settings(database_url=url))) as base:
        yield base, url


def _expected(url: str, year: int) -> dict[str, int]:
    """UBN -> birth year of every Ede veal farm with a farmer of 55 or older and no successor,
    read from the registry directly."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        farms = list(FarmRepository(session, "test").iter_all())
    engine.dispose()
    return {
        f.ubn: f.succession.farmer_birth_year
        for f in farms
        if f.municipality == "Ede"
        and f.sector == "vleeskalveren"
        and f.succession.farmer_birth_year is not None
        and year - f.succession.farmer_birth_year >= 55
        and f.succession.successor == "nee"
    }


def test_ede_planner_exports_old_veal_farmers_without_successor(demo):
    base, url = demo
    year = dt.date.today().year
    expected = _expected(url, year)
    assert len(expected) > 0, "the demo region has no matching farm: the test would prove little"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        log_in(page, base, "demo-ede")
        page.goto(f"{base}/bedrijven")
        page.locator("select[name=sector]").select_option("vleeskalveren")
        page.get_by_label("Leeftijd boer vanaf").fill("55")
        page.get_by_label("Opvolger").select_option("nee")
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_url(re.compile(r".*/bedrijven\?.*opvolger=nee.*"))
        status = page.locator(".count").inner_text()
        shown = int(re.match(r"([\d.]+) bedrij", status).group(1).replace(".", ""))
        assert shown == len(expected)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "bedrijven-planner.png"), full_page=True)

        with page.expect_download() as info:
            page.get_by_role("link", name="Excel (XLSX)").click()
        download = info.value
        assert download.suggested_filename == "bedrijven.xlsx"
        data = Path(download.path()).read_bytes()

    sheet = load_workbook(io.BytesIO(data), read_only=True)["bedrijven"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(header)}
    for name in ("UBN", "Gemeente", "Sector", "Geboortejaar boer", "Leeftijd", "Opvolger"):
        assert name in col, f"column {name!r} missing: {header}"
    assert len(rows) == shown
    assert {r[col["UBN"]]: r[col["Geboortejaar boer"]] for r in rows} == expected
    assert {r[col["Gemeente"]] for r in rows} == {"Ede"}
    assert {r[col["Sector"]] for r in rows} == {"Vleeskalveren"}
    assert {r[col["Opvolger"]] for r in rows} == {"Nee"}
    assert all(r[col["Leeftijd"]] >= 55 for r in rows)
    assert all(r[col["Leeftijd"]] == year - r[col["Geboortejaar boer"]] for r in rows)


def test_farm_page_and_farm_check_print_without_menu_and_with_a_header(demo):
    base, _ = demo
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, base, "demo-ede")
        page.goto(f"{base}/bedrijven?sector=vleeskalveren")
        page.locator("table.farms tbody tr td:first-child a").first.click()
        page.wait_for_url(re.compile(r".*/bedrijven/\d+$"))
        ubn = page.url.rsplit("/", 1)[1]
        header = page.locator(".print-header")
        assert not header.is_visible()  # on screen: the menu, no print header
        assert page.locator("header.top nav").is_visible()
        versions = page.evaluate(
            "fetch(location.pathname + '.json').then(r => r.json()).then(j => j.emissions"
            ".filter(e => e.result).map(e => e.result.norm_version))"
        )
        page.emulate_media(media="print")
        assert header.is_visible()
        text = header.inner_text()
        assert f"UBN {ubn}" in text and "demo-ede" in text
        assert dt.date.today().strftime("%d-%m-%Y") in text
        assert versions and all(v in text for v in versions)
        for hidden in ("header.top", "footer", "a.button", "form"):
            for element in page.locator(hidden).all():
                assert not element.is_visible(), hidden
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(SCREENSHOTS / "bedrijf-afdruk.pdf"))

        page.emulate_media(media="screen")
        page.goto(f"{base}/bedrijf/toets")
        page.emulate_media(media="print")
        text = page.locator(".print-header").inner_text()
        assert "Bedrijfstoets" in text and "nge_norms@2010-01-01" in text
        assert not page.locator("form.farm-form").is_visible()
        assert not page.get_by_role("button", name="Bereken").is_visible()
        assert page.locator("article.situation").first.is_visible()
