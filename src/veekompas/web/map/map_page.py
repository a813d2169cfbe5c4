"""The region map ``/kaart`` (Leaflet) and its ``/kaart.json`` twin.

The page itself holds no farm data: its script fetches the GeoJSON of ``web/map/map_api.py``, whose
routes check the role. Anonymous and publiek users get the Natura 2000 layer only."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from veekompas.web.plumbing.templating import templates
from veekompas.web.region.region_choice import chosen_region

router = APIRouter(include_in_schema=False)

PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = (
    'Achtergrond: <a href="https://www.pdok.nl/">PDOK</a> BRT-Achtergrondkaart, © Kadaster'
)
UBN = re.compile(r"\d{1,10}")
SECTORS = {
    "vleeskalveren": ("Vleeskalveren", "#b2182b"),
    "melkvee": ("Melkvee", "#2166ac"),
    "varkens": ("Varkens", "#e08214"),
    "pluimvee": ("Pluimvee", "#7b3294"),
    "overig": ("Overig", "#636363"),
}
INTENTS = {
    "stopper": ("Stopper", "#d7301f"),
    "blijver": ("Blijver", "#1a9850"),
    "onbekend": ("Onbekend", "#878787"),
}


def _open_ubn(asked: str, user: Any) -> str | None:
    """The farm the map opens at: ``?ubn=`` (digits only; anything else is ignored), else a
    farmer's own farm. Whether the user may see it is the farm layer's answer."""
    if UBN.fullmatch(asked):
        return asked
    return user.farm_ubn if user.role == "boer" else None


def map_context(request: Request) -> dict[str, Any]:
    """What the page shows and where its script gets the data (also the ``.json`` twin)."""
    user = getattr(request.state, "user", None)
    settings = request.app.state.settings
    farms = user is not None and user.role != "publiek"
    asked = request.query_params.get("ubn", "")
    return {
        "user": None
        if user is None
        else {"username": user.username, "role": user.role, "municipality": user.municipality},
        "shows_farms": farms,
        "focus_municipality": user.municipality if farms and user.role == "gemeente" else None,
        "open_ubn": _open_ubn(asked, user) if farms else None,
        "basemap": {
            "name": settings.basemap,
            "tiles": PDOK_TILES if settings.basemap == "pdok" else None,
            "attribution": PDOK_ATTRIBUTION if settings.basemap == "pdok" else None,
        },
        "data": {
            "natura2000": "/api/v1/map/natura2000",
            "borders": "/api/v1/map/borders?regio="
            + chosen_region(request, request.query_params.get("regio")).slug,
            "farms": "/api/v1/map/farms" if farms else None,
            "deposition": "/api/v1/map/farms/{ubn}/deposition" if farms else None,
            "odour": "/api/v1/map/farms/{ubn}/odour" if farms else None,
            "farm_page": "/bedrijven/{ubn}",
            "search": "/api/v1/map/search" if farms else None,
        },
        "colours": {
            "sector": {k: {"label": v[0], "colour": v[1]} for k, v in SECTORS.items()},
            "intent": {k: {"label": v[0], "colour": v[1]} for k, v in INTENTS.items()},
        },
    }


@router.get("/kaart", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    context = map_context(request)
    return templates.TemplateResponse(
        request, "kaart.html", {"map": context, "json_url": "/kaart.json"}
    )


@router.get("/kaart.json")
def map_page_json(request: Request) -> JSONResponse:
    return JSONResponse(map_context(request))
