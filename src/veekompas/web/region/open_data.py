"""Open data ``/api/v1/open``: public (no login) aggregated figures of the registry per
municipality and for the region, with disclosure control; JSON, or CSV with ``.csv`` or
``?format=csv``."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from veekompas.region.open_data import (
    OpenDataTable,
    OpenMunicipalities,
    OpenMunicipality,
    OpenRegion,
    UnknownMunicipality,
    to_csv,
)
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.errors import Problem
from veekompas.web.region.region_choice import chosen_region, open_table

router = APIRouter(prefix="/api/v1/open", tags=["open data"])

Format = Literal["json", "csv"]
MunicipalityName = Annotated[str, Path(max_length=100, description="municipality, any case")]
FORMAT = Query("json", description="json (default) or csv (standard CSV, comma-separated)")
CSV = {"text/csv": {"schema": {"type": "string"}}}
BAD_INPUT = {
    "model": Problem,
    "description": "Bad input: detail names the field and allowed values",
}
RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": CSV}, 422: BAD_INPUT}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **RESPONSES,
    404: {"model": Problem, "description": "No municipality of that name in the registry"},
}
CSV_ONLY: dict[str, Any] = {
    "response_class": Response,
    "responses": {200: {"content": CSV}, 422: BAD_INPUT},
}


REGION = Query(
    None,
    max_length=60,
    description=(
        "region slug (foodvalley, provincie-gelderland, ...; see /regio): the region's total and "
        "all its municipalities; without it the whole registry"
    ),
)


def _table(request: Request, session: Session) -> OpenDataTable:
    """The protected table (one for all regions, computed once per registry version), cut to
    the region of ``?regio=`` when given."""
    table = open_table(request, session)
    slug = request.query_params.get("regio")
    if slug is None:
        return table.model_copy(update={"regions": []})
    region = chosen_region(request, slug)
    return table.cut(region.name, region.municipality_names)


def _csv(table: OpenDataTable, areas: list, stem: str) -> Response:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem) or "open_data"
    headers = {"Content-Disposition": f'inline; filename="{stem}.csv"'}
    return Response(to_csv(table, areas), media_type="text/csv; charset=utf-8", headers=headers)


def _municipality(table: OpenDataTable, name: str):  # type: ignore[no-untyped-def]
    try:
        return table.municipality(name)
    except UnknownMunicipality as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@router.get("/region", response_model=OpenRegion, responses=RESPONSES)
def region(
    request: Request, session: DbSession, format: Format = FORMAT, regio: str | None = REGION
) -> Any:
    """Figures of the whole region (all farms in the registry)."""
    table = _table(request, session)
    if format == "csv":
        return _csv(table, [table.region], "regio")
    return OpenRegion(**table.meta.model_dump(), region=table.region)


@router.get("/region.csv", **CSV_ONLY)
def region_csv(request: Request, session: DbSession, regio: str | None = REGION) -> Response:
    """The region's figures as CSV (same as ``/region?format=csv``)."""
    table = _table(request, session)
    return _csv(table, [table.region], "regio")


@router.get("/municipalities", response_model=OpenMunicipalities, responses=RESPONSES)
def municipalities(
    request: Request, session: DbSession, format: Format = FORMAT, regio: str | None = REGION
) -> Any:
    """The region and every municipality with farms in the registry, in one protected table."""
    table = _table(request, session)
    if format == "csv":
        return _csv(table, [table.region, *table.municipalities], "gemeenten")
    return OpenMunicipalities(
        **table.meta.model_dump(), region=table.region, municipalities=table.municipalities
    )


@router.get("/municipalities.csv", **CSV_ONLY)
def municipalities_csv(
    request: Request, session: DbSession, regio: str | None = REGION
) -> Response:
    """The region and every municipality as CSV (same as ``/municipalities?format=csv``)."""
    table = _table(request, session)
    return _csv(table, [table.region, *table.municipalities], "gemeenten")


@router.get(
    "/municipalities/{name}.csv",
    response_class=Response,
    responses={200: {"content": CSV}, 404: NOT_FOUND[404], 422: BAD_INPUT},
)
def municipality_csv(
    request: Request, name: MunicipalityName, session: DbSession, regio: str | None = REGION
) -> Response:
    """One municipality as CSV (same as ``/municipalities/{name}?format=csv``)."""
    table = _table(request, session)
    area = _municipality(table, name)
    return _csv(table, [area], area.name)


@router.get("/municipalities/{name}", response_model=OpenMunicipality, responses=NOT_FOUND)
def municipality(
    request: Request,
    name: MunicipalityName,
    session: DbSession,
    format: Format = FORMAT,
    regio: str | None = REGION,
) -> Any:
    """One municipality (name case-insensitive), cut from the same protected table as
    ``/municipalities``; with fewer than the threshold of farms its count is hidden."""
    table = _table(request, session)
    area = _municipality(table, name)
    if format == "csv":
        return _csv(table, [area], area.name)
    return OpenMunicipality(**table.meta.model_dump(), municipality=area)
