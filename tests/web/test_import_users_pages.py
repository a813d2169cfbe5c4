"""The /import and /gebruikers pages through the TestClient: roles, the row report, the two-step
import (all or nothing, or only the good rows), the gemeente's own-municipality rule, the upload
cap, and adding a user with messages beside the fields."""

from __future__ import annotations

import io

import openpyxl
import pytest
from csrf_support import with_token
from registry_setup import PASSWORD

from builders import farm
from veekompas.store import exchange
from veekompas.web.farms import upload_store

CSV = "text/csv"


def _login(c, username: str) -> None:
    c.cookies.clear()
    done = c.post("/inloggen", data={"username": username, "password": PASSWORD})
    assert done.status_code == 200, done.text


def _csv(*farms) -> bytes:
    return exchange.dump(list(farms), "csv")


def _upload(c, data: bytes, name: str = "bedrijven.csv", media: str = CSV):
    return c.post("/import", data=with_token(c), files={"bestand": (name, data, media)})


def _token(page) -> str:
    marker = 'name="token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def _farms_api(c, role_headers) -> set[str]:
    items = c.get("/api/v1/farms?limit=200", headers=role_headers).json()["items"]
    return {f["ubn"] for f in items}


@pytest.mark.parametrize("role", ["adviseur", "boer", "publiek"])
def test_import_is_refused_to_other_roles(registry_app, role):
    c = registry_app.client
    _login(c, role)
    assert c.get("/import").status_code == 403
    assert c.get("/import.json").status_code == 403
    assert _upload(c, _csv(farm("200001", "Ede"))).status_code == 403
    assert 'href="/import"' not in c.get("/normen").text


def test_the_menu_links_to_the_pages_a_role_may_use(registry_app):
    c = registry_app.client
    _login(c, "gemeente")
    menu = c.get("/normen").text
    assert 'href="/import"' in menu and 'href="/gebruikers"' not in menu
    _login(c, "admin")
    menu = c.get("/normen").text
    assert 'href="/import"' in menu and 'href="/gebruikers"' in menu


def test_anonymous_goes_to_the_login_page(registry_app):
    c = registry_app.client
    for path in ("/import", "/gebruikers"):
        answer = c.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/inloggen?volgende={path}"


def test_report_names_row_field_value_then_only_good_rows_are_imported(registry_app):
    c = registry_app.client
    _login(c, "regio")
    text = _csv(farm("200001", "Ede"), farm("200002", "Barneveld")).decode()
    lines = text.splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("animal,200002"))
    lines[bad] = lines[bad].replace(",390,", ",-5,")
    assert ",-5," in lines[bad]
    page = _upload(c, ("\n".join(lines) + "\n").encode())
    assert page.status_code == 200, page.text
    assert f"rij {bad + 1}" in page.text and "count" in page.text and "-5" in page.text
    assert 'value="goede" checked' in page.text
    token = _token(page)
    twin = c.get(f"/import/{token}.json").json()
    assert twin["farms_ok"] == 1 and twin["ubns_ok"] == ["200001"]
    assert twin["skipped_ubns"] == ["200002"]
    (problem,) = twin["problems"]
    assert (problem["row"], problem["field"], problem["value"]) == (bad + 1, "count", "-5")
    assert problem["reason"] == "moet ten minste 0 zijn"  # Dutch on the page and its twin
    # all or nothing writes nothing and keeps the upload for a second choice
    nothing = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "alles"}))
    assert "Er is niets geïmporteerd" in nothing.text
    assert "200001" not in _farms_api(c, registry_app.as_("regio"))
    done = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "goede"}))
    assert "1 nieuw" in done.text and "1 overgeslagen" in done.text
    ubns = _farms_api(c, registry_app.as_("regio"))
    assert "200001" in ubns and "200002" not in ubns
    # the upload is gone once imported
    again = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "goede"}))
    assert again.status_code == 422 and "verlopen of onbekend" in again.text


def test_a_long_report_lists_100_problems_and_counts_the_rest_per_field(registry_app):
    c = registry_app.client
    _login(c, "admin")
    head, row = _csv(farm("200001", "Ede")).split(b"\n")[:2]
    rows = [row.replace(b"200001", b"x%d" % i, 1) for i in range(250)]  # 250 bad UBNs
    page = _upload(c, head + b"\n" + b"\n".join([row, *rows]) + b"\n")
    assert page.status_code == 200, page.text
    assert page.text.count("<tr><td>rij ") == 100
    assert "250 problemen" in page.text
    assert "… en nog 150 problemen\n  (<code>ubn</code> 150)." in page.text
    twin = c.get(f"/import/{_token(page)}.json").json()
    assert len(twin["problems"]) == 100 and twin["problems_total"] == 250
    assert (twin["more_problems"], twin["more_problems_per_field"]) == (150, {"ubn": 150})


def test_gemeente_imports_only_its_own_municipality(registry_app):
    """A row of another municipality is a problem; a UBN registered outside Ede (100002, in
    Barneveld) is reported like the free UBN 200011, but the Barneveld farm is not touched."""
    c = registry_app.client
    _login(c, "gemeente")  # Ede
    data = _csv(farm("200011", "Ede"), farm("200012", "Barneveld"), farm("100002", "Ede"))
    page = _upload(c, data)
    twin = c.get(f"/import/{_token(page)}.json").json()
    assert twin["ubns_ok"] == ["200011", "100002"]
    found = {(p["field"], p["value"]) for p in twin["problems"]}
    assert found == {("municipality", "Barneveld")}
    assert all(p["row"] > 1 for p in twin["problems"])
    form = with_token(c, {"token": _token(page), "modus": "goede"})
    done = c.post("/import/bevestigen", data=form)
    assert "2 nieuw" in done.text and "1 overgeslagen" in done.text
    regio = _farms_api(c, registry_app.as_("regio"))
    assert "200011" in regio and "200012" not in regio
    stored = c.get("/api/v1/farms/100002", headers=registry_app.as_("regio")).json()
    assert (stored["municipality"], stored["version"]) == ("Barneveld", 1)
    history = c.get("/api/v1/farms/100002/history", headers=registry_app.as_("admin")).json()
    assert [h["action"] for h in history] == ["create"]
    assert c.get("/api/v1/farms/100002", headers=registry_app.as_("gemeente")).status_code == 404


def test_a_clean_xlsx_imports_all_or_nothing(registry_app):
    c = registry_app.client
    _login(c, "admin")
    data = exchange.dump([farm("200021", "Ede"), farm("200022", "Ede")], "xlsx")
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["register"]
    page = _upload(c, data, "register.xlsx", "application/octet-stream")
    assert "2 bedrijven zijn goed" in page.text and 'name="modus" value="alles"' in page.text
    done = c.post(
        "/import/bevestigen", data=with_token(c, {"token": _token(page), "modus": "alles"})
    )
    assert "2 nieuw" in done.text


def test_another_user_cannot_use_the_upload(registry_app):
    c = registry_app.client
    _login(c, "regio")
    token = _token(_upload(c, _csv(farm("200031", "Ede"))))
    _login(c, "admin")
    assert c.get(f"/import/{token}.json").status_code == 404
    answer = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "alles"}))
    assert answer.status_code == 422
    assert "200031" not in _farms_api(c, registry_app.as_("admin"))


def test_bad_files_give_a_dutch_message(registry_app, monkeypatch):
    c = registry_app.client
    _login(c, "admin")
    wrong = _upload(c, b"x", "kaart.gpkg", "application/octet-stream")
    assert wrong.status_code == 422 and "Alleen .csv en .xlsx" in wrong.text
    empty = _upload(c, b"")
    assert empty.status_code == 422 and "leeg" in empty.text
    state = c.app.state
    one_mb = state.settings.model_copy(update={"import_max_bytes": 1024 * 1024})
    monkeypatch.setattr(state, "settings", one_mb)
    big = _upload(c, b"record,ubn\n" + b"farm,1\n" * 200_000)
    assert big.status_code == 422 and "groter dan 1 MB" in big.text
    kept = len(list(upload_store.upload_dir().glob("*.json")))
    broken = _upload(c, b"\xff\xfe not a registry", "x.xlsx")
    assert broken.status_code == 422 and 'aria-invalid="true"' in broken.text
    assert len(list(upload_store.upload_dir().glob("*.json"))) == kept  # not kept on disk


def test_users_page_is_for_admins_only(registry_app):
    c = registry_app.client
    for role in ("regio", "gemeente", "boer"):
        _login(c, role)
        assert c.get("/gebruikers").status_code == 403
        assert c.get("/gebruikers.json").status_code == 403
        posted = c.post(
            "/gebruikers", data=with_token(c, {"username": "indringer", "role": "admin"})
        )
        assert posted.status_code == 403
    _login(c, "admin")
    listed = c.get("/gebruikers.json").json()["users"]
    assert {u["username"] for u in listed} >= {"admin", "gemeente", "boer"}
    assert next(u for u in listed if u["username"] == "gemeente")["municipality"] == "Ede"
    assert "indringer" not in {u["username"] for u in listed}


def _add(c, **fields):
    data = {"role": "gemeente", "password": "lang-genoeg-1", "password2": "lang-genoeg-1"}
    return c.post("/gebruikers", data=with_token(c, {**data, **fields}))


def test_admin_adds_users_and_sees_messages_beside_the_fields(registry_app):
    c = registry_app.client
    _login(c, "admin")
    short = _add(c, username="planner-wb", municipality="Wageningen", password2="x", password="x")
    assert short.status_code == 422
    assert 'id="password-fout"' in short.text and "minstens 10 tekens" in short.text
    assert 'value="planner-wb"' in short.text and 'value="x"' not in short.text
    differ = _add(c, username="planner-wb", municipality="Wageningen", password2="anders-lang-1")
    assert 'id="password2-fout"' in differ.text and "verschillen" in differ.text
    nomun = _add(c, username="planner-wb")
    assert 'id="municipality-fout"' in nomun.text
    farmless = _add(c, username="boer-x", role="boer", farm_ubn="999999")
    assert farmless.status_code == 422 and 'id="farm_ubn-fout"' in farmless.text
    assert "999999" in farmless.text
    taken = _add(c, username="admin", role="admin")
    assert 'id="username-fout"' in taken.text and "exists already" in taken.text
    done = _add(c, username="planner-wb", municipality="Wageningen")
    assert done.status_code == 200 and "planner-wb (gemeente) is toegevoegd" in done.text
    listed = {u["username"]: u for u in c.get("/gebruikers.json").json()["users"]}
    assert listed["planner-wb"]["municipality"] == "Wageningen"
    boer = _add(c, username="boer-a", role="boer", farm_ubn="100001")
    assert boer.status_code == 200
    c.cookies.clear()
    me = c.post("/api/v1/auth/login", json={"username": "planner-wb", "password": "lang-genoeg-1"})
    assert me.json()["role"] == "gemeente"


def test_an_expired_upload_cannot_be_imported(registry_app, monkeypatch):
    c = registry_app.client
    _login(c, "regio")
    token = _token(_upload(c, _csv(farm("200041", "Ede"))))
    assert upload_store.load(token, "regio") is not None
    assert upload_store.load("../../etc/passwd", "regio") is None
    monkeypatch.setattr(upload_store, "UPLOAD_TTL_S", -1)
    answer = c.post("/import/bevestigen", data=with_token(c, {"token": token, "modus": "alles"}))
    assert answer.status_code == 422 and "verlopen" in answer.text
    upload_store.save("regio", "csv", "ander.csv", b"x")  # a new upload purges expired ones
    assert not (upload_store.upload_dir() / f"{token}.bin").exists()
    assert "200041" not in _farms_api(c, registry_app.as_("regio"))


def test_a_file_past_the_record_limit_gets_a_dutch_message_and_is_not_kept(registry_app):
    c = registry_app.client
    _login(c, "admin")
    state = c.app.state
    state.settings = state.settings.model_copy(update={"import_max_records": 100})
    kept = len(list(upload_store.upload_dir().glob("*.json")))
    page = _upload(c, b"record,ubn\n" + b"farm,1\n" * 101)
    assert page.status_code == 422
    assert "het bestand heeft meer dan 100 rijen" in page.text
    assert "(instelling VEEKOMPAS_IMPORT_MAX_RECORDS)" in page.text
    assert len(list(upload_store.upload_dir().glob("*.json"))) == kept
