"""The API documentation (/docs, /redoc) from vendored assets: local URLs only, served, under the
page policy, and rendered by Chromium with every request outside the server refused."""

from __future__ import annotations

import re

import pytest
from browser_support import chromium, serve
from test_security_headers import assert_headers, directives, inline_scripts

from veekompas.settings import Settings
from veekompas.web.app import create_app

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_docs_refer_only_to_local_assets_that_are_served(registry_app, path):
    c = registry_app.client
    page = c.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert_headers(page)  # the page policy: script-src 'self' only
    assert directives(page.headers["content-security-policy"])["script-src"] == ["'self'"]
    assert inline_scripts(page.text) == []
    assets = ASSET.findall(page.text)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert "http://" not in page.text and "https://" not in page.text
    for asset in assets:
        answer = c.get(asset)
        assert answer.status_code == 200 and len(answer.content) > 100, asset
    assert "/openapi.json" in page.text


def test_the_old_cdn_docs_are_gone(registry_app):
    assert registry_app.client.get("/docs/oauth2-redirect").status_code == 404


@pytest.mark.browser
def test_swagger_ui_and_redoc_render_the_operations_offline(migrated_sqlite_url):
    app = create_app(Settings(database_url=migrated_sqlite_url, basemap="none"))
    outside: list[str] = []
    with serve(app) as base_url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def only_the_server(route):
            if route.request.url.startswith(base_url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_server)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base_url}/docs")
        operations = page.locator(".opblock-summary-path")
        operations.first.wait_for(timeout=15_000)
        paths = set(operations.all_inner_texts())
        assert "/api/v1/farm-assessments" in {p.replace("\u200b", "") for p in paths}
        assert operations.count() > 10
        page.goto(f"{base_url}/redoc")
        page.get_by_text("/api/v1/farm-assessments").first.wait_for(timeout=15_000)
    assert outside == []
    # ReDoc's bundle links its "API docs by Redocly" logo from its CDN: the policy blocks it
    refused = [e for e in errors if "Content Security Policy" in e]
    assert all("https://cdn.redoc.ly/redoc/logo-mini.svg" in e for e in refused), refused


def test_the_menu_links_the_api_documentation(registry_app):
    page = registry_app.client.get("/normen").text
    assert '<a href="/docs">API-documentatie</a>' in page
