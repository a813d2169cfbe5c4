"""Counts of the farmers' plans, in the database (GROUP BY; SQLite and PostgreSQL): farms per
sector and voornemen (intent), and farms per planned stop year and sector. Nothing is loaded per
farm. The filters are those of :func:`veekompas.store.aggregates.municipality_aggregates`."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veekompas.store.aggregates import reach_conditions
from veekompas.store.models import INTENTS, SECTORS, FarmRow, SuccessionRow


def farms_per_sector_and_intent(
    session: Session,
    *,
    municipality: str | None = None,
    ubns: Collection[str] | None = None,
    municipalities: Collection[str] | None = None,
) -> dict[str, dict[str, int]]:
    """sector -> intent -> farms, every sector and intent present (0 when none); a farm without
    plans counts as ``onbekend``. ``municipalities`` limits the count to those (a region)."""
    intent = func.coalesce(SuccessionRow.intent, "onbekend")
    query = (
        select(FarmRow.sector, intent, func.count(FarmRow.id))
        .outerjoin(SuccessionRow, SuccessionRow.farm_id == FarmRow.id)
        .where(*reach_conditions(municipality, ubns, municipalities))
        .group_by(FarmRow.sector, intent)
    )
    table = {s: dict.fromkeys(INTENTS, 0) for s in SECTORS}
    for sector, farm_intent, farms in session.execute(query):
        table[sector][farm_intent] += int(farms)
    return table


def farms_per_stop_year(
    session: Session,
    *,
    municipality: str | None = None,
    ubns: Collection[str] | None = None,
    municipalities: Collection[str] | None = None,
) -> dict[int, dict[str, int]]:
    """planned stop year -> sector -> farms, for the farms with a planned stop year (any
    voornemen), years in order, every sector present."""
    year = SuccessionRow.planned_stop_year
    query = (
        select(year, FarmRow.sector, func.count(FarmRow.id))
        .join(SuccessionRow, SuccessionRow.farm_id == FarmRow.id)
        .where(year.is_not(None), *reach_conditions(municipality, ubns, municipalities))
        .group_by(year, FarmRow.sector)
    )
    table: dict[int, dict[str, int]] = {}
    for stop_year, sector, farms in session.execute(query):
        table.setdefault(int(stop_year), dict.fromkeys(SECTORS, 0))[sector] += int(farms)
    return dict(sorted(table.items()))
