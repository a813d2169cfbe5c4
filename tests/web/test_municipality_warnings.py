"""A municipality that the location does not match is a warning, not an error: in the import's
row report (page, twin, CLI) and on the edit form; a blank municipality follows the location.
The builders' farms lie at x 172 000, y 460 000: in Ede (CBS 2024)."""

from __future__ import annotations

import csv
import io

from csrf_support import with_token
from registry_setup import FARM_A, FARM_B, PASSWORD
from typer.testing import CliRunner

from builders import farm
from veekompas.cli import app as cli_app
from veekompas.store import exchange


def _login(c, username: str) -> None:
    c.cookies.clear()
    assert c.post("/inloggen", data={"username": username, "password": PASSWORD}).status_code == 200


def _csv_with_blank_municipality(blank_ubn: str, *farms) -> bytes:
    rows = list(csv.DictReader(io.StringIO(exchange.dump(list(farms), "csv").decode())))
    for row in rows:
        if row["record"] == "farm" and row["ubn"] == blank_ubn:
            row["municipality"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_parse_warns_on_the_row_and_derives_a_blank_municipality():
    data = _csv_with_blank_municipality(
        "300002", farm("300001", "Barneveld"), farm("300002", "Barneveld")
    )
    parsed = exchange.parse(data, "csv")
    assert parsed.problems == []
    by_ubn = {f.ubn: f for f in parsed.farms}
    assert by_ubn["300001"].municipality == "Barneveld"  # the registry's field wins
    assert by_ubn["300002"].municipality == "Ede"  # from the location
    (warning,) = parsed.warnings
    assert (warning.row, warning.field, warning.value) == (2, "municipality", "Barneveld")
    assert "ligt in de gemeente Ede" in warning.reason


def test_the_import_page_shows_the_warning_and_imports_the_farm(registry_app):
    c = registry_app.client
    _login(c, "regio")
    data = _csv_with_blank_municipality(
        "300012", farm("300011", "Barneveld"), farm("300012", "Barneveld")
    )
    page = c.post("/import", data=with_token(c), files={"bestand": ("b.csv", data, "text/csv")})
    assert page.status_code == 200
    assert 'id="waarschuwingen"' in page.text and "ligt in de gemeente Ede" in page.text
    marker = 'name="token" value="'
    start = page.text.index(marker) + len(marker)
    token = page.text[start : page.text.index('"', start)]
    twin = c.get(f"/import/{token}.json").json()
    assert twin["problems_total"] == 0 and twin["farms_ok"] == 2
    assert [w["value"] for w in twin["warnings"]] == ["Barneveld"]
    done = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "alles"}))
    assert "2 nieuw" in done.text
    admin = registry_app.as_("admin")
    assert c.get("/api/v1/farms/300011", headers=admin).json()["municipality"] == "Barneveld"
    assert c.get("/api/v1/farms/300012", headers=admin).json()["municipality"] == "Ede"


def test_the_cli_import_prints_the_warning_and_imports(tmp_path, monkeypatch):
    monkeypatch.setenv("VEEKOMPAS_DATA_DIR", str(tmp_path))
    path = tmp_path / "b.csv"
    path.write_bytes(exchange.dump([farm("300021", "Barneveld")], "csv"))
    from veekompas.store.db import upgrade

    upgrade(f"sqlite:///{tmp_path / 'veekompas.db'}")
    result = CliRunner().invoke(cli_app, ["farms", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "waarschuwing: rij 2, municipality = 'Barneveld'" in result.stderr
    assert "nieuw 1" in result.stderr  # what was written is a message (stderr), not a result


def test_the_edit_form_warns_when_the_location_lies_in_another_municipality(registry_app):
    c = registry_app.client
    _login(c, "admin")
    moved = c.get(f"/bedrijven/{FARM_B}/bewerken")  # Barneveld on the register, in Ede
    assert moved.status_code == 200
    assert 'id="ligging-waarschuwing"' in moved.text and "gemeente Ede" in moved.text
    field = c.get(f"/bedrijven/{FARM_B}/bewerken.json").json()["readonly_fields"][0]
    assert field["name"] == "municipality"
    assert "km buiten de opgegeven gemeente Barneveld" in field["warning"]
    right = c.get(f"/bedrijven/{FARM_A}/bewerken")  # Ede, in Ede
    assert 'id="ligging-waarschuwing"' not in right.text
    twin = c.get(f"/bedrijven/{FARM_A}/bewerken.json").json()["readonly_fields"][0]
    assert "warning" not in twin
