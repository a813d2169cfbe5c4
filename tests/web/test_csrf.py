"""CSRF protection of writes made with the session cookie (web/plumbing/csrf.py): another site's
Origin or
Referer is refused, a missing or wrong token is refused, the session's token (form field or
X-CSRF-Token header) is accepted, and bearer-token and anonymous requests need neither."""

from __future__ import annotations

import re

import pytest
from csrf_support import page_token, with_token
from page_routes import page_paths
from registry_setup import FARM_A, FARM_B, PASSWORD

from builders import farm
from veekompas.store import exchange
from veekompas.web.plumbing import csrf
from veekompas.web.plumbing.csrf import token_for

EVIL = "https://kwaad.example"


def login(c, username: str):
    c.cookies.clear()
    done = c.post("/inloggen", data={"username": username, "password": PASSWORD})
    assert done.status_code == 200, done.text
    return done


def _farm(c, ubn: str) -> dict:
    return c.get(f"/api/v1/farms/{ubn}").json()


def test_the_login_answer_and_every_page_carry_the_sessions_token(registry_app):
    c = registry_app.client
    answer = c.post("/api/v1/auth/login", json={"username": "regio", "password": PASSWORD})
    token = answer.headers["x-csrf-token"]
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    assert token == token_for(c.cookies["veekompas_sessie"]) == page_token(c)
    page = login(c, "regio")  # the page login: its 303 answer carries the new session's token
    assert page.history[0].headers["x-csrf-token"] == page_token(c) != token
    c.cookies.clear()
    assert 'name="csrf-token"' not in c.get("/normen").text  # no login, no token


def test_every_page_form_that_posts_carries_the_token(registry_app):
    """All pages as admin (who may open every one) and the import report's confirm form: each
    POST form but the login form has a hidden csrf_token with this session's token."""
    c = registry_app.client
    login(c, "admin")
    token = page_token(c)
    examples = {"ubn": FARM_A, "name": "nge_norms"}
    pages = [c.get(p).text for p in page_paths(c.app, examples)]
    upload = ("bedrijven.csv", exchange.dump([farm("200001", "Ede")], "csv"), "text/csv")
    pages.append(c.post("/import", data=with_token(c), files={"bestand": upload}).text)
    forms = [f for page in pages for f in re.findall(r"<form\b[^>]*>.*?</form>", page, re.S)]
    posting = [f for f in forms if re.search(r'method="post"', f, re.I)]
    actions = {re.search(r'action="([^"]+)"', f).group(1) for f in posting}
    assert {"/uitloggen", "/import", "/gebruikers", f"/bedrijven/{FARM_A}/bewerken"} <= actions
    for form in posting:
        if 'action="/inloggen"' in form:
            continue
        assert f'name="csrf_token" value="{token}"' in form, form[:200]


def test_a_form_post_without_or_with_a_wrong_token_is_refused_with_the_dutch_page(registry_app):
    c = registry_app.client
    login(c, "regio")
    before = _farm(c, FARM_B)
    data = {"version": str(before["version"]), "succession.intent": "blijver"}
    for extra in ({}, {"csrf_token": "0" * 64}, {"csrf_token": page_token(c)[:-1]}):
        refused = c.post(f"/bedrijven/{FARM_B}/bewerken", data=data | extra)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("text/html")
        assert "Geweigerd: het formulier mist de controlecode" in refused.text
        assert "regio (regio)" in refused.text  # the page still knows who is logged in
    assert _farm(c, FARM_B) == before  # nothing written
    out = c.post("/uitloggen", follow_redirects=False)
    assert out.status_code == 403 and c.get("/api/v1/auth/me").status_code == 200


def test_the_right_token_is_accepted_in_a_form_and_an_upload(registry_app):
    c = registry_app.client
    login(c, "regio")
    data = with_token(c, {"token": "x", "modus": "alles"})
    assert c.post("/import/bevestigen", data=data).status_code == 422  # reached the route
    upload = {"bestand": ("leeg.csv", b"", "text/csv")}
    assert c.post("/import", files=upload).status_code == 403
    page = c.post("/import", data=with_token(c), files=upload)
    assert page.status_code == 422 and "Het bestand is leeg" in page.text
    out = c.post("/uitloggen", data=with_token(c), follow_redirects=False)
    assert out.status_code == 303 and c.get("/api/v1/auth/me").status_code == 401


def test_a_cookie_api_write_needs_the_header(registry_app):
    c = registry_app.client
    token = c.post("/api/v1/auth/login", json={"username": "regio", "password": PASSWORD}).headers[
        "x-csrf-token"
    ]
    farm = _farm(c, FARM_B)
    changed = farm | {"name": "Nieuwe naam"}
    for headers in ({}, {"X-CSRF-Token": "x"}, {"X-CSRF-Token": token_for("another-session")}):
        refused = c.put(f"/api/v1/farms/{FARM_B}", json=changed, headers=headers)
        assert refused.status_code == 403
        detail = refused.json()["detail"]
        assert detail.startswith("X-CSRF-Token: missing or wrong") and "\n" not in detail
    assert _farm(c, FARM_B)["name"] == farm["name"]
    done = c.put(f"/api/v1/farms/{FARM_B}", json=changed, headers={"X-CSRF-Token": token})
    assert done.status_code == 200 and _farm(c, FARM_B)["name"] == "Nieuwe naam"


@pytest.mark.parametrize(
    "source",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Origin": "http://testserver.kwaad.example"},
        {"Referer": f"{EVIL}/formulier.html"},
    ],
)
def test_another_sites_origin_or_referer_is_refused_even_with_the_token(registry_app, source):
    c = registry_app.client
    login(c, "regio")
    token = page_token(c)
    farm = _farm(c, FARM_B)
    api = c.put(
        f"/api/v1/farms/{FARM_B}",
        json=farm | {"name": "Vervalst"},
        headers={"X-CSRF-Token": token, **source},
    )
    assert api.status_code == 403
    assert api.json()["detail"].startswith("Origin: ") and "another site" in api.json()["detail"]
    data = {"csrf_token": token, "version": str(farm["version"]), "succession.intent": "stopper"}
    page = c.post(f"/bedrijven/{FARM_B}/bewerken", data=data, headers=source)
    assert page.status_code == 403
    assert "Geweigerd: dit verzoek kwam van een andere website" in page.text
    assert _farm(c, FARM_B) == farm


def test_this_sites_origin_and_referer_are_accepted(registry_app):
    c = registry_app.client
    login(c, "regio")
    farm = _farm(c, FARM_B)
    token = page_token(c)
    for n, source in enumerate(
        ({"Origin": "http://testserver"}, {"Referer": "http://testserver/bedrijven"}), start=1
    ):
        body = _farm(c, FARM_B) | {"name": f"Naam {n}"}
        headers = {"X-CSRF-Token": token, **source}
        assert c.put(f"/api/v1/farms/{FARM_B}", json=body, headers=headers).status_code == 200
    assert _farm(c, FARM_B)["version"] == farm["version"] + 2


def test_bearer_token_and_anonymous_requests_are_exempt(registry_app, lochem_farm_data):
    c = registry_app.client
    login(c, "regio")  # a cookie is present too: the bearer token is what authenticates
    farm = _farm(c, FARM_B)
    bearer = registry_app.as_("regio") | {"Origin": EVIL}
    done = c.put(f"/api/v1/farms/{FARM_B}", json=farm | {"name": "Per token"}, headers=bearer)
    assert done.status_code == 200
    c.cookies.clear()
    anonymous = c.post("/api/v1/farm-assessments", json=lochem_farm_data, headers={"Origin": EVIL})
    assert anonymous.status_code == 200


def test_a_login_from_another_site_is_refused_but_needs_no_token(registry_app):
    c = registry_app.client
    data = {"username": "regio", "password": PASSWORD}
    forged = c.post("/inloggen", data=data, headers={"Origin": EVIL}, follow_redirects=False)
    assert forged.status_code == 403 and "veekompas_sessie" not in forged.headers.get(
        "set-cookie", ""
    )
    api = c.post("/api/v1/auth/login", json=data, headers={"Origin": EVIL})
    assert api.status_code == 403
    assert c.post("/inloggen", data=data, follow_redirects=False).status_code == 303
    # logged in already: logging in again (as another user) needs no token either
    again = {"username": "admin", "password": PASSWORD}
    assert c.post("/inloggen", data=again, follow_redirects=False).status_code == 303
    assert c.get("/api/v1/auth/me").json()["username"] == "admin"


def test_the_token_dies_with_its_session(registry_app):
    c = registry_app.client
    login(c, "regio")
    old = page_token(c)
    assert c.post("/uitloggen", data={"csrf_token": old}, follow_redirects=False).status_code == 303
    login(c, "regio")
    farm = _farm(c, FARM_B)
    stale = c.put(f"/api/v1/farms/{FARM_B}", json=farm, headers={"X-CSRF-Token": old})
    assert stale.status_code == 403


def test_behind_a_proxy_the_forwarded_host_is_this_site(registry_app):
    c = registry_app.client
    login(c, "regio")
    farm = _farm(c, FARM_B)
    headers = {
        "X-CSRF-Token": page_token(c),
        "Origin": "https://veekompas.example",
        "X-Forwarded-Host": "veekompas.example",
    }
    done = c.put(f"/api/v1/farms/{FARM_B}", json=farm | {"name": "Via proxy"}, headers=headers)
    assert done.status_code == 200


def test_odd_tokens_and_oversized_forms_are_one_line_refusals(registry_app, monkeypatch):
    c = registry_app.client
    login(c, "regio")
    farm = _farm(c, FARM_B)
    odd = c.put(
        f"/api/v1/farms/{FARM_B}", json=farm, headers={"X-CSRF-Token": "é".encode("latin-1") * 64}
    )
    assert odd.status_code == 403  # not a 500 on a character compare_digest cannot take
    page = c.post(f"/bedrijven/{FARM_B}/bewerken", data={"csrf_token": "ü" * 64})
    assert page.status_code == 403
    monkeypatch.setattr(csrf, "MAX_FORM_BYTES", 1000)
    big = c.post("/uitloggen", data={"csrf_token": page_token(c), "vulling": "x" * 2000})
    assert big.status_code == 413 and "Het formulier is groter dan" in big.text
    api = c.post("/api/v1/auth/logout", data={"vulling": "x" * 2000})
    assert api.status_code == 413 and api.json()["detail"].startswith("body: a form may hold")
    assert c.get("/api/v1/auth/me").status_code == 200  # still logged in
