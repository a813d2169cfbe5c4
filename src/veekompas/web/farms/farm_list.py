"""The farm list ``/bedrijven`` with its ``.json`` twin and its exports ``/bedrijven.csv`` and
``/bedrijven.xlsx``: the same filters (sector, age, successor, voornemen, stop year, buy-out
scheme, ...), the same columns (:mod:`veekompas.web.farms.list_columns`) and the same role rules
(all reads go through :class:`veekompas.region.registry.RegistryService`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from veekompas.domain.registry import SECTORS
from veekompas.errors import InputError
from veekompas.format_nl import number
from veekompas.labels_nl import INTENT_LABELS, SECTOR_LABELS, SUCCESSOR_LABELS
from veekompas.region.registry import RegistryService
from veekompas.store.aggregates import municipality_names
from veekompas.store.exchange.limits import LIST_EXPORT_MAX_FARMS
from veekompas.store.farms import NO_SCHEME, SuccessionFilter
from veekompas.store.models import INTENTS, SUCCESSOR
from veekompas.web.farms import list_columns
from veekompas.web.farms.farm_pages import PageRefusal, page_user, refusal_json, refusal_page
from veekompas.web.farms.list_columns import PAGE_COLUMNS
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
DB = DbSession
PAGE_SIZE = 50
EXPORT_BATCH = 1000
SORTS = {
    "ubn": "UBN (oplopend)",
    "-ubn": "UBN (aflopend)",
    "name": "Naam (A-Z)",
    "-name": "Naam (Z-A)",
    "municipality": "Gemeente (A-Z)",
    "-permitted_nh3_kg_per_year": "Vergunde NH3 (hoog-laag)",
    "permitted_nh3_kg_per_year": "Vergunde NH3 (laag-hoog)",
}
NO_SCHEME_CHOICE = "geen"
TEXT_FILTERS = ("zoek", "gemeente", "sector", "voornemen", "opvolger", "regeling", "sorteer")
YEAR_FILTERS = ("leeftijd_vanaf", "leeftijd_tot", "stopjaar_vanaf", "stopjaar_tot")
FILTERS = TEXT_FILTERS + YEAR_FILTERS
AGE_RANGE = (0, 120)
STOP_YEAR_RANGE = (1900, 2200)


def _choice(field: str, value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise InputError(field, f"onbekende waarde {value!r}; kies uit: {', '.join(allowed)}")
    return value


def _whole(field: str, value: str, bounds: tuple[int, int]) -> int | None:
    if not value:
        return None
    low, high = bounds
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise InputError(field, f"{value!r} is geen heel getal van {low} tot en met {high}")
    return int(value)


def read_filters(request: Request) -> dict[str, str]:
    """The list's filters as given (cut to the longest value they can match). ``intentie`` is
    the old name of ``voornemen`` and still read."""
    q = request.query_params
    filters = {k: q.get(k, "").strip()[:100] for k in FILTERS}
    filters["voornemen"] = filters["voornemen"] or q.get("intentie", "").strip()[:40]
    filters["sorteer"] = filters["sorteer"] or "ubn"
    return filters


class ListQuery:
    """The filters checked against the user's choices, as arguments of the registry's list."""

    def __init__(self, registry: RegistryService, filters: dict[str, str]) -> None:
        reach = registry.farm_reach
        self.municipalities = municipality_names(
            registry.session,
            municipality=None if reach.everything else reach.municipality,
            ubns=None if reach.everything or reach.municipality is not None else reach.ubns,
        )
        self.schemes = [*registry.buyout_schemes(), NO_SCHEME_CHOICE]
        self.year = registry.today.year
        f = filters
        scheme = _choice("regeling", f["regeling"], self.schemes)
        oldest = _whole("leeftijd_tot", f["leeftijd_tot"], AGE_RANGE)
        youngest = _whole("leeftijd_vanaf", f["leeftijd_vanaf"], AGE_RANGE)
        self.succession = SuccessionFilter(
            successor=_choice("opvolger", f["opvolger"], SUCCESSOR),
            born_from=None if oldest is None else self.year - oldest,
            born_until=None if youngest is None else self.year - youngest,
            stop_from=_whole("stopjaar_vanaf", f["stopjaar_vanaf"], STOP_YEAR_RANGE),
            stop_until=_whole("stopjaar_tot", f["stopjaar_tot"], STOP_YEAR_RANGE),
            buyout_scheme=NO_SCHEME if scheme == NO_SCHEME_CHOICE else scheme,
        )
        self.chosen: dict[str, Any] = {
            "municipality": _choice("gemeente", f["gemeente"], self.municipalities),
            "sector": _choice("sector", f["sector"], SECTORS),
            "intent": _choice("voornemen", f["voornemen"], INTENTS),
            "search": f["zoek"] or None,
            "succession": self.succession,
        }
        self.sort = _choice("sorteer", f["sorteer"], tuple(SORTS)) or "ubn"


def farm_list(request: Request, session: Session) -> dict[str, Any]:
    """The list's data: filters as given, one page of farms, the next cursor."""
    registry = RegistryService(session, page_user(request))
    filters = read_filters(request)
    query = ListQuery(registry, filters)
    page = registry.list_farms(
        **query.chosen,
        sort=query.sort,
        cursor=request.query_params.get("na", "")[:400] or None,
        limit=PAGE_SIZE,
    )
    kept = {k: v for k, v in filters.items() if v and not (k == "sorteer" and v == "ubn")}
    query_string = urlencode(kept)
    suffix = f"?{query_string}" if query_string else ""
    next_url = (
        "/bedrijven?" + urlencode({**kept, "na": page.next_cursor}) if page.next_cursor else None
    )
    return {
        "filters": filters,
        "municipalities": query.municipalities,
        "schemes": query.schemes,
        "year": query.year,
        "count": len(page.farms),
        "total": registry.count_farms(**query.chosen),
        "farms": page.farms,
        "next_cursor": page.next_cursor,
        "next_url": next_url,
        "first_url": "/bedrijven" + suffix if request.query_params.get("na") else None,
        "csv_url": "/bedrijven.csv" + suffix,
        "xlsx_url": "/bedrijven.xlsx" + suffix,
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
    year = data["year"]
    body = {
        "filters": data["filters"],
        "count": data["count"],
        "total": data["total"],
        "next_cursor": data["next_cursor"],
        "exports": {"csv": data["csv_url"], "xlsx": data["xlsx_url"]},
        "columns": {c.key: c.header for c in list_columns.COLUMNS},
        "items": [
            {**f.model_dump(mode="json"), "farmer_age": list_columns.age(f, year)}
            for f in data["farms"]
        ],
    }
    return JSONResponse(body)


@router.get("/bedrijven", response_class=HTMLResponse)
def farm_list_page(request: Request, session: DB) -> Response:
    """Bedrijven die de gebruiker mag zien: zoeken, filteren, sorteren, per 50; exporteren."""
    context: dict[str, Any] = {
        "sorts": SORTS,
        "sectors": SECTORS,
        "intents": INTENTS,
        "successors": SUCCESSOR,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "successor_labels": SUCCESSOR_LABELS,
        "columns": PAGE_COLUMNS,
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
        filters = {k: request.query_params.get(k, "")[:100] for k in FILTERS}
        context |= {"error": exc, "filters": filters, "farms": [], "count_shown": 0, "total": 0}
        context |= {"next_url": None, "csv_url": None, "xlsx_url": None, "year": 0}
        context |= {"municipalities": [], "schemes": [], "first_url": None}
        context["json_url"] = "/bedrijven.json"
        status = 422
    return templates.TemplateResponse(request, "farm_list.html", context, status_code=status)


# -- exports -----------------------------------------------------------------------------------
def _all_farms(registry: RegistryService, query: ListQuery) -> Iterator[Any]:
    """Every farm of the filtered list, page after page in the list's order (keyset)."""
    cursor = None
    while True:
        page = registry.list_farms(
            **query.chosen, sort=query.sort, cursor=cursor, limit=EXPORT_BATCH
        )
        yield from page.farms
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _export(request: Request, session: Session, kind: str) -> Response:
    try:
        registry = RegistryService(session, page_user(request))
        query = ListQuery(registry, read_filters(request))
    except PageRefusal as refusal:
        return refusal_page(request, refusal.status)
    except InputError as exc:
        return _message(request, "Export niet gemaakt", str(exc), 422)
    total = registry.count_farms(**query.chosen)
    if total > LIST_EXPORT_MAX_FARMS:
        text = (
            f"bedrijven: de selectie telt {number(total, 0)} bedrijven; een export bevat er ten "
            f"hoogste {number(LIST_EXPORT_MAX_FARMS, 0)}: filter verder, bijvoorbeeld per gemeente"
        )
        return _message(request, "Export te groot", text, 422)
    farms = list(_all_farms(registry, query))
    if kind == "csv":
        body, media = list_columns.to_csv(farms, query.year), "text/csv; charset=utf-8"
    else:
        body = list_columns.to_xlsx(farms, query.year)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="bedrijven.{kind}"'}
    return Response(body, media_type=media, headers=headers)


def _message(request: Request, title: str, text: str, status: int) -> Response:
    context = {"title": title, "text": text, "json_url": "/bedrijven.json"}
    return templates.TemplateResponse(request, "page_message.html", context, status_code=status)


@router.get("/bedrijven.csv")
def farm_list_csv(request: Request, session: DB) -> Response:
    """De gefilterde lijst als CSV (zelfde kolommen en rechten als de pagina)."""
    return _export(request, session, "csv")


@router.get("/bedrijven.xlsx")
def farm_list_xlsx(request: Request, session: DB) -> Response:
    """De gefilterde lijst als Excel-bestand (zelfde kolommen en rechten als de pagina)."""
    return _export(request, session, "xlsx")
