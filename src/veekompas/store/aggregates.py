"""Registry figures per municipality, counted in the database (GROUP BY; SQLite and PostgreSQL).

Each figure comes with the number of farms it rests on (``*_farms``), which disclosure control
needs: a sum of animal places or NH3 counts only the farms with a positive contribution, so a
sum over five farms of which four contribute 0 rests on one farm.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from veekompas.store.models import INTENTS, SECTORS, AuditRow, FarmRow, HousingRow, SuccessionRow


@dataclass(frozen=True)
class Sum:
    """A sum over farms and the number of farms with a positive contribution to it."""

    total: float
    farms: int


@dataclass
class MunicipalityAggregate:
    """Counts and sums of one municipality's farms in the registry.

    ``farms_per_sector`` and ``farms_per_intent`` [farms] hold every sector and intent (0 when
    none); ``animal_places`` maps ``Housing.animal_category`` to the sum of dierplaatsen
    [places]; ``permitted_nh3`` is the sum of permitted NH3 [kg/yr] (farms without a permit
    value do not count).
    """

    municipality: str
    farms: int = 0
    farms_per_sector: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTORS, 0))
    farms_per_intent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INTENTS, 0))
    animal_places: dict[str, Sum] = field(default_factory=dict)
    permitted_nh3: Sum = Sum(0.0, 0)


def reach_conditions(
    municipality: str | None,
    ubns: Collection[str] | None,
    municipalities: Collection[str] | None,
) -> list[Any]:
    """WHERE clauses on ``FarmRow`` for a user's reach (one municipality or some UBNs) and a
    region (``municipalities``); None = no limit."""
    found = []
    if municipality is not None:
        found.append(FarmRow.municipality == municipality)
    if ubns is not None:
        found.append(FarmRow.ubn.in_(list(ubns)))
    if municipalities is not None:
        found.append(FarmRow.municipality.in_(list(municipalities)))
    return found


def municipality_aggregates(
    session: Session,
    *,
    municipality: str | None = None,
    ubns: Collection[str] | None = None,
    municipalities: Collection[str] | None = None,
) -> list[MunicipalityAggregate]:
    """One record per municipality that has farms in the registry, ordered by name.

    ``municipality`` and ``ubns`` limit the counts to those farms (a user's reach; an empty
    ``ubns`` gives no records), ``municipalities`` to the farms in those (a region); the filter
    is a WHERE clause, so nothing is loaded per farm."""
    conditions = reach_conditions(municipality, ubns, municipalities)
    intent = func.coalesce(SuccessionRow.intent, "onbekend")
    nh3 = FarmRow.permitted_nh3_kg_per_year
    farm_query = (
        select(
            FarmRow.municipality,
            FarmRow.sector,
            intent,
            func.count(FarmRow.id),
            func.coalesce(func.sum(case((nh3 > 0, nh3))), 0.0),
            func.count(case((nh3 > 0, FarmRow.id))),
        )
        .outerjoin(SuccessionRow, SuccessionRow.farm_id == FarmRow.id)
        .where(*conditions)
        .group_by(FarmRow.municipality, FarmRow.sector, intent)
    )
    by_name: dict[str, MunicipalityAggregate] = {}
    nh3_parts: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for name, sector, farm_intent, farms, nh3_sum, nh3_farms in session.execute(farm_query):
        agg = by_name.setdefault(name, MunicipalityAggregate(name))
        agg.farms += farms
        agg.farms_per_sector[sector] += farms
        agg.farms_per_intent[farm_intent] += farms
        nh3_parts[name].append((float(nh3_sum), int(nh3_farms)))
    for name, parts in nh3_parts.items():
        by_name[name].permitted_nh3 = Sum(sum(p[0] for p in parts), sum(p[1] for p in parts))

    places = HousingRow.dierplaatsen
    housing_query = (
        select(
            FarmRow.municipality,
            HousingRow.animal_category,
            func.coalesce(func.sum(places), 0),
            func.count(distinct(case((places > 0, HousingRow.farm_id)))),
        )
        .join(FarmRow, FarmRow.id == HousingRow.farm_id)
        .where(*conditions)
        .group_by(FarmRow.municipality, HousingRow.animal_category)
    )
    for name, category, total, farms in session.execute(housing_query):
        by_name[name].animal_places[category] = Sum(float(total), int(farms))
    return [by_name[name] for name in sorted(by_name)]


def data_date(session: Session) -> dt.date | None:
    """Date of the last change to the registry's farms (last farm update or audited write);
    ``None`` for an empty registry that was never written."""
    stamps = [
        session.scalar(select(func.max(FarmRow.updated_at))),
        session.scalar(
            select(func.max(AuditRow.at)).where(
                AuditRow.entity == "farm", AuditRow.action != "create-refused"
            )
        ),
    ]
    dates = [s.date() if isinstance(s, dt.datetime) else s for s in stamps if s is not None]
    return max(dates) if dates else None


def municipality_names(
    session: Session, *, municipality: str | None = None, ubns: Collection[str] | None = None
) -> list[str]:
    """Names of the municipalities with farms (limited as in :func:`municipality_aggregates`)."""
    query = select(FarmRow.municipality).distinct().order_by(FarmRow.municipality)
    if municipality is not None:
        query = query.where(FarmRow.municipality == municipality)
    if ubns is not None:
        query = query.where(FarmRow.ubn.in_(list(ubns)))
    return list(session.scalars(query))
