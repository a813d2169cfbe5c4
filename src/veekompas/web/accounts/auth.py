"""Who is asking: a login session (cookie, for the web app) or a bearer token (for scripts).

Login sessions and tokens are stored only as their sha256 (``store.users``). The session cookie
is HttpOnly and SameSite=Strict, so other sites cannot send it along; writes made with it are
also checked for their origin and CSRF token (``web/plumbing/csrf.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from veekompas.domain.users import User
from veekompas.errors import NotAuthenticated
from veekompas.region.registry import RegistryService
from veekompas.store.users import UserRepository
from veekompas.web.accounts.login_limit import client_address, login_limiter
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.errors import responses

SESSION_COOKIE = "veekompas_sessie"

router = APIRouter(prefix="/api/v1/auth", tags=["inloggen"])


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_user(request: Request, session: DbSession) -> User | None:
    """The user of the bearer token or the session cookie; None when neither is given.

    A token or cookie that is given but not valid (unknown, expired) is refused with 401."""
    users = UserRepository(session)
    if token := _bearer(request):
        user = users.user_for_token(token, "api")
        if user is None:
            raise NotAuthenticated(
                "authorization: the bearer token is unknown, expired or withdrawn"
            )
        return user
    if cookie := request.cookies.get(SESSION_COOKIE):
        user = users.user_for_token(cookie, "session")
        if user is None:
            raise NotAuthenticated("login: the session has expired; log in again")
        return user
    return None


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """(async: no database work, so no worker thread is taken for it)"""
    if user is None:
        raise NotAuthenticated("login: log in, or send 'Authorization: Bearer <token>'")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def registry(user: CurrentUser, session: DbSession) -> RegistryService:
    """The registry service on behalf of the current user (roles enforced inside)."""
    return RegistryService(session, user)


Registry = Annotated[RegistryService, Depends(registry)]


def start_session(request: Request, response: Response, users: UserRepository, user: User) -> None:
    """A new login session for ``user``: stored as its sha256, sent as the session cookie."""
    settings = request.app.state.settings
    token = users.create_token(user.username, session_hours=settings.session_hours)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )


def check_login(
    request: Request, users: UserRepository, username: str, password: str
) -> User | None:
    """The user if the password is right, else None; under the login limits
    (:mod:`veekompas.web.accounts.login_limit`: raises TooManyRequests, without checking the
    password,
    after too many failures of this user or address, or when too many checks run at once)."""
    limiter = login_limiter(request.app)
    with limiter.attempt(username, client_address(request)) as attempt:
        user = users.authenticate(username, password)
    if user is not None:
        limiter.succeeded(attempt)
    return user


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


LOGIN_HEADERS = {
    "X-CSRF-Token": {
        "description": "The session's CSRF token: send it as header X-CSRF-Token with every "
        "write (POST, PUT, DELETE) made with the session cookie (web/plumbing/csrf.py)",
        "schema": {"type": "string"},
    }
}


@router.post(
    "/login",
    response_model=User,
    responses={200: {"headers": LOGIN_HEADERS}, **responses(401, 422, 429)},
)
def login(body: Login, request: Request, response: Response) -> User:
    """Log in: sets the session cookie ``veekompas_sessie`` and returns the user; header
    ``X-CSRF-Token`` holds the token that writes with this cookie must send. After too many
    failed logins of the user or from the address: 429 with Retry-After [s].

    Its own database session, used only once a password check may run: a login waiting for its
    turn holds no database connection."""
    with request.app.state.session_factory() as session:  # a read: no write lock during argon2
        user = check_login(request, UserRepository(session), body.username, body.password)
    if user is None:
        raise NotAuthenticated("login: unknown user or wrong password")
    with request.app.state.write_session_factory() as session:
        start_session(request, response, UserRepository(session), user)
        session.commit()
    return user


@router.post("/logout", status_code=204, responses=responses(422))
def logout(request: Request, session: DbSession) -> Response:
    """End the login session (the cookie stops working at once)."""
    if cookie := request.cookies.get(SESSION_COOKIE):
        UserRepository(session).revoke_token(cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/me", response_model=User, responses=responses(401))
def me(user: CurrentUser) -> User:
    """The logged-in user: role and scope (municipality or farm)."""
    return user
