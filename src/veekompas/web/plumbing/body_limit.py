"""Request body limits, per kind of route: a pure ASGI middleware.

A body larger than the route's limit is refused with 413 and one line,
``{"detail": "body: ..."}`` (a browser asking for a page gets the same line as a Dutch page):
at once when ``Content-Length`` says so, and as soon as a body sent without a length (chunked)
streams past the limit. Bytes are counted as the app receives them, nothing is buffered here,
and the rest of an over-size body is never read.

Limits (settings): an import upload ``VEEKOMPAS_IMPORT_MAX_BYTES`` plus the form around it, an
omgevingsscan (which carries its WAV and NNN maps) ``VEEKOMPAS_MAX_SCAN_BODY_BYTES``, any other
request (JSON API, forms) ``VEEKOMPAS_MAX_BODY_BYTES``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veekompas.settings import Settings

FORM_OVERHEAD = 64 * 1024  # bytes of a multipart form around an uploaded file
UPLOAD_PATHS = ("/import",)
SCAN_PATHS = ("/api/v1/environmental-scans",)


@dataclass(frozen=True)
class Limit:
    bytes: int
    setting: str


def route_limits(settings: Settings) -> Callable[[str], Limit]:
    """The body limit of a request path."""
    upload = Limit(settings.import_max_bytes + FORM_OVERHEAD, "VEEKOMPAS_IMPORT_MAX_BYTES")
    scan = Limit(settings.max_scan_body_bytes, "VEEKOMPAS_MAX_SCAN_BODY_BYTES")
    other = Limit(settings.max_body_bytes, "VEEKOMPAS_MAX_BODY_BYTES")

    def limit_for(path: str) -> Limit:
        if path in UPLOAD_PATHS:
            return upload
        if path.rstrip("/") in SCAN_PATHS:
            return scan
        return other

    return limit_for


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the body passes the limit; the middleware answers 413."""

    def __init__(self, limit: Limit) -> None:
        super().__init__(413, message(limit))


def message(limit: Limit) -> str:
    size = limit.bytes
    shown = f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size} bytes"
    return (
        f"body: the request body is larger than {shown} ({size} bytes), the most this route "
        f"accepts (setting {limit.setting})"
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _wants_page(scope: Scope) -> bool:
    path = scope.get("path", "")
    if path.startswith(("/api/", "/static/")) or path.endswith((".json", ".svg")):
        return False
    accept = next((v for n, v in scope.get("headers", []) if n == b"accept"), b"")
    return b"text/html" in accept


async def refuse(scope: Scope, receive: Receive, send: Send, limit: Limit) -> None:
    """Answer 413: JSON ``{"detail": ...}``, or a Dutch page for a browser."""
    if _wants_page(scope):
        from veekompas.web.plumbing.templating import templates

        size = f"{limit.bytes / 1024 / 1024:.1f}".removesuffix(".0").replace(".", ",")
        context = {
            "title": "Te groot",
            "text": f"Het verzoek is groter dan {size} MB, meer dan deze pagina aanneemt. "
            "Maak het bestand kleiner of splits het op, bijvoorbeeld per gemeente.",
            "json_url": "/kaart.json",
        }
        page = templates.TemplateResponse(
            Request(scope), "page_message.html", context, status_code=413
        )
        await page(scope, receive, send)
        return
    body = json.dumps({"detail": message(limit)}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuse request bodies past the route's limit (see the module's docstring)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], Limit]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit.bytes:
            await refuse(scope, receive, send, limit)
            return
        received = 0
        exceeded = started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit.bytes:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return msg

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # whatever the app answers, the answer is 413 (sent below)
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await refuse(scope, receive, send, limit)
