"""The registry pages (/regio, /bedrijven, /bedrijven/{ubn}, the edit form) and their .json twins
per role, on the three-farm setup (A and C in Ede, B in Barneveld; boer owns A; the adviseur may
see A and edit B)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from csrf_support import with_token
from registry_setup import FARM_A, FARM_B, FARM_C, PASSWORD

from builders import farm
from veekompas.settings import Settings

FARMS = {FARM_A: farm(FARM_A, "Ede"), FARM_B: farm(FARM_B, "Barneveld", intent="stopper")}
FARMS[FARM_C] = farm(FARM_C, "Ede", calves=900)


def login(client, username: str) -> None:
    client.cookies.clear()
    done = client.post("/inloggen", data={"username": username, "password": PASSWORD})
    assert done.status_code == 200, done.text


def places(*ubns: str) -> int:
    return sum(h.dierplaatsen for u in ubns for h in FARMS[u].housings)


# -- /regio ------------------------------------------------------------------------------------
def test_anonymous_dashboard_shows_suppressed_open_data(registry_app):
    c = registry_app.client
    assert len(FARMS) < Settings().open_data_min_farms  # every figure rests on too few farms
    data = c.get("/regio.json").json()
    assert data["scope"] == "open_data"
    # all eight members of Regio Foodvalley (the default region), those without farms with 0
    assert len(data["municipalities"]) == 8 and data["title"] == "Regio Foodvalley"
    with_farms = [m for m in data["municipalities"] if m["farms"] != 0]
    assert [m["name"] for m in with_farms] == ["Barneveld", "Ede"]
    for area in [data["region"], *with_farms]:
        assert area["farms"] is None
        assert area["permitted_nh3_kg_per_year"] is None
    assert data["suppressed_cells"] > 0
    page = c.get("/regio")
    assert page.status_code == 200
    assert "geheim" in page.text and "Open data" in page.text
    for f in FARMS.values():  # never a single farm
        assert f.name not in page.text and f.ubn not in page.text
    # the charts leave secret figures out: no bar for a hidden count
    specs = re.findall(r'data-chart="grafiek-(\w+)">(.*?)</script>', page.text, re.S)
    assert {key for key, _ in specs} == {"voornemen", "dierplaatsen", "nh3", "stopjaren"}
    assert '"value": null' not in page.text


def test_publiek_gets_the_open_data_too(registry_app):
    c = registry_app.client
    login(c, "publiek")
    assert c.get("/regio.json").json()["scope"] == "open_data"
    assert 'href="/bedrijven"' not in c.get("/regio").text


@pytest.mark.parametrize(
    ("user", "ubns"),
    [("gemeente", (FARM_A, FARM_C)), ("admin", (FARM_A, FARM_B, FARM_C)), ("boer", (FARM_A,))],
)
def test_logged_in_dashboard_counts_the_farms_within_reach(registry_app, user, ubns):
    c = registry_app.client
    login(c, user)
    data = c.get("/regio.json").json()
    assert data["scope"] == "reach" and data["suppressed_cells"] == 0
    with_farms = [m["name"] for m in data["municipalities"] if m["farms"]]
    assert with_farms == sorted({FARMS[u].municipality for u in ubns})
    # every member of Regio Foodvalley; a gemeente user sees his municipality only
    assert len(data["municipalities"]) == (1 if user == "gemeente" else 8)
    total = data["region"]
    assert total["farms"] == len(ubns)
    assert total["animal_places"] == {"vleeskalveren": places(*ubns)}
    nh3 = sum(FARMS[u].permitted_nh3_kg_per_year for u in ubns)
    assert total["permitted_nh3_kg_per_year"] == round(nh3)
    stoppers = sum(FARMS[u].succession.intent == "stopper" for u in ubns)
    assert total["farms_per_intent"]["stopper"] == stoppers
    page = c.get("/regio")
    assert page.status_code == 200 and "geheim" not in page.text


def test_charts_as_svg_carry_the_users_figures_only(registry_app):
    c = registry_app.client
    anonymous = c.get("/regio/grafieken/nh3.svg")
    assert anonymous.status_code == 200
    assert anonymous.headers["content-type"] == "image/svg+xml"
    assert "<svg" in anonymous.text
    for f in FARMS.values():
        assert f.name not in anonymous.text and f.ubn not in anonymous.text
    assert 'href="/regio/grafieken/nh3.svg"' in c.get("/regio").text
    login(c, "gemeente")
    svg = c.get("/regio/grafieken/intentie.svg").text
    assert ">Ede</text>" in svg and "Barneveld" not in svg
    unknown = c.get("/regio/grafieken/taart.svg")
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == (
        "name: onbekende grafiek 'taart'; kies uit dierplaatsen, nh3, stopjaren, voornemen"
    )


# -- /bedrijven --------------------------------------------------------------------------------
def test_anonymous_list_redirects_to_login_and_publiek_is_refused(registry_app):
    c = registry_app.client
    page = c.get("/bedrijven?sector=overig", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/inloggen?volgende=%2Fbedrijven%3Fsector%3Doverig"
    assert c.get("/bedrijven.json").status_code == 401
    login(c, "publiek")
    page = c.get("/bedrijven")
    assert page.status_code == 403 and "Geen toegang" in page.text
    assert c.get("/bedrijven.json").status_code == 403
    assert c.get(f"/bedrijven/{FARM_A}").status_code == 403


def test_gemeente_lists_only_its_farms(registry_app):
    c = registry_app.client
    login(c, "gemeente")
    data = c.get("/bedrijven.json").json()
    assert [f["ubn"] for f in data["items"]] == [FARM_A, FARM_C]
    assert data["count"] == data["total"] == 2 and data["next_cursor"] is None
    page = c.get("/bedrijven")
    assert f'href="/bedrijven/{FARM_C}"' in page.text
    assert f'href="/bedrijven/{FARM_B}"' not in page.text
    assert "2 bedrijven gevonden." in page.text
    one = c.get("/bedrijven.json?zoek=" + FARM_C).json()
    assert one["total"] == 1 and [f["ubn"] for f in one["items"]] == [FARM_C]
    assert "1 bedrijf gevonden." in c.get("/bedrijven?zoek=" + FARM_C).text
    assert c.get("/bedrijven.json?gemeente=Barneveld").status_code == 422  # not in its list
    desc = c.get("/bedrijven.json?sorteer=-ubn").json()["items"]
    assert [f["ubn"] for f in desc] == [FARM_C, FARM_A]


def test_search_by_ubn_or_name_and_filters(registry_app):
    c = registry_app.client
    login(c, "admin")

    def ubns(query: str) -> list[str]:
        answer = c.get(f"/bedrijven.json?{query}")
        assert answer.status_code == 200, answer.text
        return [f["ubn"] for f in answer.json()["items"]]

    assert ubns(f"zoek={FARM_C}") == [FARM_C]
    assert ubns(f"zoek={FARM_B[:-1]}") == sorted(FARMS)  # UBN prefix
    assert ubns(f"zoek={FARMS[FARM_B].name.upper()}") == [FARM_B]  # name, any case
    assert ubns("zoek=100%25") == []  # % is a character, not a wildcard
    assert ubns("intentie=stopper") == [FARM_B]
    assert ubns("gemeente=Ede&sector=overig") == [FARM_A, FARM_C]
    bad = c.get("/bedrijven?sector=vis")
    assert bad.status_code == 422
    assert "sector: onbekende waarde 'vis'; kies uit: vleeskalveren, melkvee" in unescape(bad.text)


# -- farm page ---------------------------------------------------------------------------------
def test_boer_sees_its_own_farm_only(registry_app):
    c = registry_app.client
    login(c, "boer")
    own = c.get(f"/bedrijven/{FARM_A}")
    assert own.status_code == 200 and FARMS[FARM_A].name in own.text
    assert f'href="/bedrijven/{FARM_A}/bewerken"' in own.text
    for path in (f"/bedrijven/{FARM_C}", f"/bedrijven/{FARM_C}/bewerken"):
        refused = c.get(path)
        assert refused.status_code == 404 and "Niet gevonden" in refused.text
        assert FARMS[FARM_C].name not in refused.text
    assert c.get(f"/bedrijven/{FARM_C}.json").status_code == 404
    post = c.post(f"/bedrijven/{FARM_C}/bewerken", data=with_token(c, {"version": "1"}))
    assert post.status_code == 404


def test_adviseur_with_inzien_may_read_but_not_edit(registry_app):
    c = registry_app.client
    login(c, "adviseur")
    page = c.get(f"/bedrijven/{FARM_A}")
    assert page.status_code == 200 and "/bewerken" not in page.text
    assert c.get(f"/bedrijven/{FARM_A}/bewerken").status_code == 403
    assert c.post(f"/bedrijven/{FARM_A}/bewerken", data=with_token(c)).status_code == 403
    assert c.get(f"/bedrijven/{FARM_B}/bewerken").status_code == 200  # consent 'bewerken'


def test_farm_page_and_twin_carry_the_same_record(registry_app):
    c = registry_app.client
    login(c, "gemeente")
    data = c.get(f"/bedrijven/{FARM_C}.json").json()
    assert data["farm"]["ubn"] == FARM_C and data["may_edit"] is True
    # the setup's barns carry the category name, not the Rav category: said, not a crash
    assert all("does not match Rav code" in e["error"] for e in data["emissions"])
    assert [h["action"] for h in data["history"]] == ["create"]
    page = c.get(f"/bedrijven/{FARM_C}")
    assert "Niet te berekenen" in page.text and "Geschiedenis" in page.text


# -- edit --------------------------------------------------------------------------------------
def _version(page_text: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page_text).group(1)


def _form(farm_record, version: str, **changes: str) -> dict[str, str]:
    s = farm_record.succession
    data = {f"animals.{i}.count": str(a.count) for i, a in enumerate(farm_record.animals)}
    data |= {
        f"housings.{i}.dierplaatsen": str(h.dierplaatsen)
        for i, h in enumerate(farm_record.housings)
    }
    data |= {
        "succession.farmer_birth_year": str(s.farmer_birth_year),
        "succession.successor": s.successor,
        "succession.intent": s.intent,
        "succession.planned_stop_year": str(s.planned_stop_year),
        "succession.buyout_scheme": "",
        "version": version,
    }
    return data | changes


def test_edit_form_twin_lists_the_forms_fields_with_values_and_limits(registry_app):
    c = registry_app.client
    login(c, "gemeente")
    form = c.get(f"/bedrijven/{FARM_A}/bewerken").text
    assert f'href="/bedrijven/{FARM_A}/bewerken.json"' in form
    twin = c.get(f"/bedrijven/{FARM_A}/bewerken.json").json()
    assert twin["version"] == int(_version(form))
    inputs = dict(re.findall(r'<input id="([^"]+)" name="[^"]+" type="text" value="([^"]*)"', form))
    boxes = re.findall(r'<input id="([^"]+)" name="[^"]+" type="checkbox"', form)
    selects = re.findall(r'<select id="([^"]+)"', form)
    fields = {f["name"]: f for f in twin["fields"]}
    assert set(fields) == set(inputs) | set(boxes) | set(selects)
    assert fields["new_housing.stalsysteem_code"]["table"].startswith("ammonia_emission_factors@")
    for name, value in inputs.items():
        assert fields[name]["value"] == value
    count = fields["animals.0.count"]
    assert (count["kind"], count["min"], count["required"]) == ("integer", 0, True)
    assert fields["succession.intent"]["choices"] == ["stopper", "blijver", "onbekend"]
    assert twin["save"]["api"] == f"/api/v1/farms/{FARM_A}"
    # refused as the page is
    login(c, "boer")
    assert c.get(f"/bedrijven/{FARM_C}/bewerken.json").status_code == 404
    login(c, "adviseur")
    assert c.get(f"/bedrijven/{FARM_A}/bewerken.json").status_code == 403


def test_every_page_has_a_json_twin(registry_app):
    """Pages are found from the app's routes, so a page added later without a twin fails."""
    from veekompas.web.plumbing.templating import app_routes

    app = registry_app.client.app
    gets = [
        r.path
        for r in app_routes(app)
        if "GET" in (getattr(r, "methods", None) or set())
        and not getattr(r, "include_in_schema", True)
    ]
    not_pages = ("/", "/docs", "/docs/oauth2-redirect", "/redoc")
    pages = [
        p for p in gets if p not in not_pages and not p.endswith((".json", ".svg", ".csv", ".xlsx"))
    ]
    assert {"/kaart", "/regio", "/bedrijven/{ubn}/bewerken", "/inloggen"} <= set(pages)
    assert [p for p in pages if p + ".json" not in gets] == []


def test_edit_saves_then_a_stale_version_is_a_conflict(registry_app):
    c = registry_app.client
    login(c, "gemeente")
    form = c.get(f"/bedrijven/{FARM_A}/bewerken")
    assert form.status_code == 200
    version = _version(form.text)
    new_count = FARMS[FARM_A].animals[0].count + 7
    data = _form(FARMS[FARM_A], version, **{"animals.0.count": str(new_count)})
    saved = c.post(
        f"/bedrijven/{FARM_A}/bewerken", data=with_token(c, data), follow_redirects=False
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/bedrijven/{FARM_A}?opgeslagen=1"
    after = c.get(f"/bedrijven/{FARM_A}.json").json()
    assert after["farm"]["animals"][0]["count"] == new_count
    assert after["farm"]["version"] == int(version) + 1
    assert [h["action"] for h in after["history"]] == ["create", "update"]
    assert "Opgeslagen" in c.get(saved.headers["location"]).text

    stale = _form(FARMS[FARM_A], version, **{"housings.0.dierplaatsen": "321"})
    conflict = c.post(f"/bedrijven/{FARM_A}/bewerken", data=with_token(c, stale))
    assert conflict.status_code == 409
    assert "Het bedrijf is intussen gewijzigd" in conflict.text
    assert 'value="321"' in conflict.text  # the user's input is kept
    # the current values are shown where they differ from the input
    assert f"huidige waarde: {new_count}" in conflict.text
    assert f"huidige waarde: {FARMS[FARM_A].housings[0].dierplaatsen}" in conflict.text
    assert _version(conflict.text) == str(after["farm"]["version"])
    unchanged = c.get(f"/bedrijven/{FARM_A}.json").json()["farm"]
    assert unchanged["housings"][0]["dierplaatsen"] == FARMS[FARM_A].housings[0].dierplaatsen


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("animals.0.count", "veel", "'veel' is geen geheel getal."),
        ("housings.0.dierplaatsen", "-4", "Toegestaan: 0 tot en met 10000000."),
        ("succession.intent", "misschien", "Kies stopper, blijver of onbekend."),
        ("succession.farmer_birth_year", "1850", "Toegestaan: 1900 tot en met 2100."),
    ],
)
def test_a_bad_field_is_named_beside_it_and_nothing_is_written(registry_app, field, value, message):
    c = registry_app.client
    login(c, "regio")
    before = c.get(f"/bedrijven/{FARM_B}.json").json()["farm"]
    data = _form(FARMS[FARM_B], str(before["version"]), **{field: value})
    page = c.post(f"/bedrijven/{FARM_B}/bewerken", data=with_token(c, data))
    assert page.status_code == 422
    error = re.search(
        rf'<span class="field-error"( id="{re.escape(field)}-fout")?>([^<]*)<', page.text
    )
    assert error is not None and unescape(error.group(2)) == message
    assert c.get(f"/bedrijven/{FARM_B}.json").json()["farm"] == before


def test_the_menu_links_to_the_pages_by_role(registry_app):
    c = registry_app.client
    anonymous = c.get("/normen").text
    assert 'href="/regio"' in anonymous and 'href="/bedrijven"' not in anonymous
    login(c, "gemeente")
    menu = c.get("/regio").text
    assert 'href="/regio" aria-current="page"' in menu and 'href="/bedrijven"' in menu
