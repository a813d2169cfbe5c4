"""The farm list ``/bedrijven`` and the farm page ``/bedrijven/{ubn}``, each with a ``.json`` twin.

Anonymous users are sent to the login page (the twins answer 401), ``publiek`` gets 403 and a farm
outside the user's reach is 404, as in the API: what a role may not see is neither shown nor
served. All reads go through :class:`veekompas.region.registry.RegistryService`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from veekompas.assess.registry_farm import farm_report
from veekompas.domain.registry import SECTORS
from veekompas.domain.users import User
from veekompas.errors import Forbidden, InputError
from veekompas.region.registry import RegistryService
from veekompas.store.aggregates import municipality_names
from veekompas.store.farms import NotFoundError
from veekompas.store.models import INTENTS
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates
from veekompas.web.region.region_page import INTENT_LABELS, SECTOR_LABELS

router = APIRouter(include_in_schema=False)
DB = DbSession
PAGE_SIZE = 50
SORTS = {
    "ubn": "UBN (oplopend)",
    "-ubn": "UBN (aflopend)",
    "name": "Naam (A-Z)",
    "-name": "Naam (Z-A)",
    "municipality": "Gemeente (A-Z)",
    "-permitted_nh3_kg_per_year": "Vergunde NH3 (hoog-laag)",
    "permitted_nh3_kg_per_year": "Vergunde NH3 (laag-hoog)",
}
FILTERS = ("zoek", "gemeente", "sector", "intentie", "sorteer")
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


# -- farm list ---------------------------------------------------------------------------------
def _choice(field: str, value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise InputError(field, f"onbekende waarde {value!r}; kies uit: {', '.join(allowed)}")
    return value


def farm_list(request: Request, session: Session) -> dict[str, Any]:
    """The list's data: filters as given, one page of farms, the next cursor."""
    user = page_user(request)
    q = request.query_params
    registry = RegistryService(session, user)
    reach = registry.farm_reach
    names = municipality_names(
        session,
        municipality=None if reach.everything else reach.municipality,
        ubns=None if reach.everything or reach.municipality is not None else reach.ubns,
    )
    # free text is cut to the longest value it can match (a municipality has 100 characters)
    filters = {
        "zoek": q.get("zoek", "").strip()[:100],
        "gemeente": q.get("gemeente", "")[:100],
        "sector": q.get("sector", "")[:40],
        "intentie": q.get("intentie", "")[:40],
        "sorteer": q.get("sorteer", "")[:40] or "ubn",
    }
    chosen = {
        "municipality": _choice("gemeente", filters["gemeente"], names),
        "sector": _choice("sector", filters["sector"], SECTORS),
        "intent": _choice("intentie", filters["intentie"], INTENTS),
        "search": filters["zoek"] or None,
    }
    page = registry.list_farms(
        **chosen,
        sort=_choice("sorteer", filters["sorteer"], tuple(SORTS)) or "ubn",
        cursor=q.get("na", "")[:400] or None,
        limit=PAGE_SIZE,
    )
    kept = {k: v for k, v in filters.items() if v}
    next_url = (
        "/bedrijven?" + urlencode({**kept, "na": page.next_cursor}) if page.next_cursor else None
    )
    return {
        "filters": filters,
        "municipalities": names,
        "count": len(page.farms),
        "total": registry.count_farms(**chosen),
        "farms": page.farms,
        "next_cursor": page.next_cursor,
        "next_url": next_url,
        "first_url": "/bedrijven?" + urlencode(kept) if q.get("na") else None,
        "json_url": "/bedrijven.json" + (f"?{request.url.query}" if request.url.query else ""),
    }


@router.get("/bedrijven.json")
def farm_list_json(request: Request, session: DB) -> JSONResponse:
    try:
        data = farm_list(request, session)
    except PageRefusal as refusal:
        return refusal_json(refusal.status)
    except InputError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    body = {
        "filters": data["filters"],
        "count": data["count"],
        "total": data["total"],
        "next_cursor": data["next_cursor"],
        "items": [f.model_dump(mode="json") for f in data["farms"]],
    }
    return JSONResponse(body)


@router.get("/bedrijven", response_class=HTMLResponse)
def farm_list_page(request: Request, session: DB) -> Response:
    """Bedrijven die de gebruiker mag zien: zoeken, filteren, sorteren, per 50."""
    context: dict[str, Any] = {
        "sorts": SORTS,
        "sectors": SECTORS,
        "intents": INTENTS,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "error": None,
        "active": "bedrijven",
    }
    try:
        data = farm_list(request, session)
        # "count" stays the twin's key; in the template it would hide the count() helper
        context |= {k: v for k, v in data.items() if k != "count"}
        context["count_shown"] = data["count"]
        status = 200
    except PageRefusal as refusal:
        return refusal_page(request, refusal.status)
    except InputError as exc:
        filters = {k: request.query_params.get(k, "") for k in FILTERS}
        context |= {"error": exc, "filters": filters, "farms": [], "count_shown": 0, "total": 0}
        context |= {"next_url": None}
        context |= {"municipalities": [], "first_url": None, "json_url": "/bedrijven.json"}
        status = 422
    return templates.TemplateResponse(request, "farm_list.html", context, status_code=status)


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
        "changed_fields": changed_fields,
        "action_labels": ACTION_LABELS,
        "field_labels": FIELD_LABELS,
        "saved": request.query_params.get("opgeslagen") == "1",
        "active": "bedrijven",
        "json_url": f"/bedrijven/{ubn}.json",
    }
    return templates.TemplateResponse(request, "farm.html", context)
