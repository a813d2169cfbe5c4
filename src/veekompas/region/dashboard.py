"""The region dashboard's figures: per municipality the farms, farms per sector and intent, animal
places per animal category and permitted NH3, for the region total as well.

Anonymous and ``publiek`` users get the open data (:mod:`veekompas.region.open_data`: disclosure
control applied, a hidden figure is ``None``); every other role gets the figures of the farms
within its reach, counted in the database (:func:`veekompas.store.aggregates`) without loading a
single farm. Those figures are not suppressed: the user may see each of those farms anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from veekompas.calc.group_disclosure import DEFAULT_GROUP_MIN_FARMS
from veekompas.domain.users import User
from veekompas.region.open_data import AreaFigures, open_data
from veekompas.region.registry import RegistryService
from veekompas.region.stops import StopsOverview
from veekompas.store.aggregates import MunicipalityAggregate, data_date, municipality_aggregates
from veekompas.store.models import INTENTS, SECTORS

Scope = Literal["open_data", "reach"]


class AreaRow(BaseModel):
    """Figures of one area; ``None`` is a suppressed (secret) open-data figure.

    ``farms`` [farms], ``animal_places`` [dierplaatsen] per ``Housing.animal_category``,
    ``permitted_nh3_kg_per_year`` [kg NH3/yr, whole kg]."""

    name: str
    level: Literal["regio", "gemeente"]
    farms: int | None
    farms_per_sector: dict[str, int | None]
    farms_per_intent: dict[str, int | None]
    animal_places: dict[str, int | None]
    permitted_nh3_kg_per_year: int | None


class Dashboard(BaseModel):
    scope: Scope = Field(description="open_data (suppressed) or reach (the user's own farms)")
    scope_text: str
    data_date: dt.date | None
    sectors: list[str]
    intents: list[str]
    categories: list[str] = Field(description="animal categories with places in any area")
    region: AreaRow
    municipalities: list[AreaRow]
    suppressed_cells: int = Field(description="number of secret figures (open data only)")
    rule: str | None = None
    stops: StopsOverview | None = Field(
        default=None, description="stoppers and blijvers per sector, planned stops per year"
    )


def _from_open(area: AreaFigures) -> AreaRow:
    return AreaRow(
        name="Regio (totaal)" if area.level == "regio" else area.name,
        level=area.level,
        farms=area.farms.value,
        farms_per_sector={k: c.value for k, c in area.farms_per_sector.items()},
        farms_per_intent={k: c.value for k, c in area.farms_per_intent.items()},
        animal_places={k: c.value for k, c in area.animal_places_per_category.items()},
        permitted_nh3_kg_per_year=area.permitted_nh3_kg_per_year.value,
    )


def _from_aggregate(agg: MunicipalityAggregate, categories: list[str]) -> AreaRow:
    return AreaRow(
        name=agg.municipality,
        level="gemeente",
        farms=agg.farms,
        farms_per_sector=dict(agg.farms_per_sector),
        farms_per_intent=dict(agg.farms_per_intent),
        animal_places={
            c: round(agg.animal_places[c].total) if c in agg.animal_places else 0
            for c in categories
        },
        permitted_nh3_kg_per_year=round(agg.permitted_nh3.total),
    )


def _total(rows: list[AreaRow], categories: list[str]) -> AreaRow:
    def add(values: list[int | None]) -> int:
        return sum(v or 0 for v in values)

    return AreaRow(
        name="Totaal",
        level="regio",
        farms=add([r.farms for r in rows]),
        farms_per_sector={s: add([r.farms_per_sector[s] for r in rows]) for s in SECTORS},
        farms_per_intent={i: add([r.farms_per_intent[i] for r in rows]) for i in INTENTS},
        animal_places={c: add([r.animal_places[c] for r in rows]) for c in categories},
        permitted_nh3_kg_per_year=add([r.permitted_nh3_kg_per_year for r in rows]),
    )


def _count_none(row: AreaRow) -> int:
    values = [
        row.farms,
        *row.farms_per_sector.values(),
        *row.farms_per_intent.values(),
        *row.animal_places.values(),
        row.permitted_nh3_kg_per_year,
    ]
    return sum(v is None for v in values)


def public_dashboard(
    session: Session, min_farms: int, group_min_farms: int = DEFAULT_GROUP_MIN_FARMS
) -> Dashboard:
    """The open data (disclosure control applied) as dashboard rows."""
    table = open_data(session, min_farms, group_min_farms)
    region = _from_open(table.region)
    rows = [_from_open(a) for a in table.municipalities]
    return Dashboard(
        scope="open_data",
        scope_text=(
            "Open data: geaggregeerde cijfers van alle bedrijven in het register. Een cijfer dat "
            f"op minder dan {min_farms} bedrijven rust, of waaruit zo'n cijfer af te leiden is, "
            f"is geheim; in een gemeente met minder dan {group_min_farms} bedrijven blijkt nooit "
            "dat alle bedrijven dezelfde sector of hetzelfde voornemen hebben."
        ),
        data_date=table.meta.data_date,
        sectors=list(SECTORS),
        intents=list(INTENTS),
        categories=sorted(region.animal_places),
        region=region,
        municipalities=rows,
        suppressed_cells=sum(_count_none(r) for r in [region, *rows]),
        rule=table.meta.rule.description,
    )


def reach_text(user: User) -> str:
    if user.role in ("admin", "regio"):
        return "Alle bedrijven in het register."
    if user.role == "gemeente":
        return f"De bedrijven in de gemeente {user.municipality}."
    if user.role == "boer":
        return "Uw eigen bedrijf."
    return "De bedrijven die u toestemming hebben gegeven."


def user_dashboard(session: Session, user: User) -> Dashboard:
    """The figures of the farms within ``user``'s reach (role other than ``publiek``)."""
    reach = RegistryService(session, user).farm_reach
    aggregates = municipality_aggregates(
        session,
        municipality=None if reach.everything else reach.municipality,
        ubns=None if reach.everything or reach.municipality is not None else reach.ubns,
    )
    categories = sorted({c for agg in aggregates for c in agg.animal_places})
    rows = [_from_aggregate(agg, categories) for agg in aggregates]
    return Dashboard(
        scope="reach",
        scope_text=reach_text(user),
        data_date=data_date(session),
        sectors=list(SECTORS),
        intents=list(INTENTS),
        categories=categories,
        region=_total(rows, categories),
        municipalities=rows,
        suppressed_cells=0,
    )


def dashboard(
    session: Session,
    user: User | None,
    min_farms: int,
    group_min_farms: int = DEFAULT_GROUP_MIN_FARMS,
) -> Dashboard:
    """Open data for anonymous and ``publiek`` users, the user's reach for the other roles."""
    if user is None or user.role == "publiek":
        return public_dashboard(session, min_farms, group_min_farms)
    return user_dashboard(session, user)
