"""Search on the region map ``/api/v1/map/search?q=``: a farm (UBN or name) or a place (a farm's
place name or its municipality), among the farms the user may see (the same reach as the farm
layer). Offline: places are the ones the visible farms name, with the centre and bounds of those
farms; no geocoder is asked."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from veekompas.format_nl import count
from veekompas.geo import rd_to_wgs84
from veekompas.region.registry import RegistryService
from veekompas.web.accounts.auth import Registry
from veekompas.web.plumbing.cache import cached
from veekompas.web.plumbing.errors import responses

router = APIRouter(prefix="/api/v1/map", tags=["kaart"])
MAX_QUERY = 60
MAX_RESULTS = 25
DECIMALS = 6
Kind = Literal["gemeente", "plaats", "bedrijf"]
KIND_ORDER = {"gemeente": 0, "plaats": 1, "bedrijf": 2}


class SearchResult(BaseModel):
    """One hit: a farm (``ubn``, its point) or a place (centre and ``bounds`` of its farms)."""

    kind: Kind
    label: str
    detail: str
    ubn: str | None = None
    lat: float
    lon: float
    bounds: list[list[float]] | None = None  # [[south, west], [north, east]]


class SearchAnswer(BaseModel):
    query: str
    count: int
    results: list[SearchResult]


@dataclass(frozen=True)
class _Entry:
    key: str  # the folded text matched against
    result: SearchResult


def fold(text: str) -> str:
    """Lower case without accents, so "Wageningen" matches "wagen" and "Zoë" matches "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _place(kind: Kind, name: str, detail: str, lon: np.ndarray, lat: np.ndarray) -> _Entry:
    south, north = round(float(lat.min()), DECIMALS), round(float(lat.max()), DECIMALS)
    west, east = round(float(lon.min()), DECIMALS), round(float(lon.max()), DECIMALS)
    result = SearchResult(
        kind=kind,
        label=name,
        detail=detail,
        lat=round(float(lat.mean()), DECIMALS),
        lon=round(float(lon.mean()), DECIMALS),
        bounds=[[south, west], [north, east]],
    )
    return _Entry(fold(name), result)


def search_index(registry: RegistryService) -> list[_Entry]:
    """Every farm, place and municipality the user may see, once (cached per registry version
    and view)."""
    farms = registry.farm_points()
    if not farms:
        return []
    x = np.array([f.x_rd for f in farms], dtype=float)
    y = np.array([f.y_rd for f in farms], dtype=float)
    lon, lat = rd_to_wgs84(x, y)
    entries = [
        _Entry(
            fold(f.name),
            SearchResult(
                kind="bedrijf",
                label=f.name,
                detail=f"UBN {f.ubn} · {f.place or f.municipality}",
                ubn=f.ubn,
                lat=round(float(lat[k]), DECIMALS),
                lon=round(float(lon[k]), DECIMALS),
            ),
        )
        for k, f in enumerate(farms)
    ]
    municipalities = np.array([f.municipality for f in farms], dtype=object)
    for name in sorted(set(municipalities)):
        hit = municipalities == name
        detail = f"gemeente · {count(int(hit.sum()), 'bedrijf', 'bedrijven')}"
        entries.append(_place("gemeente", name, detail, lon[hit], lat[hit]))
    places = np.array([(f.place or "").strip() for f in farms], dtype=object)
    for name in sorted(set(places) - {""}):
        hit = places == name
        where = sorted(set(municipalities[hit]))
        detail = f"plaats in {', '.join(where)} · {count(int(hit.sum()), 'bedrijf', 'bedrijven')}"
        entries.append(_place("plaats", name, detail, lon[hit], lat[hit]))
    return entries


def _rank(entry: _Entry, q: str) -> int | None:
    """0 exact, 1 prefix, 2 a word's prefix, 3 anywhere; None: no match. A farm's UBN matches
    from its start."""
    result = entry.result
    if result.ubn is not None and result.ubn.startswith(q):
        return 0 if result.ubn == q else 1
    if entry.key == q:
        return 0
    if entry.key.startswith(q):
        return 1
    if f" {q}" in entry.key or f"-{q}" in entry.key:
        return 2
    return 3 if q in entry.key else None


def search(index: list[_Entry], query: str, limit: int) -> list[SearchResult]:
    """The best ``limit`` hits of ``query``: by rank, then places before farms, then label."""
    q = fold(query)
    if not q:
        return []
    ranked = [
        (rank, KIND_ORDER[e.result.kind], e.key, e.result)
        for e in index
        if (rank := _rank(e, q)) is not None
    ]
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]


@router.get("/search", response_model=SearchAnswer, responses=responses(401, 403, 422))
def map_search(
    request: Request,
    registry: Registry,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="UBN, name, place")],
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 10,
) -> SearchAnswer:
    """Farms (UBN from its start, or name) and places (place or municipality names) among the
    farms the user may see, best first: exact, then prefix, then a word's start, then anywhere;
    places before farms. A place comes with the centre and bounds of its farms."""
    key = ("map-search", registry.view_key)
    index = cached(request, registry.session, key, lambda: search_index(registry))
    found = search(index, q, limit)
    return SearchAnswer(query=q, count=len(found), results=found)
