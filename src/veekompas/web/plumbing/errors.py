"""Error answers of the API: one JSON shape, ``{"detail": "<one line>"}``, per status code."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from veekompas.domain.farm import input_error_from_validation
from veekompas.errors import Forbidden, InputError, NotAuthenticated, TooManyRequests
from veekompas.reasons_nl import dutch_error, dutch_reason
from veekompas.store.db import is_busy, is_duplicate, is_write_conflict
from veekompas.store.farms import ConflictError, NotFoundError
from veekompas.web.plumbing.templating import templates

FIELD = re.compile(r"([\w.\[\]-]+): (.+)\Z", re.S)


class Problem(BaseModel):
    """What went wrong, in one line; for 422 it names the field and the allowed values."""

    detail: str


DESCRIPTIONS = {
    401: "Not logged in: no valid session cookie or bearer token",
    403: "Logged in, but the role may not do this",
    404: "Not found, or outside what the role may see",
    409: "Conflict: the farm changed since it was read (reload and retry), or exists already",
    422: "Bad input: detail names the field and the allowed values",
    429: "Too many failed logins (or logins at once): try again after Retry-After seconds",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the error answers a route can give."""
    return {code: {"model": Problem, "description": DESCRIPTIONS[code]} for code in codes}


def _answer(status: int, exc: Exception, headers: dict[str, str] | None = None) -> JSONResponse:
    """``{"detail": ...}``; bad input in the Dutch wording the CLI and pages use as well
    (reasons_nl.py), with the field path: ``housings[0].dierplaatsen: moet ten minste 0 zijn``."""
    text = str(exc.args[0] if exc.args else exc)
    message = dutch_error(exc) if isinstance(exc, InputError) else _dutch(text)
    return JSONResponse(status_code=status, content={"detail": message}, headers=headers)


def _dutch(text: str) -> str:
    """A detail in Dutch; ``field: reason`` keeps its field (e.g. a 404's ``ubn: no farm ...``)."""
    field = FIELD.match(text)
    return f"{field[1]}: {dutch_reason(field[2])}" if field else dutch_reason(text)


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if errors and errors[0].get("type") == "json_invalid":
        return _answer(422, InputError("body", "is not valid JSON"))
    error = input_error_from_validation(errors)
    if _wants_page(request):
        return _bad_input_page(request, dutch_error(error))
    return _answer(422, error)


def _model_error(_: Request, exc: Exception) -> JSONResponse:
    """A record built inside a route failed its own checks (e.g. a consent's period)."""
    assert isinstance(exc, ValidationError)
    return _answer(422, input_error_from_validation(list(exc.errors())))


def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI answers an unreadable body (e.g. not UTF-8) with 400; it is bad input like any
    other, so 422 with the field named."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        return _answer(422, InputError("body", "is not valid JSON (UTF-8)"))
    if exc.status_code == 404 and _wants_page(request):
        return _not_found_page(request)
    detail = _dutch(exc.detail) if isinstance(exc.detail, str) else exc.detail
    if exc.status_code == 422 and isinstance(detail, str) and _wants_page(request):
        return _bad_input_page(request, detail)
    return JSONResponse(
        status_code=exc.status_code, content={"detail": detail}, headers=exc.headers
    )


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, a .json twin or a static file)."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path.endswith((".json", ".svg")):
        return False
    return "text/html" in request.headers.get("accept", "")


def _not_found_page(request: Request) -> Response:
    context = {
        "title": "Pagina niet gevonden",
        "text": f"Er is geen pagina {request.url.path}. Kies een pagina in het menu.",
        "json_url": "/kaart.json",
    }
    return templates.TemplateResponse(request, "page_message.html", context, status_code=404)


def _bad_input_page(request: Request, detail: str) -> Response:
    """A browser's page address with a bad parameter (e.g. ``/regio?regio=x``): the same one
    line as the API's ``detail``, on a Dutch page, status 422."""
    context = {
        "title": "Ongeldige invoer",
        "text": f"Deze pagina kan niet worden getoond: {detail}",
        "json_url": "/kaart.json",
    }
    return templates.TemplateResponse(request, "page_message.html", context, status_code=422)


def _database_error(_: Request, exc: Exception) -> JSONResponse:
    """A lost race in the database is a conflict (409: reload and retry); a database too busy to
    take the write within its timeout is 503 with Retry-After. Anything else stays a 500."""
    if is_write_conflict(exc):
        message = "conflict: another write came first; reload and try again"
        return _answer(409, ConflictError(message))
    if is_duplicate(exc):
        return _answer(409, ConflictError("the record was created by someone else meanwhile"))
    if is_busy(exc):
        busy = "database: busy with another write; try again shortly"
        return _answer(503, RuntimeError(busy), {"Retry-After": "5"})
    raise exc


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(InputError, lambda _, e: _answer(422, e))
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _model_error)
    app.add_exception_handler(
        NotAuthenticated, lambda _, e: _answer(401, e, {"WWW-Authenticate": "Bearer"})
    )
    app.add_exception_handler(Forbidden, lambda _, e: _answer(403, e))
    app.add_exception_handler(NotFoundError, lambda _, e: _answer(404, e))
    app.add_exception_handler(ConflictError, lambda _, e: _answer(409, e))
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(
        TooManyRequests, lambda _, e: _answer(429, e, {"Retry-After": str(e.retry_after)})
    )
