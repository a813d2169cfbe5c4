"""The farm page ``/bedrijven/{ubn}`` with its ``.json`` twin, and the refusals every registry
page shares (the list is :mod:`veekompas.web.farms.farm_list`).

Anonymous users are sent to the login page (the twins answer 401), ``publiek`` gets 403 and a farm
outside the user's reach is 404, as in the API: what a role may not see is neither shown nor
served. All reads go through :class:`veekompas.region.registry.RegistryService`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from veekompas.assess.registry_farm import farm_report
from veekompas.domain.users import User
from veekompas.errors import Forbidden
from veekompas.labels_nl import INTENT_LABELS, SECTOR_LABELS, SUCCESSOR_LABELS
from veekompas.region.registry import RegistryService
from veekompas.store.farms import NotFoundError
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
DB = DbSession
SUBSTANCE_LABELS = {"nh3": "Ammoniak (NH3)", "odour": "Geur", "pm10": "Fijnstof (PM10)"}
MESSAGES = {
    401: ("Inloggen nodig", "Log in om deze pagina te zien."),
    403: ("Geen toegang", "Uw rol geeft geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Dit bedrijf bestaat niet of valt buiten uw bereik."),
}


class PageRefusal(Exception):
    """A page the user may not see: status 401, 403 or 404."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(MESSAGES[status][1])


def page_user(request: Request) -> User:
    """The logged-in user of a registry page; anonymous -> 401, ``publiek`` -> 403."""
    user = request.state.user
    if user is None:
        raise PageRefusal(401)
    if user.role == "publiek":
        raise PageRefusal(403)
    return user


def refusal_page(request: Request, status: int) -> Response:
    """The login redirect (401) or a Dutch message page (403, 404)."""
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/inloggen?volgende={quote(target, safe='')}", status_code=303)
    title, text = MESSAGES[status]
    context = {"title": title, "text": text, "json_url": request.url.path + ".json"}
    return templates.TemplateResponse(request, "page_message.html", context, status_code=status)


def refusal_json(status: int) -> JSONResponse:
    return JSONResponse({"detail": MESSAGES[status][1]}, status_code=status)


def load_farm(registry: RegistryService, ubn: str) -> Any:
    try:
        return registry.get_farm(ubn)
    except NotFoundError:
        raise PageRefusal(404) from None
    except Forbidden:
        raise PageRefusal(403) from None


# -- farm page ---------------------------------------------------------------------------------
def farm_page_data(request: Request, session: Session, ubn: str) -> dict[str, Any]:
    registry = RegistryService(session, page_user(request))
    farm = load_farm(registry, ubn)
    return {
        "report": farm_report(farm),
        "history": registry.history(ubn),
        "may_edit": registry.may("update", "farm", ubn),
        "consents": registry.consents(ubn) if registry.may("read", "consent", ubn) else None,
    }


@router.get("/bedrijven/{ubn}.json")
def farm_json(request: Request, session: DB, ubn: str) -> JSONResponse:
    try:
        data = farm_page_data(request, session, ubn)
    except PageRefusal as refusal:
        return refusal_json(refusal.status)
    body = data["report"].model_dump(mode="json")
    body["history"] = [
        {"at": h["at"].isoformat(), "username": h["username"], "action": h["action"]}
        for h in data["history"]
    ]
    body["may_edit"] = data["may_edit"]
    if data["consents"] is not None:
        body["consents"] = [c.model_dump(mode="json") for c in data["consents"]]
    return JSONResponse(body)


ACTION_LABELS = {"create": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd"}
FIELD_LABELS = {
    "ubn": "UBN",
    "name": "naam",
    "kvk": "KvK",
    "municipality": "gemeente",
    "sector": "sector",
    "location": "ligging",
    "housings": "stallen",
    "animals": "dieren",
    "crops": "gewassen",
    "succession": "opvolging",
    "permitted_nh3_kg_per_year": "vergunde NH3",
    "version": "versie",
}


def changed_fields(entry: dict[str, Any]) -> list[str]:
    """Top-level fields that differ between an audit entry's before and after."""
    before, after = entry.get("before") or {}, entry.get("after") or {}
    return sorted(k for k in {*before, *after} if before.get(k) != after.get(k))


@router.get("/bedrijven/{ubn}", response_class=HTMLResponse)
def farm_page(request: Request, session: DB, ubn: str) -> Response:
    """Eén bedrijf: gegevens, emissies, omgevingsscan, omvang en arbeid, geschiedenis."""
    try:
        data = farm_page_data(request, session, ubn)
    except PageRefusal as refusal:
        return refusal_page(request, refusal.status)
    context = {
        **data,
        "farm": data["report"].farm,
        "substance_labels": SUBSTANCE_LABELS,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "successor_labels": SUCCESSOR_LABELS,
        "changed_fields": changed_fields,
        "action_labels": ACTION_LABELS,
        "field_labels": FIELD_LABELS,
        "saved": request.query_params.get("opgeslagen") == "1",
        "active": "bedrijven",
        "json_url": f"/bedrijven/{ubn}.json",
    }
    return templates.TemplateResponse(request, "farm.html", context)
