"""Server-rendered pages and their .json twins."""

from __future__ import annotations

from fastapi.testclient import TestClient

from veekompas.web.app import create_app

client = TestClient(create_app())
LOCHEM_QUERY = {
    "name": "Kettelarij",
    "municipality": "Lochem",
    "norm_year": "2010",
    "huidig.animals.melk_en_kalfkoeien": "137",
    "huidig.animals.jongvee_vrouwelijk_jonger_dan_1_jaar": "31",
    "huidig.crops.snijmais.ha": "5",
    "huidig.crops.snijmais.own_fodder": "on",
    "huidig.crops.grasland_blijvend.ha": "35",
    "huidig.crops.grasland_blijvend.own_fodder": "on",
}


def test_farm_check_opens_with_the_lochem_example_computed():
    page = client.get("/bedrijf/toets")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="nl">' in html
    assert 'value="137"' in html and 'value="200"' in html
    for figure in ("170,4 nge", "270,9 nge", "€ 242.020", "€ 384.710", "2,3 (73 nge per VAK)",
                   "3,7 (73 nge per VAK)", "3,9 (69 nge per mensjaar)"):  # fmt: skip
        assert figure in html, figure
    assert "nge_norms@2010-01-01" in html
    assert client.get("/", follow_redirects=False).headers["location"] == "/kaart"


def test_form_query_computes_and_json_twin_has_the_same_data():
    html = client.get("/bedrijf/toets", params=LOCHEM_QUERY).text
    assert "170,4 nge" in html and "270,9" not in html
    twin = client.get("/bedrijf/toets.json", params=LOCHEM_QUERY).json()
    assert [s["name"] for s in twin["situations"]] == ["huidig"]
    assert round(twin["situations"][0]["economic_size"]["nge_total"], 1) == 170.4
    assert twin["situations"][0]["economic_size"]["lines"][2]["nge"] == 0.0  # own fodder


def test_form_error_is_shown_beside_the_field_and_in_the_twin():
    params = {**LOCHEM_QUERY, "huidig.animals.melk_en_kalfkoeien": "13,5"}
    page = client.get("/bedrijf/toets", params=params)
    assert page.status_code == 422
    assert 'role="alert"' in page.text
    message = "13.5 is not a whole number; animal counts are whole numbers from 0 to 10000000"
    assert f'<span class="field-error">{message}</span>' in page.text
    assert 'id="huidig.animals.melk_en_kalfkoeien" value="13,5"' in page.text
    twin = client.get("/bedrijf/toets.json", params=params)
    assert twin.status_code == 422
    assert twin.json() == {"detail": f"situations.huidig.animals.melk_en_kalfkoeien: {message}"}


def test_not_a_number_and_empty_form():
    params = {"norm_year": "2010", "huidig.animals.melk_en_kalfkoeien": "veel"}
    twin = client.get("/bedrijf/toets.json", params=params)
    assert twin.json() == {
        "detail": "situations.huidig.animals.melk_en_kalfkoeien: 'veel' is not a number"
    }
    empty = client.get("/bedrijf/toets.json", params={"norm_year": "2010", "name": ""})
    assert empty.status_code == 422
    assert empty.json()["detail"].startswith("situations: the farm has no situations")
    blank = client.get("/bedrijf/toets", params={"leeg": "1"})
    assert blank.status_code == 200 and "Uitkomst" not in blank.text


def test_norm_pages():
    overview = client.get("/normen")
    assert overview.status_code == 200 and "nge_per_mensjaar" in overview.text
    assert {t["table"] for t in client.get("/normen.json").json()} >= {"nge_norms"}
    page = client.get("/normen/nge_norms")
    assert page.status_code == 200 and "1.20426" in page.text and 'class="flagged"' in page.text
    assert client.get("/normen/nge_norms.json").json()["citation"]["table"] == "nge_norms"
    assert client.get("/normen/bestaatniet").status_code == 404
    assert client.get("/normen/bestaatniet.json").status_code == 404
