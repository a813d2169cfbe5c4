"""Login and logout pages (the web app's session cookie) and the user of every page request.

The middleware puts the logged-in user (or None) on ``request.state.user`` for pages, so the
menu shows only what the role may use; the routes themselves still check every access."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from veekompas.errors import TooManyRequests
from veekompas.store.users import UserRepository
from veekompas.web.accounts.auth import SESSION_COOKIE, check_login, start_session
from veekompas.web.accounts.login_limit import LoginsBusy
from veekompas.web.plumbing.deps import request_session
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
NOT_PAGES = ("/api/", "/static/", "/docs", "/openapi.json", "/redoc")


class PageUser:
    """ASGI middleware: ``request.state.user`` is the user of a valid session cookie, else None
    (pages only; the API checks its own credentials)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            user, cookie = None, request.cookies.get(SESSION_COOKIE)
            if cookie and not scope["path"].startswith(NOT_PAGES):
                # in a worker thread: a database call must never block the event loop
                user = await run_in_threadpool(_session_user, request, cookie)
            scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)


def _session_user(request: Request, cookie: str):  # type: ignore[no-untyped-def]
    with request.app.state.session_factory() as session:
        return UserRepository(session).user_for_token(cookie, "session")


def _safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect to another site)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _too_many(exc: TooManyRequests) -> str:
    if isinstance(exc, LoginsBusy):
        return "Er wordt nu te vaak tegelijk ingelogd. Probeer het over een paar seconden opnieuw."
    minutes = -(-exc.retry_after // 60)
    wait = "1 minuut" if minutes == 1 else f"{minutes} minuten"
    return f"Te veel mislukte pogingen om in te loggen. Probeer het over {wait} opnieuw."


@router.get("/inloggen.json")
def login_json(request: Request) -> dict[str, Any]:
    """The login page's twin: who is logged in (or null) and how to log in."""
    user = request.state.user
    return {
        "user": user.model_dump(mode="json") if user else None,
        "form": {"url": "/inloggen", "fields": ["username", "password", "volgende"]},
        "api": {"login": "/api/v1/auth/login", "me": "/api/v1/auth/me"},
    }


@router.get("/inloggen", response_class=HTMLResponse)
def login_form(request: Request, volgende: str | None = None) -> HTMLResponse:
    context = {
        "next": _safe_next(volgende),
        "error": None,
        "username": "",
        "json_url": "/inloggen.json",
    }
    return templates.TemplateResponse(request, "login.html", context)


@router.post("/inloggen", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    volgende: Annotated[str, Form(max_length=400)] = "/",
) -> Response:
    # the password check reads (no write lock held during argon2); the new session is one write
    with request.app.state.session_factory() as session:
        users = UserRepository(session)
        status, headers, error = 401, None, "Onbekende gebruikersnaam of verkeerd wachtwoord."
        try:
            user = (
                check_login(request, users, username, password) if username and password else None
            )
        except TooManyRequests as exc:
            user, status, headers = None, 429, {"Retry-After": str(exc.retry_after)}
            error = _too_many(exc)
    if user is None:
        context = {
            "next": _safe_next(volgende),
            "username": username,
            "json_url": "/inloggen.json",
            "error": error,
        }
        return templates.TemplateResponse(
            request, "login.html", context, status_code=status, headers=headers
        )
    response = RedirectResponse(_safe_next(volgende), status_code=303)
    with request_session(request) as session:
        start_session(request, response, UserRepository(session), user)
        session.commit()
    return response


@router.post("/uitloggen")
def logout(request: Request) -> Response:
    if cookie := request.cookies.get(SESSION_COOKIE):
        with request_session(request) as session:
            UserRepository(session).revoke_token(cookie)
            session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
