"""The region dashboard's figures: per municipality the farms, farms per sector and intent, animal
places per animal category and permitted NH3, for the region total as well.

Anonymous and ``publiek`` users get the open data (:mod:`veekompas.region.open_data`: disclosure
control applied, a hidden figure is ``None``); every other role gets the figures of the farms
within its reach, counted in the database (:func:`veekompas.store.aggregates`) without loading a
single farm. Those figures are not suppressed: the user may see each of those farms anyway.

The figures are those of one region (``geodata.regions``): all its members are listed (0 without
farms); farms just outside it are its omgeving (``region.surroundings``), shown apart and never
in its totals, to the roles that may see farms (open data publishes only whole municipalities).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from veekompas.domain.users import User
from veekompas.format_nl import number
from veekompas.geodata.regions import Region
from veekompas.region.open_data import AreaFigures, OpenDataTable
from veekompas.region.registry import RegistryService
from veekompas.region.stops import StopsOverview
from veekompas.region.surroundings import registry_members, surrounding_ubns
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


class RegionChoice(BaseModel):
    slug: str
    name: str
    kind: str = Field(description="regio (packaged), provincie or eigen (the deployment's)")


class Surroundings(BaseModel):
    """Farms outside the region within ``distance_m`` of its outline, never in its totals.
    Open data shows none of them (see ``text``); other roles see those within reach."""

    distance_m: float
    text: str
    total: AreaRow | None
    municipalities: list[AreaRow]


class Dashboard(BaseModel):
    title: str = Field(description="the region's name (a gemeente user: his municipality)")
    region_slug: str | None = Field(description="the chosen region; None for a gemeente user")
    regions: list[RegionChoice] = Field(description="the regions to choose from (?regio=slug)")
    members: list[str] = Field(description="the region's municipalities (CBS 2024 names)")
    surroundings: Surroundings | None
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
        name="Totaal" if area.level == "regio" else area.name,
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


def _choices(regions: Sequence[Region]) -> list[RegionChoice]:
    return [RegionChoice(slug=r.slug, name=r.name, kind=r.kind) for r in regions]


def public_dashboard(
    table: OpenDataTable,
    region: Region,
    regions: Sequence[Region],
    surroundings_m: float,
) -> Dashboard:
    """The open data of ``region`` (cut from ``table``, disclosure control applied)."""
    cut = table.cut(region.name, region.municipality_names)
    rule = cut.meta.rule
    total = _from_open(cut.region)
    rows = [_from_open(a) for a in cut.municipalities]
    return Dashboard(
        title=region.name,
        region_slug=region.slug,
        regions=_choices(regions),
        members=list(region.municipality_names),
        surroundings=Surroundings(
            distance_m=surroundings_m,
            text=(
                "De omgeving telt niet mee in de open data: alleen gebieden die uit hele "
                "gemeenten bestaan worden gepubliceerd, zodat geen geheim cijfer af te leiden "
                "is. Log in voor de bedrijven in de omgeving waar u toegang toe heeft."
            ),
            total=None,
            municipalities=[],
        ),
        scope="open_data",
        scope_text=(
            f"Open data: geaggregeerde cijfers van de bedrijven in {region.name}. Een cijfer dat "
            f"op minder dan {rule.min_farms} bedrijven rust, of waaruit zo'n cijfer af te leiden "
            f"is, is geheim; in een gemeente met minder dan {rule.group_min_farms} bedrijven "
            "blijkt nooit dat alle bedrijven dezelfde sector of hetzelfde voornemen hebben."
        ),
        data_date=cut.meta.data_date,
        sectors=list(SECTORS),
        intents=list(INTENTS),
        categories=sorted(total.animal_places),
        region=total,
        municipalities=rows,
        suppressed_cells=sum(_count_none(r) for r in [total, *rows]),
        rule=rule.description,
    )


def reach_text(user: User) -> str:
    if user.role in ("admin", "regio"):
        return "Alle bedrijven in het register."
    if user.role == "gemeente":
        return f"De bedrijven in de gemeente {user.municipality}."
    if user.role == "boer":
        return "Uw eigen bedrijf."
    return "De bedrijven die u toestemming hebben gegeven."


def _zero_row(name: str, categories: list[str]) -> AreaRow:
    return _from_aggregate(MunicipalityAggregate(name), categories)


def user_dashboard(
    session: Session,
    user: User,
    region: Region,
    regions: Sequence[Region],
    surroundings_m: float,
) -> Dashboard:
    """The figures of the farms within ``user``'s reach (role other than ``publiek``) in
    ``region``, every member listed; the omgeving apart. A gemeente user sees his municipality."""
    reach = RegistryService(session, user).farm_reach
    ubns = None if reach.everything or reach.municipality is not None else reach.ubns
    if reach.municipality is not None:
        aggregates = municipality_aggregates(session, municipality=reach.municipality)
        members = [reach.municipality]
    else:
        aggregates = municipality_aggregates(
            session, ubns=ubns, municipalities=registry_members(session, region)
        )
        members = list(region.municipality_names)
    near = None
    if reach.municipality is None:
        near_ubns = surrounding_ubns(session, region, surroundings_m, ubns)
        near = municipality_aggregates(session, ubns=near_ubns)
    categories = sorted({c for agg in [*aggregates, *(near or [])] for c in agg.animal_places})
    rows = [_from_aggregate(agg, categories) for agg in aggregates]
    present = {r.name.casefold() for r in rows}
    rows += [_zero_row(m, categories) for m in members if m.casefold() not in present]
    rows.sort(key=lambda r: r.name.casefold())
    surroundings = None
    if near is not None:
        near_rows = [_from_aggregate(agg, categories) for agg in near]
        surroundings = Surroundings(
            distance_m=surroundings_m,
            text=(
                f"Bedrijven buiten {region.name} binnen {number(surroundings_m / 1000, 1)} km "
                "van de regiogrens, per gemeente; ze tellen niet mee in de cijfers van de regio."
            ),
            total=_total(near_rows, categories),
            municipalities=near_rows,
        )
    gemeente = reach.municipality
    return Dashboard(
        title=f"Gemeente {gemeente}" if gemeente else region.name,
        region_slug=None if gemeente else region.slug,
        regions=[] if gemeente else _choices(regions),
        members=members,
        surroundings=surroundings,
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
