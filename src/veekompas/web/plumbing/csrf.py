"""Cross-site request forgery (CSRF) protection of writes made with the session cookie.

A write (POST, PUT, PATCH, DELETE) that carries the session cookie must

1. come from this site: its ``Origin`` header (or, without one, its ``Referer``) names this
   host (the ``Host`` header, or ``X-Forwarded-Host`` from a proxy, which another site's page
   cannot set); a request with neither passes this step (browsers send Origin with every POST);
2. carry the session's CSRF token: header ``X-CSRF-Token`` (API calls from scripts), or the
   form field ``csrf_token`` (the pages' forms, which templates fill in with ``csrf_token()``).

The token is HMAC-SHA256 keyed with the session token itself (the cookie's value, 256 random
bits that only the browser holds: HttpOnly, stored server-side only as its sha256) over a fixed
label. So it needs no server secret and no storage, changes with every login, dies with the
session, and cannot be computed by another site, which can neither read the cookie nor the
pages. The login answer carries the new session's token in the ``X-CSRF-Token`` header; every
page carries it in ``<meta name="csrf-token">`` for page scripts that write with fetch.

Exempt: requests with ``Authorization: Bearer`` (no ambient credentials) and requests without
the session cookie (nothing to forge). The login itself (no session yet) needs no token but
is still refused from another site's origin. A refusal is 403 with one line: the Dutch
forbidden page for pages, ``{"detail": ...}`` for the API.
"""

from __future__ import annotations

import hashlib
import hmac
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veekompas.web.accounts.auth import SESSION_COOKIE
from veekompas.web.plumbing.deps import UNSAFE_METHODS
from veekompas.web.plumbing.templating import templates

HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
LOGIN_PATHS = frozenset({"/inloggen", "/api/v1/auth/login"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# A form body is read to find its token; larger ones (the import takes 20 MB) are refused.
MAX_FORM_BYTES = 24 * 1024 * 1024
_LABEL = b"veekompas csrf v1"


def token_for(session_token: str) -> str:
    """The CSRF token of a login session (hex HMAC-SHA256 keyed with the session token)."""
    return hmac.new(session_token.encode(), _LABEL, hashlib.sha256).hexdigest()


def request_token(request: Request) -> str:
    """The token for the forms of a page: that of the request's session cookie, else ''."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return token_for(cookie) if cookie else ""


templates.env.globals["csrf_token"] = request_token


def _has_bearer(request: Request) -> bool:
    """The same rule as ``auth._bearer``: such a request is authenticated by its token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def _foreign_source(request: Request) -> str | None:
    """The Origin (or Referer) of a request from another site; None when same-site or absent."""
    origin = request.headers.get("origin")
    source = origin if origin is not None else request.headers.get("referer")
    if source is None:
        return None
    forwarded = request.headers.get("x-forwarded-host", "").split(",")[0]
    hosts = {h.strip().lower() for h in (request.headers.get("host", ""), forwarded)} - {""}
    netloc = urlsplit(source).netloc.lower() if source != "null" else ""
    return None if netloc in hosts else source


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison (of bytes: a header or field may hold any character)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


class Refusal(Exception):
    """Why a request is refused: one line for the API (English) and for the pages (Dutch)."""

    def __init__(self, api: str, page: str, status: int = 403) -> None:
        super().__init__(api)
        self.api, self.page, self.status = api, page, status


async def _read_body(receive: Receive) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Refusal("body: the client went away", "De verbinding werd verbroken.")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise Refusal(
                f"body: a form may hold at most {MAX_FORM_BYTES // 2**20} MiB",
                f"Het formulier is groter dan {MAX_FORM_BYTES // 2**20} MB.",
                status=413,
            )
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the body read here, then the client's further messages."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _form_token(scope: Scope, body: bytes, receive: Receive) -> str:
    form_request = Request(scope, _replay(body, receive))
    try:
        form = await form_request.form()
    except Exception:  # a malformed form has no token; the route never sees it
        return ""
    try:
        value = form.get(FIELD)
        return value if isinstance(value, str) else ""
    finally:
        await form.close()


MISSING = Refusal(
    f"{HEADER}: missing or wrong; a write with the session cookie needs the token of the login "
    f"answer's {HEADER} header (or log in with a bearer token)",
    "Geweigerd: het formulier mist de controlecode van uw sessie, of de code klopt niet "
    "(bescherming tegen vervalste verzoeken). Laad de pagina opnieuw en probeer het nog eens.",
)


class CsrfProtection:
    """Pure ASGI middleware applying the rules of this module to every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            receive = await self._check(request, scope, receive)
        except Refusal as refusal:
            await _refusal_response(request, refusal)(scope, receive, send)
            return
        await self.app(scope, receive, _with_login_token(send))

    async def _check(self, request: Request, scope: Scope, receive: Receive) -> Receive:
        """The receive the app gets (the body replayed when read here); Refusal when refused."""
        if _has_bearer(request):
            return receive
        cookie = request.cookies.get(SESSION_COOKIE)
        login = scope["path"] in LOGIN_PATHS
        if not cookie and not login:
            return receive
        if (source := _foreign_source(request)) is not None:
            raise Refusal(
                f"Origin: {source} is another site; this site accepts writes with its login "
                "only from its own pages",
                "Geweigerd: dit verzoek kwam van een andere website dan veekompas.",
            )
        if login or not cookie:
            return receive
        expected = token_for(cookie)
        if _same(request.headers.get(HEADER, ""), expected):
            return receive
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in FORM_TYPES:
            raise MISSING
        body = await _read_body(receive)
        if not _same(await _form_token(scope, body, receive), expected):
            raise MISSING
        return _replay(body, receive)


def _refusal_response(request: Request, refusal: Refusal) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": refusal.api}, status_code=refusal.status)
    if refusal.status != 403:
        context = {"title": "Niet verwerkt", "text": refusal.page, "json_url": "/kaart.json"}
        template = "page_message.html"
    else:
        context = {"detail": refusal.page, "roles": (), "json_url": "/api/v1/auth/me"}
        template = "forbidden.html"
    return templates.TemplateResponse(request, template, context, status_code=refusal.status)


def _with_login_token(send: Send) -> Send:
    """An answer that starts a login session also carries that session's token (X-CSRF-Token)."""

    async def send_with_token(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message.get("headers", [])))
            if session := _new_session(headers.getlist("set-cookie")):
                headers[HEADER] = token_for(session)
                message["headers"] = headers.raw
        await send(message)

    return send_with_token


def _new_session(set_cookies: list[str]) -> str | None:
    for line in set_cookies:
        try:
            morsel = SimpleCookie(line).get(SESSION_COOKIE)
        except CookieError:
            continue
        if morsel is not None and morsel.value:
            return morsel.value
    return None


def install(app: FastAPI) -> None:
    app.add_middleware(CsrfProtection)
