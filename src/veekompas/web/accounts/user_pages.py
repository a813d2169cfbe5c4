"""``/gebruikers`` (admin only): the users with role and scope, and a form to add one.

Checks the page makes itself are in Dutch; the service's own checks
(``RegistryService.add_user`` -> ``UserRepository.add``) name the field, and their message is
shown beside that field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from veekompas.domain.users import ROLES, User
from veekompas.errors import InputError
from veekompas.region.registry import RegistryService
from veekompas.store.users import MIN_PASSWORD_LENGTH
from veekompas.web.plumbing.deps import request_session
from veekompas.web.plumbing.page_access import page_user
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
ADMIN = ("admin",)
FIELDS = ("username", "role", "municipality", "farm_ubn", "password", "password2")
# The service names the farm "farm"; the form's field is farm_ubn.
SERVICE_FIELDS = {"farm": "farm_ubn"}


def _users(request: Request, user: User) -> list[User]:
    with request.app.state.session_factory() as session:
        return RegistryService(session, user).users()


def _page(request: Request, user: User, status: int = 200, **context: Any) -> HTMLResponse:
    base = {
        "active": "gebruikers",
        "json_url": "/gebruikers.json",
        "users": _users(request, user),
        "roles": ROLES,
        "values": {},
        "errors": {},
        "added": None,
        "min_password": MIN_PASSWORD_LENGTH,
    }
    return templates.TemplateResponse(
        request, "users.html", {**base, **context}, status_code=status
    )


@router.get("/gebruikers", response_class=HTMLResponse)
def users_page(request: Request) -> Response:
    user = page_user(request, ADMIN)
    return user if isinstance(user, Response) else _page(request, user)


@router.get("/gebruikers.json")
def users_json(request: Request) -> Response:
    user = page_user(request, ADMIN)
    if isinstance(user, Response):
        return user
    return JSONResponse({"users": [u.model_dump() for u in _users(request, user)]})


def form_errors(values: dict[str, str]) -> dict[str, str]:
    """The page's own checks, in Dutch, per field."""
    errors: dict[str, str] = {}
    if not values["username"]:
        errors["username"] = "Vul een gebruikersnaam in."
    if values["role"] not in ROLES:
        errors["role"] = f"Kies een rol: {', '.join(ROLES)}."
    if values["role"] == "gemeente" and not values["municipality"]:
        errors["municipality"] = "Een gemeentegebruiker heeft een gemeente nodig."
    if values["role"] == "boer" and not values["farm_ubn"]:
        errors["farm_ubn"] = "Een boer heeft het UBN van zijn bedrijf nodig."
    if len(values["password"]) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Het wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens nodig."
    elif values["password"] != values["password2"]:
        errors["password2"] = "De twee wachtwoorden verschillen."
    return errors


@router.post("/gebruikers", response_class=HTMLResponse)
async def add_user(request: Request) -> Response:
    user = page_user(request, ADMIN)
    if isinstance(user, Response):
        return user
    form = await request.form(max_files=0, max_fields=10)
    values = {name: str(form.get(name, ""))[:200].strip() for name in FIELDS}
    values["password"] = str(form.get("password", ""))[:200]
    values["password2"] = str(form.get("password2", ""))[:200]
    shown = {k: v for k, v in values.items() if not k.startswith("password")}
    errors = form_errors(values)
    if errors:
        return _page(request, user, 422, values=shown, errors=errors)
    return await run_in_threadpool(_add, request, user, values, shown)


def _add(request: Request, user: User, values: dict[str, str], shown: dict[str, str]) -> Response:
    """Add the user (argon2 hashing and the database work: run in a worker thread)."""
    scope: dict[str, str | None] = {}
    if values["role"] == "gemeente":
        scope["municipality"] = values["municipality"]
    if values["role"] == "boer":
        scope["farm_ubn"] = values["farm_ubn"]
    with request_session(request) as session:
        try:
            added = RegistryService(session, user).add_user(
                values["username"], values["password"], values["role"], **scope
            )
        except InputError as exc:
            session.rollback()
            field = SERVICE_FIELDS.get(exc.field, exc.field)
            field = field if field in FIELDS else "username"
            return _page(request, user, 422, values=shown, errors={field: exc.message})
        session.commit()
    return _page(request, user, added=added)
