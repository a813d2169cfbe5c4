"""Registry API behaviour beyond roles: login sessions, two writers (409), filters, sorting and
keyset pages, and bad input answered with 422 naming the field."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from registry_setup import FARM_A, FARM_B, FARM_C, PASSWORD
from sqlalchemy import update

from veekompas.store.db import make_engine
from veekompas.store.models import TokenRow


def test_login_session_cookie_logout(registry_app):
    c = registry_app.client
    assert c.get("/api/v1/auth/me").status_code == 401
    wrong = c.post("/api/v1/auth/login", json={"username": "boer", "password": "fout-wachtwoord"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "login: onbekende gebruiker of verkeerd wachtwoord"
    ok = c.post("/api/v1/auth/login", json={"username": "boer", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["farm_ubn"] == FARM_A
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert c.get("/api/v1/auth/me").json()["username"] == "boer"
    assert c.get(f"/api/v1/farms/{FARM_A}").status_code == 200
    assert c.get(f"/api/v1/farms/{FARM_B}").status_code == 404
    # a cookie write sends the session's CSRF token, which the login answer carries
    assert c.post("/api/v1/auth/logout").status_code == 403
    logout = c.post("/api/v1/auth/logout", headers={"X-CSRF-Token": ok.headers["x-csrf-token"]})
    assert logout.status_code == 204
    assert c.get("/api/v1/auth/me").status_code == 401


def test_an_expired_session_or_a_bad_token_is_refused(registry_app):
    c = registry_app.client
    c.post("/api/v1/auth/login", json={"username": "regio", "password": PASSWORD})
    engine = make_engine(registry_app.url)
    with engine.begin() as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        conn.execute(update(TokenRow).where(TokenRow.kind == "session").values(expires_at=past))
    engine.dispose()
    expired = c.get("/api/v1/farms")
    assert expired.status_code == 401 and "verlopen" in expired.json()["detail"]
    c.cookies.clear()
    bad = c.get("/api/v1/farms", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"


def test_a_session_cookie_is_not_a_bearer_token(registry_app):
    c = registry_app.client
    c.post("/api/v1/auth/login", json={"username": "regio", "password": PASSWORD})
    session_token = c.cookies.get("veekompas_sessie")
    c.cookies.clear()
    headers = {"Authorization": f"Bearer {session_token}"}
    assert c.get("/api/v1/farms", headers=headers).status_code == 401


def test_two_writers_the_stale_one_gets_409_and_nothing_is_lost(registry_app):
    """Planner and farmer both read farm A at the same version; the farmer saves first."""
    app = registry_app
    read_planner = app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("gemeente")).json()
    read_farmer = app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("boer")).json()
    assert read_planner["version"] == read_farmer["version"]
    farmer_edit = read_farmer | {"name": "Kalverhouderij De Vallei"}
    first = app.client.put(f"/api/v1/farms/{FARM_A}", json=farmer_edit, headers=app.as_("boer"))
    assert first.status_code == 200 and first.json()["version"] == read_farmer["version"] + 1
    planner_edit = read_planner | {"permitted_nh3_kg_per_year": 999.0}
    second = app.client.put(
        f"/api/v1/farms/{FARM_A}", json=planner_edit, headers=app.as_("gemeente")
    )
    assert second.status_code == 409
    assert second.json()["detail"].startswith("version: farm 100001 is at version")
    now = app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("admin")).json()
    assert now["name"] == "Kalverhouderij De Vallei"
    assert now["permitted_nh3_kg_per_year"] == read_planner["permitted_nh3_kg_per_year"]
    # a sub-resource write with the stale version is refused the same way
    animals = {"version": read_planner["version"], "items": []}
    stale = app.client.put(
        f"/api/v1/farms/{FARM_A}/animals", json=animals, headers=app.as_("gemeente")
    )
    assert stale.status_code == 409
    history = app.client.get(f"/api/v1/farms/{FARM_A}/history", headers=app.as_("admin")).json()
    assert [(h["username"], h["action"]) for h in history] == [
        ("setup", "create"),
        ("boer", "update"),
    ]


def _ubns(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [f["ubn"] for f in response.json()["items"]]


def test_filters_sorting_and_keyset_pages(registry_app):
    c, h = registry_app.client, registry_app.as_("regio")
    assert _ubns(c.get("/api/v1/farms?municipality=Ede", headers=h)) == [FARM_A, FARM_C]
    assert _ubns(c.get("/api/v1/farms?intent=stopper", headers=h)) == [FARM_B]
    assert _ubns(c.get("/api/v1/farms?sector=overig", headers=h)) == [FARM_A, FARM_B, FARM_C]
    assert _ubns(c.get("/api/v1/farms?sector=pluimvee", headers=h)) == []
    assert _ubns(c.get("/api/v1/farms?sort=-ubn", headers=h)) == [FARM_C, FARM_B, FARM_A]
    by_place = _ubns(c.get("/api/v1/farms?sort=-municipality", headers=h))
    assert by_place == [FARM_C, FARM_A, FARM_B]  # Ede before Barneveld; UBN breaks ties, also -
    seen, cursor = [], None
    for _ in range(5):
        query = "/api/v1/farms?sort=-municipality&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = c.get(query, headers=h).json()
        seen += [f["ubn"] for f in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == by_place


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=age", "sort: kies uit ubn, -ubn"),
        ("intent=misschien", "intent: kies uit stopper, blijver of onbekend"),
        ("limit=0", "limit: moet ten minste 1 zijn"),
        ("cursor=bm9uc2Vucw", "cursor: is geen next_cursor van deze lijst en sorteervolgorde"),
    ],
)
def test_bad_listing_parameters_give_422(registry_app, query, message):
    response = registry_app.client.get(f"/api/v1/farms?{query}", headers=registry_app.as_("admin"))
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


def _cursor(*parts: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        ("ubn", _cursor("ubn", {"x": 1}, "100001")),  # an object as the sort value
        ("name", _cursor("name", [1, 2], "100001")),  # a list
        ("permitted_nh3_kg_per_year", _cursor("permitted_nh3_kg_per_year", "abc", "100001")),
        ("permitted_nh3_kg_per_year", _cursor("permitted_nh3_kg_per_year", 10**30, "100001")),
        ("ubn", _cursor("ubn", "100001", "1; DROP TABLE farm")),  # not a UBN
        ("ubn", _cursor("ubn", "100001")),  # too short
        ("ubn", base64.urlsafe_b64encode(b"\xff\xfe").decode()),  # not UTF-8
    ],
)
def test_a_crafted_cursor_is_refused_not_a_server_error(registry_app, sort, cursor):
    """Issue 10: a malformed keyset cursor gave 500."""
    response = registry_app.client.get(
        "/api/v1/farms", params={"sort": sort, "cursor": cursor}, headers=registry_app.as_("admin")
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("cursor: is geen next_cursor")


def test_a_cursor_of_another_sort_order_is_refused(registry_app):
    c, h = registry_app.client, registry_app.as_("admin")
    cursor = c.get("/api/v1/farms?limit=1", headers=h).json()["next_cursor"]
    response = c.get(f"/api/v1/farms?sort=name&cursor={cursor}", headers=h)
    assert response.status_code == 422


def test_bad_writes_give_422_and_write_nothing(registry_app):
    app, h = registry_app, registry_app.as_("admin")
    farm = app.client.get(f"/api/v1/farms/{FARM_C}", headers=h).json()
    cases = [
        (farm | {"ubn": FARM_A}, "ubn: '100001' verschilt van het UBN in het adres, '100003'"),
        (farm | {"sector": "geiten"}, "sector: kies uit vleeskalveren"),
        ({k: v for k, v in farm.items() if k != "version"}, "version: is verplicht"),
    ]
    for body, message in cases:
        response = app.client.put(f"/api/v1/farms/{FARM_C}", json=body, headers=h)
        assert response.status_code == 422
        assert response.json()["detail"].startswith(message)
    consent = {"party": "adviseur", "purpose": "x", "valid_from": "2026-02-01",
               "valid_to": "2026-01-01"}  # fmt: skip
    response = app.client.post(f"/api/v1/farms/{FARM_A}/consents", json=consent, headers=h)
    assert response.status_code == 422 and "de einddatum ligt voor de begindatum" in response.text
    consent = {"party": "regio", "purpose": "x", "valid_from": "2026-01-01"}
    response = app.client.post(f"/api/v1/farms/{FARM_A}/consents", json=consent, headers=h)
    assert response.json()["detail"] == "party: geen adviseur met deze gebruikersnaam"
    assert app.client.get(f"/api/v1/farms/{FARM_C}", headers=h).json() == farm


def test_an_expired_consent_gives_no_access(registry_app):
    app = registry_app
    consents = app.client.get(f"/api/v1/farms/{FARM_A}/consents", headers=app.as_("boer")).json()
    for consent in consents:
        app.client.delete(
            f"/api/v1/farms/{FARM_A}/consents/{consent['id']}", headers=app.as_("boer")
        )
    ended = {"party": "adviseur", "purpose": "oud", "valid_from": "2020-01-01",
             "valid_to": "2021-12-31"}  # fmt: skip
    response = app.client.post(
        f"/api/v1/farms/{FARM_A}/consents", json=ended, headers=app.as_("boer")
    )
    assert response.status_code == 201
    got = app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("adviseur"))
    assert got.status_code == 404


def test_geojson_page_in_wgs84(registry_app):
    c, h = registry_app.client, registry_app.as_("gemeente")
    response = c.get("/api/v1/farms?format=geojson&limit=1", headers=h)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["properties"]["ubn"] == FARM_A
    lon, lat = feature["geometry"]["coordinates"]
    # RD (172000, 460000) near Voorthuizen lies at about 5.6 E, 52.1 N
    assert 5.5 < lon < 5.7 and 52.0 < lat < 52.2
    assert collection["next_cursor"]
    rest = c.get(f"/api/v1/farms?format=geojson&cursor={collection['next_cursor']}", headers=h)
    assert [f["properties"]["ubn"] for f in rest.json()["features"]] == [FARM_C]
