"""The import and user pages in Debian's Chromium on the demo region: Ede's planner uploads a
CSV with one bad row, sees the row, field and value named, and imports the good rows; the admin
adds a user. Both pages are checked with axe in the states the tests reach."""

from __future__ import annotations

import pytest
from a11y import axe_violations, describe
from browser_support import SCREENSHOTS, chromium, demo_database, log_in, serve

from builders import farm
from veekompas.settings import Settings
from veekompas.store import exchange
from veekompas.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = demo_database(tmp_path_factory.mktemp("importusers"))
    with serve(create_app(Settings(database_url=url))) as base_url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield base_url, page


def _csv_with_one_bad_row() -> tuple[bytes, int]:
    lines = exchange.dump([farm("8000001", "Ede"), farm("8000002", "Ede")], "csv").decode()
    lines = lines.splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("animal,8000002"))
    lines[bad] = lines[bad].replace(",390,", ",-5,")
    return ("\n".join(lines) + "\n").encode(), bad + 1  # the header is row 1


def test_ede_planner_sees_the_bad_row_and_imports_the_good_ones(site):
    base_url, page = site
    log_in(page, base_url, "demo-ede")
    page.get_by_role("link", name="Import").click()
    data, row = _csv_with_one_bad_row()
    page.get_by_label("Bestand (CSV of XLSX, hoogstens 20 MB)").set_input_files(
        files=[{"name": "ede.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()
    cells = page.locator("table.problems tbody tr").first.locator("td").all_inner_texts()
    assert cells == [f"rij {row}", "count", "-5", "moet ten minste 0 zijn"]
    assert (
        "1 bedrijf is goed; 1 probleem bij 1 bedrijf." in page.locator("#samenvatting").inner_text()
    )
    assert page.get_by_label("Alleen de goede rijen (1 bedrijf)").is_checked()
    found = axe_violations(page)
    assert not found, describe(found)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import.png"), full_page=True)
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state()
    status = page.get_by_role("status").inner_text()
    assert "1 nieuw" in status and "1 overgeslagen" in status
    listed = page.request.get(f"{base_url}/api/v1/farms?municipality=Ede&limit=200").json()
    ubns = {f["ubn"] for f in listed["items"]}
    assert "8000001" in ubns and "8000002" not in ubns


def test_admin_adds_a_user(site):
    base_url, page = site
    log_in(page, base_url, "demo-admin")
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_label("Gebruikersnaam (a-z, 0-9, . _ -)").fill("planner-renkum")
    page.get_by_label("Rol", exact=True).select_option("gemeente")
    page.get_by_label("Gemeente (alleen voor rol gemeente)").fill("Renkum")
    page.get_by_label("Wachtwoord (minstens 10 tekens)").fill("kort")
    page.get_by_label("Wachtwoord nogmaals").fill("kort")
    page.get_by_role("button", name="Toevoegen").click()
    password = page.get_by_label("Wachtwoord (minstens 10 tekens)")
    assert password.get_attribute("aria-invalid") == "true"
    assert "minstens 10 tekens" in page.locator("#password-fout").inner_text()
    found = axe_violations(page)
    assert not found, describe(found)
    password.fill("renkum-planner-2026")
    page.get_by_label("Wachtwoord nogmaals").fill("renkum-planner-2026")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert "planner-renkum (gemeente) is toegevoegd" in page.get_by_role("status").inner_text()
    row = page.locator("table.users tr", has_text="planner-renkum").all_inner_texts()
    assert row and "Renkum" in row[0]
    page.screenshot(path=str(SCREENSHOTS / "gebruikers.png"), full_page=True)
    log_in(page, base_url, "planner-renkum", "renkum-planner-2026")
    assert "planner-renkum (gemeente, Renkum)" in page.locator(".account").inner_text()
