"""Security headers on every answer (web/plumbing/security_headers.py), and pages that need
no inline
script: no <script> without src (JSON data blocks aside), no inline event handler, no
javascript: link, on every page found from the routes, as admin and anonymous."""

from __future__ import annotations

import re

import pytest
from csrf_support import with_token
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from page_routes import page_paths
from registry_setup import FARM_A, PASSWORD

from veekompas.settings import Settings
from veekompas.web.app import create_app
from veekompas.web.plumbing.security_headers import page_policy

EXAMPLES = {"ubn": FARM_A, "name": "nge_norms"}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def directives(policy: str) -> dict[str, list[str]]:
    parts = (p.split() for p in policy.split(";") if p.strip())
    return {name: values for name, *values in parts}


def assert_headers(response) -> None:
    h = response.headers
    where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
    assert h.get("x-content-type-options") == "nosniff", where
    assert h.get("referrer-policy") == "same-origin", where
    assert h.get("x-frame-options") == "DENY", where
    csp = directives(h.get("content-security-policy", ""))
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"] and csp.get("base-uri") == ["'self'"], where
    assert csp.get("form-action") == ["'self'"], where
    assert csp.get("script-src") == ["'self'"], where  # no inline script, no eval


def inline_scripts(html: str) -> list[str]:
    """The <script> elements that run inline code (JSON data blocks are data, not code)."""
    found = []
    for attrs, body in SCRIPT.findall(html):
        if re.search(r"\bsrc=", attrs) and not body.strip():
            continue
        if re.search(r'type="application/json"', attrs):
            continue
        found.append(f"<script{attrs}>{body[:80]}")
    return found


def test_the_page_policy_allows_the_pdok_tiles_only_with_that_basemap():
    assert "https://service.pdok.nl" in directives(page_policy("pdok"))["img-src"]
    assert directives(page_policy("none"))["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize("user", [None, "admin"])
def test_every_page_carries_the_headers_and_no_inline_script(registry_app, user):
    c = registry_app.client
    if user:
        c.post("/inloggen", data={"username": user, "password": PASSWORD})
    paths = page_paths(c.app, EXAMPLES)
    assert {"/kaart", "/regio", "/bedrijven", "/inloggen", "/gebruikers"} <= set(paths)
    checked = 0
    for path in paths:
        page = c.get(path)
        assert_headers(page)
        if not page.headers["content-type"].startswith("text/html"):
            continue
        checked += 1
        assert inline_scripts(page.text) == [], path
        assert not HANDLER.search(page.text), f"{path}: inline event handler"
        assert "javascript:" not in page.text.lower(), path
    assert checked >= 10
    if user:  # the charts' data blocks are there (and are the only scripts without src)
        assert 'type="application/json" data-chart="grafiek-voornemen"' in c.get("/regio").text


def test_answers_of_every_kind_carry_the_headers(registry_app):
    c = registry_app.client
    answers = [
        c.get("/api/v1/norms"),
        c.get("/api/v1/open/municipalities.csv"),
        c.get("/api/v1/farms"),  # 401
        c.get("/api/v1/farms", headers=registry_app.as_("admin")),
        c.get("/static/kaart.js"),
        c.get("/static/vendor/leaflet/leaflet.css"),
        c.get("/bestaat-niet", headers={"Accept": "text/html"}),  # Dutch 404 page
        c.get("/api/v1/onzin"),
        c.get("/regio/grafieken/nh3.svg"),
        c.get("/openapi.json"),
        c.get("/", follow_redirects=False),
        c.post("/api/v1/farm-assessments", json={}),  # 422
    ]
    c.post("/inloggen", data={"username": "boer", "password": PASSWORD})
    answers.append(c.get("/gebruikers"))  # 403 page
    answers.append(c.post("/uitloggen"))  # CSRF refusal
    answers.append(c.post("/uitloggen", data=with_token(c), follow_redirects=False))
    statuses = set()
    for answer in answers:
        assert_headers(answer)
        statuses.add(answer.status_code)
    assert {200, 303, 401, 403, 404, 422} <= statuses


def test_a_header_set_by_a_route_is_kept(migrated_sqlite_url):
    app = create_app(Settings(database_url=migrated_sqlite_url))

    @app.get("/eigen-beleid", include_in_schema=False)
    def own_policy():
        return PlainTextResponse("x", headers={"Referrer-Policy": "no-referrer"})

    answer = TestClient(app).get("/eigen-beleid")
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-content-type-options"] == "nosniff"
