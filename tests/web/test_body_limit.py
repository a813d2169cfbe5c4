"""Request bodies are bounded per kind of route (web/plumbing/body_limit.py): 413 with one line
when the
declared Content-Length is too big, and as soon as a chunked body streams past the limit - the
rest of the body is never read (checked on the ASGI app itself and on a live uvicorn)."""

from __future__ import annotations

import asyncio
import json
import select
import socket

import pytest

from veekompas.settings import Settings
from veekompas.store.db import upgrade
from veekompas.web.app import create_app
from veekompas.web.plumbing.headless import serve

MiB = 1024 * 1024
JSON = {"content-type": "application/json"}
SCAN = "/api/v1/environmental-scans"


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(url)
    return url


def _detail(answer) -> str:
    detail = answer.json()["detail"]
    assert "\n" not in detail
    return detail


@pytest.mark.parametrize(
    ("path", "size", "setting"),
    [
        (SCAN, 16 * MiB, "VEEKOMPAS_MAX_SCAN_BODY_BYTES"),  # the reported anonymous 156 MiB
        ("/api/v1/farm-assessments", MiB, "VEEKOMPAS_MAX_BODY_BYTES"),
        ("/api/v1/auth/login", MiB, "VEEKOMPAS_MAX_BODY_BYTES"),
        ("/api/v1/farms", MiB, "VEEKOMPAS_MAX_BODY_BYTES"),
    ],
)
def test_a_declared_length_past_the_limit_is_refused_before_the_body_is_read(
    registry_app, path, size, setting
):
    body = b"x" * (size + 1)
    answer = registry_app.client.post(path, content=body, headers=JSON)
    assert answer.status_code == 413
    assert _detail(answer) == (
        f"body: the request body is larger than {size // MiB:g} MiB ({size} bytes), the most "
        f"this route accepts (setting {setting})"
    )
    # up to the limit the route itself answers (here: the body is not valid JSON or not allowed)
    assert registry_app.client.post(path, content=b"x" * 100, headers=JSON).status_code != 413


def test_a_chunked_body_past_the_limit_is_refused(registry_app):
    def chunks():
        for _ in range(40):
            yield b"x" * 65_536  # 2.5 MiB in all, sent without a Content-Length

    answer = registry_app.client.put(
        "/api/v1/farms/100001", content=chunks(), headers=JSON | registry_app.as_("admin")
    )
    assert answer.request.headers["transfer-encoding"] == "chunked"
    assert answer.status_code == 413
    assert "VEEKOMPAS_MAX_BODY_BYTES" in _detail(answer)


def test_a_browser_form_past_the_limit_gets_a_dutch_page(registry_app):
    answer = registry_app.client.post(
        "/inloggen",
        content=b"username=" + b"x" * (2 * MiB),
        headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"},
    )
    assert answer.status_code == 413
    assert "Het verzoek is groter dan 1 MB" in answer.text


def test_the_upload_limit_follows_the_import_setting(url):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(Settings(database_url=url, import_max_bytes=MiB)))
    files = {"bestand": ("groot.csv", b"x" * (2 * MiB), "text/csv")}
    answer = client.post("/import", files=files, headers={"accept": "application/json"})
    assert answer.status_code == 413
    assert "VEEKOMPAS_IMPORT_MAX_BYTES" in _detail(answer)


def test_the_app_stops_receiving_once_a_chunked_body_passes_the_limit(url):
    """On the ASGI app itself: the body arrives in 64 KiB messages without a length; the app
    pulls only up to the limit (plus the one message that passes it) and answers 413."""
    app = create_app(Settings(database_url=url, max_scan_body_bytes=MiB))
    chunk, pulled, sent = b"x" * 65_536, [], []

    async def receive():
        pulled.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": len(pulled) < 2_000}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": SCAN,
        "raw_path": SCAN.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert sum(pulled) <= MiB + len(chunk)  # of the 125 MiB offered
    assert "VEEKOMPAS_MAX_SCAN_BODY_BYTES" in json.loads(sent[1]["body"])["detail"]


def test_a_live_server_answers_413_while_a_chunked_body_is_still_streaming(url):
    app = create_app(Settings(database_url=url, max_scan_body_bytes=256 * 1024))
    with serve(app) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                f"POST {SCAN} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n".encode()
            )
            chunk, sent, offered = b"x" * 65_536, 0, 64 * MiB
            try:
                while sent < offered and not select.select([sock], [], [], 0)[0]:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server closed the connection after its answer
            answer = sock.recv(65_536)
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < offered  # answered (and the connection closed) long before the body ended
