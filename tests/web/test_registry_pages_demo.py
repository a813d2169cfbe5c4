"""The registry pages on the demo region (3,567 farms; demo users, `veekompas demo load --users`):
paging through a municipality, emissions and size on the farm page, recomputed after an edit."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from veekompas.calc.emissions import farm_emission
from veekompas.cli import app as cli_app
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.domain.registry import Housing
from veekompas.norms import table
from veekompas.settings import Settings
from veekompas.web.app import create_app


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo-pages') / 'veekompas.db'}"
    done = CliRunner().invoke(
        cli_app, ["demo", "load", "--users"], env={"VEEKOMPAS_DATABASE_URL": url}
    )
    assert done.exit_code == 0, done.output
    client = TestClient(create_app(Settings(database_url=url)))
    client.post("/inloggen", data={"username": "demo-ede", "password": DEMO_PASSWORD})
    assert client.get("/bedrijven.json").status_code == 200
    return client


def _all(client: TestClient, query: str = "") -> list[dict]:
    farms, url = [], f"/bedrijven.json?{query}"
    while True:
        page = client.get(url).json()
        assert page["count"] == len(page["items"]) <= 50
        farms += page["items"]
        if page["next_cursor"] is None:
            return farms
        url = f"/bedrijven.json?{query}&na={page['next_cursor']}"


def test_paging_the_list_gives_every_ede_farm_once(demo):
    listed = _all(demo, "sorteer=name")
    api = []
    cursor = None
    while True:
        page = demo.get("/api/v1/farms?limit=200" + (f"&cursor={cursor}" if cursor else ""))
        api += page.json()["items"]
        if (cursor := page.json()["next_cursor"]) is None:
            break
    assert len(listed) > 50  # more than one page
    assert sorted(f["ubn"] for f in listed) == sorted(f["ubn"] for f in api)
    assert {f["municipality"] for f in listed} == {"Ede"}
    names = [(f["name"], f["ubn"]) for f in listed]
    assert names == sorted(names)
    page = demo.get("/bedrijven?sorteer=name")
    assert 'rel="next"' in page.text
    first = demo.get("/bedrijven.json?sorteer=name").json()
    assert first["total"] == len(listed) == 259  # Ede's demo farms by location (geodata README)
    assert f"{len(listed)} bedrijven gevonden; deze pagina toont er 50." in page.text


def test_dashboard_of_ede_agrees_with_the_list(demo):
    data = demo.get("/regio.json").json()
    assert [m["name"] for m in data["municipalities"]] == ["Ede"]
    farms = _all(demo)
    assert data["region"]["farms"] == len(farms)
    for intent, n in data["region"]["farms_per_intent"].items():
        assert n == sum(f["succession"]["intent"] == intent for f in farms)
    places: dict[str, int] = {}
    for f in farms:
        for h in f["housings"]:
            places[h["animal_category"]] = places.get(h["animal_category"], 0) + h["dierplaatsen"]
    assert data["region"]["animal_places"] == places


def _dairy_farm(demo) -> dict:
    farms = _all(demo, "sector=melkvee")
    return next(f for f in farms if {a["category"] for a in f["animals"]} >= {"A1", "A3"})


def test_farm_page_emissions_and_size_follow_the_record(demo):
    farm = _dairy_farm(demo)
    data = demo.get(f"/bedrijven/{farm['ubn']}.json").json()
    nh3 = next(e for e in data["emissions"] if e["substance"] == "nh3")["result"]
    expected = farm_emission([Housing(**h) for h in farm["housings"]])
    assert nh3["total"] == pytest.approx(expected.total)
    assert nh3["norm_version"] == expected.norm_version
    assert {e["substance"] for e in data["emissions"] if e["result"]} == {"nh3", "odour", "pm10"}
    cows = sum(a["count"] for a in farm["animals"] if a["category"] == "A1")
    per_cow = table("nge_norms", on=None).row("melk_en_kalfkoeien")["nge_per_unit"]
    size = data["size"]["assessment"]["situations"][0]["economic_size"]
    assert size["nge_total"] == pytest.approx(cows * float(per_cow))
    assert data["size"]["mapped"] == {"A1": "melk_en_kalfkoeien"}
    assert [n["category"] for n in data["size"]["not_assessed"]] == ["A3"]
    assert data["scan"]["explanation"] and data["scan"]["nearest_area"]
    page = unescape(demo.get(f"/bedrijven/{farm['ubn']}").text)
    assert "Omgevingsscan" in page and data["scan"]["explanation"][0] in page
    assert "Zonder NGE-norm" in page and "A3" in page


def test_veal_calves_have_no_nge_norm_and_say_so(demo):
    farm = next(f for f in _all(demo, "sector=vleeskalveren") if f["animals"])
    data = demo.get(f"/bedrijven/{farm['ubn']}.json").json()
    assert data["size"]["assessment"] is None
    assert {n["category"] for n in data["size"]["not_assessed"]} == {"A4"}
    assert "vleeskalveren: geen NGE-norm" in demo.get(f"/bedrijven/{farm['ubn']}").text


def test_saving_recomputes_emissions_and_size(demo):
    farm = _dairy_farm(demo)
    ubn = farm["ubn"]
    form = demo.get(f"/bedrijven/{ubn}/bewerken").text
    fields = dict(re.findall(r'name="([^"]+)" type="(?:text|hidden)" value="([^"]*)"', form))
    fields["version"] = re.search(r'name="version" value="(\d+)"', form).group(1)
    fields["csrf_token"] = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form).group(1)
    fields |= {"succession.successor": farm["succession"]["successor"]}
    fields |= {"succession.intent": farm["succession"]["intent"]}
    cow_group = next(i for i, a in enumerate(farm["animals"]) if a["category"] == "A1")
    fields[f"animals.{cow_group}.count"] = str(farm["animals"][cow_group]["count"] * 2)
    fields["housings.0.dierplaatsen"] = "0"
    saved = demo.post(f"/bedrijven/{ubn}/bewerken", data=fields)
    assert saved.status_code == 200 and "Opgeslagen" in saved.text
    after = demo.get(f"/bedrijven/{ubn}.json").json()
    nh3 = next(e for e in after["emissions"] if e["substance"] == "nh3")["result"]
    expected = farm_emission([Housing(**h) for h in after["farm"]["housings"]])
    assert after["farm"]["housings"][0]["dierplaatsen"] == 0
    assert nh3["total"] == pytest.approx(expected.total)
    old = farm_emission([Housing(**h) for h in farm["housings"]]).total
    assert farm["housings"][0]["dierplaatsen"] > 0 and nh3["total"] < old
    per_cow = float(table("nge_norms", on=None).row("melk_en_kalfkoeien")["nge_per_unit"])
    size = after["size"]["assessment"]["situations"][0]["economic_size"]
    assert size["nge_total"] == pytest.approx(
        after["farm"]["animals"][cow_group]["count"] * per_cow
    )


def test_an_emission_without_any_factor_reads_onbekend_not_zero(demo, demo_farmer_farm):
    """demo-boer's farm (Ede) keeps veal calves only: InfoMil lists no PM10 factor for veal
    calves, so its PM10 total is unknown, not 0,0."""
    ubn = demo_farmer_farm.ubn
    assert {h.animal_category for h in demo_farmer_farm.housings} == {"A4"}
    data = demo.get(f"/bedrijven/{ubn}.json").json()
    (pm10,) = [e for e in data["emissions"] if e["substance"] == "pm10"]
    assert all(h["emission"] is None for h in pm10["result"]["housings"])
    page = demo.get(f"/bedrijven/{ubn}").text
    row = re.search(r'<tr data-stof="pm10">.*?</tr>', page, re.S).group(0)
    assert re.search(r'class="num total">onbekend<', row)
    history = re.search(r"<h2[^>]*>Geschiedenis.*?</table>", page, re.S).group(0)
    assert "aangemaakt" in history and ">create<" not in history
    assert "dieren, gewassen, stallen, ligging, gemeente, naam, vergunde NH3" in history


def _form_fields(demo, ubn: str, farm: dict) -> dict[str, str]:
    form = demo.get(f"/bedrijven/{ubn}/bewerken").text
    fields = dict(re.findall(r'name="([^"]+)" type="(?:text|hidden)" value="([^"]*)"', form))
    fields["version"] = re.search(r'name="version" value="(\d+)"', form).group(1)
    fields["csrf_token"] = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form).group(1)
    fields["succession.successor"] = farm["succession"]["successor"]
    fields["succession.intent"] = farm["succession"]["intent"]
    return fields


def test_a_barn_and_an_animal_group_are_added_and_removed(demo, demo_farmer_farm):
    farm = next(
        f
        for f in _all(demo, "sector=vleeskalveren")
        if f["ubn"] != demo_farmer_farm.ubn and len(f["housings"]) >= 2 and f["animals"]
    )
    ubn = farm["ubn"]
    fields = _form_fields(demo, ubn, farm)
    # an unknown code is refused beside its field, in Dutch, naming close codes; nothing saved
    bad = demo.post(
        f"/bedrijven/{ubn}/bewerken",
        data=fields | {"new_housing.stalsysteem_code": "A4.999", "new_housing.dierplaatsen": "9"},
    )
    assert bad.status_code == 422
    message = re.search(r'id="new_housing.stalsysteem_code-fout">([^<]+)<', bad.text).group(1)
    assert unescape(message).startswith(
        "onbekende Rav-code 'A4.999' in ammonia_emission_factors@2023-03-06; bedoelt u A4."
    )
    assert demo.get(f"/bedrijven/{ubn}.json").json()["farm"]["housings"] == farm["housings"]
    # one animal group per category
    twice = demo.post(
        f"/bedrijven/{ubn}/bewerken",
        data=fields | {"new_animals.category": "A4", "new_animals.count": "5"},
    )
    assert twice.status_code == 422 and "Er is al een diergroep A4" in twice.text

    # remove the first barn, add an A4.100 barn (code typed in lower case) and 12 young stock
    change = {
        "housings.0.remove": "ja",
        "new_housing.stalsysteem_code": "a4.100",
        "new_housing.dierplaatsen": "120",
        "new_housing.year_built": "2025",
        "new_animals.category": "A6",
        "new_animals.count": "12",
    }
    saved = demo.post(f"/bedrijven/{ubn}/bewerken", data=fields | change)
    assert saved.status_code == 200 and "Opgeslagen" in saved.text
    after = demo.get(f"/bedrijven/{ubn}.json").json()
    housings = after["farm"]["housings"]
    assert housings[:-1] == farm["housings"][1:]
    assert housings[-1] == {
        "stalsysteem_code": "A4.100",
        "animal_category": "A4",
        "dierplaatsen": 120,
        "year_built": 2025,
    }
    assert after["farm"]["animals"][-1]["category"] == "A6"
    assert after["farm"]["animals"][-1]["count"] == 12
    # emissions recomputed: old total - removed barn + 120 places x the A4.100 factor (Rav 3,5)
    nh3 = next(e for e in after["emissions"] if e["substance"] == "nh3")["result"]
    old = farm_emission([Housing(**h) for h in farm["housings"]])
    expected = old.total - old.housings[0].emission + 120 * 3.5
    assert nh3["total"] == pytest.approx(expected, abs=1e-9)
