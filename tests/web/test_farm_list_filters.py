"""The farm list's filters (sector, age, successor, voornemen, stop year, buy-out scheme) and its
CSV and XLSX exports on the demo region, checked against the registry read directly: the page's
count, the paged twin and the exports give the same farms, with the role rules."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from veekompas.assess.rav_labels import housing_label
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.domain.registry import RegistryFarm
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.web.app import create_app
from veekompas.web.farms import farm_list

YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from browser_support import demo_database

    url = demo_database(tmp_path_factory.mktemp("list-filters"))
    engine = make_engine(url)
    with session_factory(engine)() as session:
        farms = list(FarmRepository(session, "test").iter_all())
    engine.dispose()
    return TestClient(create_app(Settings(database_url=url))), farms


def login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    done = client.post("/inloggen", data={"username": username, "password": DEMO_PASSWORD})
    assert done.status_code == 200


def listed(client: TestClient, query: str) -> tuple[list[str], int]:
    """Every UBN of the filtered list, paged through its twin, and the list's count."""
    ubns, url, total = [], f"/bedrijven.json?{query}", None
    while True:
        page = client.get(url)
        assert page.status_code == 200, page.text
        body = page.json()
        total = body["total"] if total is None else total
        ubns += [item["ubn"] for item in body["items"]]
        if body["next_cursor"] is None:
            return ubns, total
        url = f"/bedrijven.json?{query}&na={body['next_cursor']}"


def born(f: RegistryFarm) -> int:
    return f.succession.farmer_birth_year or 0


Check = Callable[[RegistryFarm], bool]
CASES: list[tuple[str, str, Check]] = [
    ("sector=vleeskalveren", "veal", lambda f: f.sector == "vleeskalveren"),
    (
        "sector=vleeskalveren&leeftijd_vanaf=55&opvolger=nee",
        "old veal farmers without successor",
        lambda f: (
            f.sector == "vleeskalveren"
            and f.succession.farmer_birth_year is not None
            and YEAR - born(f) >= 55
            and f.succession.successor == "nee"
        ),
    ),
    (
        "leeftijd_vanaf=40&leeftijd_tot=54",
        "age 40 to 54",
        lambda f: f.succession.farmer_birth_year is not None and 40 <= YEAR - born(f) <= 54,
    ),
    ("voornemen=stopper", "stoppers", lambda f: f.succession.intent == "stopper"),
    ("intentie=blijver", "old parameter name", lambda f: f.succession.intent == "blijver"),
    ("regeling=Lbv-plus", "Lbv-plus", lambda f: f.succession.buyout_scheme == "Lbv-plus"),
    ("regeling=geen", "no scheme", lambda f: not f.succession.buyout_scheme),
]


@pytest.mark.parametrize(("query", "what", "check"), CASES, ids=[c[1] for c in CASES])
@pytest.mark.parametrize(("user", "sort"), [("demo-ede", "name"), ("demo-admin", "-ubn")])
def test_filters_give_the_registry_farms_within_reach(demo, user, sort, query, what, check):
    client, farms = demo
    login(client, user)
    within = [f for f in farms if user == "demo-admin" or f.municipality == "Ede"]
    expected = {f.ubn for f in within if check(f)}
    assert expected, f"no demo farm for {what}: the case proves nothing"
    ubns, total = listed(client, f"{query}&sorteer={sort}")
    assert len(ubns) == len(set(ubns)) == total
    assert set(ubns) == expected


@pytest.mark.parametrize("user", ["demo-ede", "demo-admin"])
def test_stop_year_filter(demo, user):
    """The range is taken from the registry's own stop years (the demo's may lie in the past)."""
    client, farms = demo
    login(client, user)
    within = [f for f in farms if user == "demo-admin" or f.municipality == "Ede"]
    years = sorted(f.succession.planned_stop_year for f in within if f.succession.planned_stop_year)
    assert years, "no demo farm with a planned stop year"
    low, high = years[len(years) // 4], years[len(years) // 2]
    expected = {f.ubn for f in within if low <= (f.succession.planned_stop_year or 0) <= high}
    ubns, total = listed(client, f"stopjaar_vanaf={low}&stopjaar_tot={high}")
    assert set(ubns) == expected and len(ubns) == total
    assert set(listed(client, f"stopjaar_vanaf={high + 1}")[0]) == {
        f.ubn for f in within if (f.succession.planned_stop_year or 0) > high
    }


def test_csv_and_xlsx_exports_hold_the_filtered_list(demo):
    client, farms = demo
    login(client, "demo-ede")
    query = "sector=vleeskalveren&voornemen=stopper&sorteer=name"
    ubns, total = listed(client, query)
    page = client.get(f"/bedrijven?{query}").text
    assert f'href="/bedrijven.xlsx?{query.replace("&", "&amp;")}"' in page
    assert f'href="/bedrijven.csv?{query.replace("&", "&amp;")}"' in page

    answer = client.get(f"/bedrijven.csv?{query}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["UBN", "Naam", "Gemeente"] and "Voornemen" in header
    assert [r[0] for r in rows] == ubns and len(rows) == total
    assert {r[header.index("Voornemen")] for r in rows} == {"Stopper"}
    assert {r[header.index("Sector")] for r in rows} == {"Vleeskalveren"}
    by_ubn = {f.ubn: f for f in farms}
    for r in rows:  # categories by their Dutch names, the code beside
        codes = {h.animal_category for h in by_ubn[r[0]].housings}
        cell = r[header.index("Diercategorieën (Rav)")]
        assert "Vleeskalveren tot circa 8 maanden (A4)" in cell or "A4" not in codes

    xlsx = client.get(f"/bedrijven.xlsx?{query}")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True)["bedrijven"]
    head, *cells = list(sheet.iter_rows(values_only=True))
    assert list(head) == header
    assert [c[0] for c in cells] == ubns
    nh3 = head.index("Vergunde NH3 (kg/jaar)")
    assert all(isinstance(c[nh3], int) for c in cells if c[nh3] is not None)


def test_exports_follow_the_role_rules(demo):
    client, _ = demo
    client.cookies.clear()
    for path in ("/bedrijven.csv", "/bedrijven.xlsx"):
        anonymous = client.get(path, follow_redirects=False)
        assert anonymous.status_code == 303
        assert anonymous.headers["location"].startswith("/inloggen")
    login(client, "demo-publiek")
    assert client.get("/bedrijven.csv").status_code == 403
    assert client.get("/bedrijven.xlsx").status_code == 403
    login(client, "demo-ede")
    text = client.get("/bedrijven.csv").content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert rows and {r[header.index("Gemeente")] for r in rows} == {"Ede"}
    # another municipality is outside the planner's reach: an error, not its farms
    refused = client.get("/bedrijven.csv?gemeente=Barneveld")
    assert refused.status_code == 422 and "gemeente" in refused.text
    login(client, "demo-boer")
    text = client.get("/bedrijven.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 2  # the header and his own farm


def test_bad_filters_are_one_line_naming_the_field(demo):
    client, _ = demo
    login(client, "demo-ede")
    for query, field in (
        ("leeftijd_vanaf=oud", "leeftijd_vanaf"),
        ("stopjaar_tot=99999", "stopjaar_tot"),
        ("opvolger=misschien", "opvolger"),
        ("regeling=Sbv", "regeling"),
    ):
        twin = client.get(f"/bedrijven.json?{query}")
        assert twin.status_code == 422
        assert twin.json()["detail"].startswith(f"{field}:")
        page = client.get(f"/bedrijven?{query}")
        assert page.status_code == 422 and 'aria-invalid="true"' in page.text
        assert client.get(f"/bedrijven.xlsx?{query}").status_code == 422


def test_an_export_past_the_limit_is_refused(demo, monkeypatch):
    client, _ = demo
    login(client, "demo-ede")
    total = client.get("/bedrijven.json").json()["total"]
    monkeypatch.setattr(farm_list, "LIST_EXPORT_MAX_FARMS", total - 1)
    refused = client.get("/bedrijven.csv")
    assert refused.status_code == 422
    assert "filter verder" in refused.text
    monkeypatch.setattr(farm_list, "LIST_EXPORT_MAX_FARMS", total)
    assert client.get("/bedrijven.csv").status_code == 200


def test_exported_text_is_never_a_formula(registry_app):
    """A name or place that a spreadsheet would take for a formula is written as text."""
    from registry_setup import PASSWORD

    from builders import farm
    from veekompas.domain.registry import Location

    engine = make_engine(registry_app.url)
    with session_factory(engine)() as session:
        bad = farm("100009", "Ede").model_copy(
            update={
                "name": '=HYPERLINK("http://x","klik")',
                "location": Location(x_rd=172_000.0, y_rd=460_000.0, place="@SUM(A1)"),
            }
        )
        FarmRepository(session, "test").add(bad)
        session.commit()
    engine.dispose()
    client = registry_app.client
    client.post("/inloggen", data={"username": "gemeente", "password": PASSWORD})
    text = client.get("/bedrijven.csv?zoek=100009").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert row[header.index("Naam")] == '\'=HYPERLINK("http://x","klik")'
    assert row[header.index("Plaats")] == "'@SUM(A1)"
    data = client.get("/bedrijven.xlsx?zoek=100009").content
    sheet = load_workbook(io.BytesIO(data))["bedrijven"]
    name = sheet.cell(row=2, column=2)
    assert name.data_type == "s" and name.value == '\'=HYPERLINK("http://x","klik")'


def test_pages_and_charts_name_categories_and_housing_systems(demo):
    """Words, not codes: the Dutch name with the code beside it."""
    client, farms = demo
    login(client, "demo-ede")
    veal = next(f for f in farms if f.municipality == "Ede" and f.sector == "vleeskalveren")
    page = client.get(f"/bedrijven/{veal.ubn}").text
    assert "Vleeskalveren tot circa 8 maanden (A4)" in page
    code = veal.housings[0].stalsysteem_code
    assert f"{housing_label(code)}</td>" in page
    assert "<dt>Voornemen</dt>" in page and "Intentie" not in page
    region = client.get("/regio").text
    assert '<th scope="col">Vleeskalveren tot circa 8 maanden (A4)</th>' in region
    assert "Stoppers en blijvers per sector" in region and "intentie" not in region.lower()
    spec = client.get("/regio.json").json()
    assert spec["stops"]["sectors"][0] == "vleeskalveren"
    svg = client.get("/regio/grafieken/dierplaatsen.svg").text
    assert "Vleeskalveren tot circa 8 maanden (A4)" in svg
    old = client.get("/regio/grafieken/intentie.svg", follow_redirects=False)
    assert old.status_code == 308
    assert old.headers["location"] == "/regio/grafieken/voornemen.svg"
    assert "voornemen" in client.get("/regio/grafieken/intentie.svg").text


def test_region_counts_link_to_the_filtered_list(demo):
    client, farms = demo
    login(client, "demo-ede")
    page = client.get("/regio").text
    link = "/bedrijven?sector=vleeskalveren&amp;voornemen=stopper"
    assert f'href="{link}"' in page
    stoppers = sum(
        f.municipality == "Ede" and f.sector == "vleeskalveren" and f.succession.intent == "stopper"
        for f in farms
    )
    assert listed(client, link.replace("&amp;", "&").split("?")[1])[1] == stoppers
    client.cookies.clear()
    anonymous = client.get("/regio").text
    assert "/bedrijven?sector=" not in anonymous  # open data: no list links
    # the open-data CSV is linked once, inside the page's content
    main = anonymous[anonymous.index("<main") : anonymous.index("</main>")]
    csv_link = 'href="/api/v1/open/municipalities.csv?regio=foodvalley"'  # the region shown
    assert anonymous.count(csv_link) == 1
    assert csv_link in main
    assert client.get("/api/v1/open/municipalities.csv").status_code == 200
