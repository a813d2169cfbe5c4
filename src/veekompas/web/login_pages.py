"""Login and logout pages (the web app's session cookie) and the user of every page request.

The middleware puts the logged-in user (or None) on ``request.state.user`` for pages, so the
menu shows only what the role may use; the routes themselves still check every access."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from veekompas.errors import TooManyRequests
from veekompas.store.users import UserRepository
from veekompas.web.auth import SESSION_COOKIE, check_login, start_session
from veekompas.web.login_limit import LoginsBusy
from veekompas.web.templating import templates

router = APIRouter(include_in_schema=False)
NOT_PAGES = ("/api/", "/static/", "/docs", "/openapi.json", "/redoc")


async def page_user_middleware(request: Request, call_next):  # type: ignore[no-untyped-def]
    """``request.state.user``: the user of a valid session cookie, else None (pages only)."""
    request.state.user = None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and not request.url.path.startswith(NOT_PAGES):
        with request.app.state.session_factory() as session:
            request.state.user = UserRepository(session).user_for_token(cookie, "session")
    return await call_next(request)


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
        start_session(request, response, users, user)
        session.commit()
    return response


@router.post("/uitloggen")
def logout(request: Request) -> Response:
    if cookie := request.cookies.get(SESSION_COOKIE):
        with request.app.state.session_factory() as session:
            UserRepository(session).revoke_token(cookie)
            session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
