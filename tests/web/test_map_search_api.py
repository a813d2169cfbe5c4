"""The map search /api/v1/map/search: farms (UBN, name) and places (place, municipality) within
the role's reach, best first, with bounded query and result count; and the map page's farm to open
(``?ubn=``, a farmer's own farm)."""

from __future__ import annotations

import pytest
from registry_setup import FARM_A, FARM_B, FARM_C, PASSWORD

from veekompas.web.map.map_search import fold

SEARCH = "/api/v1/map/search"


def _search(registry_app, role, **params):
    return registry_app.client.get(SEARCH, params=params, headers=registry_app.as_(role))


@pytest.mark.parametrize(
    ("role", "farms", "municipalities"),
    [
        ("admin", {FARM_A, FARM_B, FARM_C}, ["Barneveld", "Ede"]),
        ("gemeente", {FARM_A, FARM_C}, ["Ede"]),
        ("adviseur", {FARM_A, FARM_B}, ["Barneveld", "Ede"]),
        ("boer", {FARM_A}, ["Ede"]),
    ],
)
def test_search_finds_only_what_the_role_may_see(registry_app, role, farms, municipalities):
    found = _search(registry_app, role, q="bedrijf", limit=25).json()["results"]
    assert {r["ubn"] for r in found} == farms
    assert all(r["kind"] == "bedrijf" and r["label"] == f"Bedrijf {r['ubn']}" for r in found)
    for name in ("Ede", "Barneveld"):
        hits = _search(registry_app, role, q=name).json()["results"]
        gemeenten = [r["label"] for r in hits if r["kind"] == "gemeente"]
        assert gemeenten == ([name] if name in municipalities else [])


def test_a_place_comes_with_its_farms_count_centre_and_bounds(registry_app):
    answer = _search(registry_app, "adviseur", q="voorthui").json()
    assert answer["query"] == "voorthui" and answer["count"] == 1
    (place,) = answer["results"]
    assert place["kind"] == "plaats" and place["label"] == "Voorthuizen"
    assert place["detail"] == "plaats in Barneveld, Ede · 2 bedrijven"
    (south, west), (north, east) = place["bounds"]
    assert south <= place["lat"] <= north and west <= place["lon"] <= east
    assert 52.0 < place["lat"] < 52.4 and 5.4 < place["lon"] < 5.8  # Voorthuizen
    ede = _search(registry_app, "gemeente", q="Ede").json()["results"][0]
    assert ede["detail"] == "gemeente · 2 bedrijven"
    boer = _search(registry_app, "boer", q="Ede").json()["results"][0]
    assert boer["detail"] == "gemeente · 1 bedrijf"


def test_ubn_matches_from_its_start_and_the_exact_one_comes_first(registry_app):
    found = _search(registry_app, "admin", q=FARM_C).json()["results"]
    assert found[0]["ubn"] == FARM_C
    assert {r["ubn"] for r in _search(registry_app, "admin", q="10000").json()["results"]} == {
        FARM_A,
        FARM_B,
        FARM_C,
    }
    assert _search(registry_app, "admin", q="10000", limit=2).json()["count"] == 2


def test_places_come_before_farms_and_prefixes_before_the_rest(registry_app):
    kinds = [r["kind"] for r in _search(registry_app, "admin", q="e", limit=25).json()["results"]]
    # "Ede" starts with e; Barneveld and Voorthuizen contain it; farm names contain it too
    assert kinds[0] == "gemeente" and kinds.index("bedrijf") > kinds.index("plaats")


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "x" * 61}, {"q": "ede", "limit": 0}, {"q": "ede", "limit": 26}, {}],
)
def test_bad_queries_answer_422_with_the_field(registry_app, params):
    response = _search(registry_app, "admin", **params)
    assert response.status_code == 422
    assert ("q" if "limit" not in params else "limit") in response.json()["detail"]


def test_search_needs_a_login_and_a_role_with_registry_access(registry_app):
    assert _search(registry_app, None, q="ede").status_code == 401
    assert _search(registry_app, "publiek", q="ede").status_code == 403


def test_fold_ignores_case_and_accents():
    assert fold("  Zoë ") == "zoe" and fold("ÉDE") == "ede"


def test_the_map_opens_at_the_asked_farm_or_the_farmers_own(registry_app):
    client = registry_app.client

    def opened(username, query=""):
        client.cookies.clear()
        if username:
            login = {"username": username, "password": PASSWORD}
            assert client.post("/api/v1/auth/login", json=login).status_code == 200
        return client.get(f"/kaart.json{query}").json()["open_ubn"]

    assert opened("boer") == FARM_A
    assert opened("gemeente") is None
    assert opened("gemeente", f"?ubn={FARM_C}") == FARM_C
    assert opened("gemeente", "?ubn=<script>") is None  # not a UBN: ignored
    assert opened(None, f"?ubn={FARM_C}") is None  # no farms on an anonymous map
    assert client.get("/kaart.json").json()["data"]["search"] is None
    opened("boer")
    assert client.get("/kaart.json").json()["data"]["search"] == SEARCH
