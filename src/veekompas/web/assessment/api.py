"""JSON API ``/api/v1``: farm assessments and norm tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from veekompas import norms
from veekompas.assess import Assessment, assess_farm
from veekompas.domain import Farm
from veekompas.norms.loader import norm_document, table_summaries
from veekompas.web.plumbing.errors import responses

router = APIRouter(prefix="/api/v1", tags=["api"])


ERRORS = responses(422)


class NormTableSummary(BaseModel):
    table: str
    version: str
    valid_from: str
    versions: list[str]
    title: str
    source_document: str
    table_or_annex: str
    publisher: str
    year: int
    sha256: str
    rows: int
    unverified_rows: int


@router.post("/farm-assessments", response_model=Assessment, responses=ERRORS)
def create_farm_assessment(
    farm: Farm,
    policy: str | None = Query(
        None, max_length=40, description="Beleidsprofiel: default, lochem, barneveld, ede"
    ),
) -> Assessment:
    """Assess every situation of a farm (same result as ``veekompas farm assess --json``)."""
    return assess_farm(farm, policy=policy)


@router.get("/norms", response_model=list[NormTableSummary])
def list_norms() -> list[NormTableSummary]:
    """All norm tables: newest version, source and the number of unverified rows."""
    return [NormTableSummary(**summary) for summary in table_summaries()]


@router.get("/norms/{name}", responses=ERRORS)
def get_norm_table(
    name: str,
    on: dt.date | None = Query(None, description="Date (YYYY-MM-DD); default the newest version"),
) -> dict[str, Any]:
    """One norm table: citation, columns with units, and rows (each with its source)."""
    return norm_document(norms.table(name, on=on))
