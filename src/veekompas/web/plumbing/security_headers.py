"""Security headers on every answer: a Content-Security-Policy without inline script or eval,
X-Content-Type-Options, Referrer-Policy and framing refused (frame-ancestors, X-Frame-Options).

The pages load scripts, styles and images only from the app itself (``/static``, vendored
libraries); the map's background tiles come from PDOK when ``VEEKOMPAS_BASEMAP=pdok``. Styles may
be inline: Leaflet, vega-embed and vega-tooltip set style attributes and add <style> elements.
The API documentation (``/docs``, ``/redoc``) is vendored too (web/plumbing/api_docs.py) and
runs under the same policy; only ReDoc's search runs in a web worker made from a ``blob:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veekompas.web.map.map_page import PDOK_TILES


def _policy(directives: dict[str, Iterable[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def page_policy(basemap: str) -> str:
    """The policy of every page, API answer and static file."""
    tiles = f"https://{urlsplit(PDOK_TILES).netloc}"
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", *([tiles] if basemap == "pdok" else [])],
            "connect-src": ["'self'"],
            "font-src": ["'self'"],
            "worker-src": ["'self'", "blob:"],  # ReDoc's search worker
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers to every HTTP answer that does not set them."""

    def __init__(self, app: ASGIApp, basemap: str = "pdok") -> None:
        self.app = app
        common = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
        }
        self.headers = {"Content-Security-Policy": page_policy(basemap), **common}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                for name, value in wanted.items():
                    if name not in headers:
                        headers[name] = value
                message["headers"] = headers.raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, basemap: str) -> None:
    app.add_middleware(SecurityHeaders, basemap=basemap)
