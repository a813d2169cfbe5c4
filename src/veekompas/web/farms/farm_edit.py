"""The edit form's routes ``/bedrijven/{ubn}/bewerken`` (and ``.json``): animals per category, the
barns' dierplaatsen, removing and adding a barn or animal group, and the succession fields, with
the version read in a hidden field; the form's data lives in ``web/farms/farm_form.py``. The farm's
municipality and location are shown read-only with the reason: only the gemeente or an admin
moves a farm (``RegistryService.update_farm`` refuses anyone else), and the form never reads
them, so a submitted ``municipality`` or ``location.*`` changes nothing.

A stale version (someone saved in between) answers 409 with a Dutch conflict message, keeps the
user's input and shows the current values. Bad input answers 422 with a message beside each field.

CSRF: besides the ``SameSite=Strict`` session cookie, the form carries the session's CSRF token,
checked with the request's origin by ``web/plumbing/csrf.py`` before this route runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from veekompas.assess.housing_choices import housing_choices
from veekompas.domain.registry import RegistryFarm
from veekompas.errors import Forbidden, InputError
from veekompas.labels_nl import INTENT_LABELS
from veekompas.reasons_nl import dutch_reason
from veekompas.region.registry import RegistryService
from veekompas.store.farms import ConflictError, NotFoundError
from veekompas.web.farms.farm_form import (
    SUCCESSORS,
    edited_farm,
    form_fields,
    form_values,
    location_fields,
    location_note,
    location_warning,
)
from veekompas.web.farms.farm_pages import (
    PageRefusal,
    load_farm,
    page_user,
    refusal_json,
    refusal_page,
)
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
DB = DbSession
CONFLICT = (
    "Het bedrijf is intussen gewijzigd door iemand anders. Uw invoer staat nog in het formulier; "
    "de huidige waarden staan erbij. Controleer ze en sla opnieuw op om ze te vervangen."
)


def _render(
    request: Request,
    farm: RegistryFarm,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    conflict: RegistryFarm | None = None,
) -> Response:
    context: dict[str, Any] = {
        "farm": farm,
        "values": values,
        "errors": errors,
        "conflict": CONFLICT if conflict else None,
        "current": form_values(conflict) if conflict else {},
        "successors": SUCCESSORS,
        "choices": housing_choices(),
        "intent_labels": INTENT_LABELS,
        "active": "bedrijven",
        "json_url": f"/bedrijven/{farm.ubn}/bewerken.json",
        "location_note": location_note(page_user(request).role).replace("{ubn}", farm.ubn),
        "location_warning": location_warning(farm),
    }
    return templates.TemplateResponse(request, "farm_edit.html", context, status_code=status)


def _editable(request: Request, session: Session, ubn: str) -> tuple[RegistryService, Any]:
    registry = RegistryService(session, page_user(request))
    farm = load_farm(registry, ubn)
    if not registry.may("update", "farm", ubn):
        raise PageRefusal(403)
    return registry, farm


@router.get("/bedrijven/{ubn}/bewerken.json")
def edit_form_json(request: Request, session: DB, ubn: str) -> Response:
    """The form's twin: fields with values and limits; save with the API's PUT (same checks)."""
    try:
        _, farm = _editable(request, session, ubn)
    except PageRefusal as refusal:
        return refusal_json(refusal.status)
    body = {
        "ubn": farm.ubn,
        "name": farm.name,
        "version": farm.version,
        "fields": form_fields(farm),
        "readonly_fields": location_fields(farm, page_user(request).role),
        "save": {"form": f"/bedrijven/{farm.ubn}/bewerken", "api": f"/api/v1/farms/{farm.ubn}"},
    }
    return JSONResponse(body)


@router.get("/bedrijven/{ubn}/bewerken", response_class=HTMLResponse)
def edit_form(request: Request, session: DB, ubn: str) -> Response:
    try:
        _, farm = _editable(request, session, ubn)
    except PageRefusal as refusal:
        return refusal_page(request, refusal.status)
    return _render(request, farm, form_values(farm), {})


@router.post("/bedrijven/{ubn}/bewerken", response_class=HTMLResponse)
async def save(request: Request, session: DB, ubn: str) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    # the database work in a worker thread: it must never block the event loop
    return await run_in_threadpool(_save, request, session, ubn, values)


def _barn_error(exc: InputError) -> dict[str, str]:
    """A barn's code or category refused on saving, shown at that barn's field in the form."""
    barn, _, _ = exc.field.rpartition(".")
    return {f"{barn}.dierplaatsen" if barn else exc.field: dutch_reason(exc.message)}


def _save(request: Request, session: Session, ubn: str, values: dict[str, str]) -> Response:
    try:
        registry, farm = _editable(request, session, ubn)
    except PageRefusal as refusal:
        return refusal_page(request, refusal.status)
    updated, errors = edited_farm(farm, values, dt.date.today())
    if updated is None:
        return _render(request, farm, values, errors, status=422)
    try:
        registry.update_farm(updated)
        session.commit()
    except ConflictError:
        session.rollback()
        values["version"] = str(farm.version)
        return _render(request, farm, values, {}, status=409, conflict=farm)
    except (Forbidden, NotFoundError):
        session.rollback()
        return refusal_page(request, 403)
    except InputError as exc:  # e.g. a stored barn whose code the NH3 table in force lacks
        session.rollback()
        return _render(request, farm, values, _barn_error(exc), status=422)
    return RedirectResponse(f"/bedrijven/{ubn}?opgeslagen=1", status_code=303)
