"""Open data: the registry's figures per municipality and for the region, with disclosure control.

One table is built and protected as a whole (rows: the region total and every municipality;
columns: farms, farms per sector, farms per intent, animal places per animal category, permitted
NH3), so every route shows the same cells hidden and no two answers can be combined to undo a
suppression. A hidden cell is ``null`` with ``suppressed: true``; whether it was hidden by the
threshold or to protect another cell is not said (that would tell a reader it rests on 1 to
``min_farms - 1`` farms), as in tau-ARGUS's published output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from veekompas.calc.disclosure import (
    DEFAULT_MIN_FARMS,
    Relation,
    breakdown_relations,
    check_min_farms,
    determined_cells,
    relation_matrix,
    suppress,
    total_relations,
)
from veekompas.calc.group_disclosure import (
    DEFAULT_GROUP_MIN_FARMS,
    Distribution,
    check_group_min_farms,
)
from veekompas.csv_cells import quote_cell
from veekompas.errors import unknown_value_message
from veekompas.geodata.regions import Region
from veekompas.store.aggregates import MunicipalityAggregate, data_date, municipality_aggregates
from veekompas.store.models import INTENTS, SECTORS

REGION_NAME = "regio"
NOTICE = (
    "Geaggregeerde cijfers uit het bedrijvenregister, per gemeente en voor de regio (alle "
    "bedrijven in het register); er staan geen gegevens van afzonderlijke bedrijven in."
)


def rule_text(min_farms: int, group_min_farms: int = DEFAULT_GROUP_MIN_FARMS) -> str:
    return (
        f"Drempelregel: een cijfer dat op minder dan {min_farms} bedrijven rust (maar niet op 0) "
        "is geheim (null); ook cijfers waaruit een geheim cijfer via de totalen (gemeenten tellen "
        "op tot de regio, sectoren en voornemens tot het aantal bedrijven) af te leiden is, zijn "
        "geheim. Een cijfer dat op 0 bedrijven rust is niet geheim, behalve in een gebied met "
        f"minder dan {group_min_farms} bedrijven: daar blijkt uit de gepubliceerde cijfers nooit "
        "dat alle bedrijven in dezelfde sector of met hetzelfde voornemen zijn (groepsonthulling)."
    )


class Cell(BaseModel):
    """A published figure; ``value`` is null when ``suppressed``."""

    value: int | None
    suppressed: bool


class AreaFigures(BaseModel):
    """Figures of one area: counts [farms], animal places [dierplaatsen] per
    ``Housing.animal_category``, permitted NH3 [kg/yr, rounded to whole kg]."""

    name: str
    level: Literal["regio", "gemeente"]
    farms: Cell
    farms_per_sector: dict[str, Cell]
    farms_per_intent: dict[str, Cell]
    animal_places_per_category: dict[str, Cell]
    permitted_nh3_kg_per_year: Cell


class DisclosureRule(BaseModel):
    min_farms: int = Field(description="Threshold [farms]: cells on 1 to min_farms - 1 are hidden")
    group_min_farms: int = Field(
        description=(
            "Group threshold [farms]: in an area on 1 to group_min_farms - 1 farms no published "
            "figure shows all farms in one sector or one intent"
        )
    )
    description: str


class OpenDataMeta(BaseModel):
    data_date: dt.date | None = Field(description="Date of the last change to the registry")
    aggregated: Literal[True] = True
    notice: str
    rule: DisclosureRule


class OpenRegion(OpenDataMeta):
    region: AreaFigures


class OpenMunicipalities(OpenDataMeta):
    region: AreaFigures
    municipalities: list[AreaFigures]


class OpenMunicipality(OpenDataMeta):
    municipality: AreaFigures


class UnknownMunicipality(LookupError):
    """No municipality of that name has farms in the registry (one-line message)."""


@dataclass(frozen=True)
class Column:
    key: str  # csv name (Dutch)
    group: str  # farms | sector | intent | places | nh3
    item: str  # sector, intent or animal category; "" for farms and nh3


def table_columns(aggregates: list[MunicipalityAggregate]) -> list[Column]:
    categories = sorted({c for agg in aggregates for c in agg.animal_places})
    return [
        Column("bedrijven", "farms", ""),
        *(Column(f"bedrijven_{s}", "sector", s) for s in SECTORS),
        *(Column(f"voornemen_{i}", "intent", i) for i in INTENTS),
        *(Column(f"dierplaatsen_{c}", "places", c) for c in categories),
        Column("nh3_vergund_kg_per_jaar", "nh3", ""),
    ]


def _figures(agg: MunicipalityAggregate, columns: list[Column]) -> tuple[list[float], list[int]]:
    values: list[float] = []
    farms: list[int] = []
    for col in columns:
        if col.group == "farms":
            value, on = float(agg.farms), agg.farms
        elif col.group == "sector":
            value, on = float(agg.farms_per_sector[col.item]), agg.farms_per_sector[col.item]
        elif col.group == "intent":
            value, on = float(agg.farms_per_intent[col.item]), agg.farms_per_intent[col.item]
        elif col.group == "places":
            part = agg.animal_places.get(col.item)
            value, on = (part.total, part.farms) if part else (0.0, 0)
        else:
            value, on = agg.permitted_nh3.total, agg.permitted_nh3.farms
        values.append(value)
        farms.append(on)
    return values, farms


def table_relations(n_rows: int, columns: list[Column]) -> list[Relation]:
    """Row 0 is the region, rows 1.. the municipalities: municipalities sum to the region in
    every column; in every row the sectors and the intents each sum to the farms."""
    farms = next(i for i, c in enumerate(columns) if c.group == "farms")
    sectors = [i for i, c in enumerate(columns) if c.group == "sector"]
    intents = [i for i, c in enumerate(columns) if c.group == "intent"]
    rows = range(n_rows)
    municipalities = range(1, n_rows)
    return [
        *(total_relations(0, municipalities, range(len(columns))) if municipalities else []),
        *breakdown_relations(rows, farms, sectors),
        *breakdown_relations(rows, farms, intents),
    ]


def table_distributions(columns: list[Column]) -> list[Distribution]:
    """Farms per sector and farms per intent: the class counts protected against group
    disclosure."""
    farms = next(i for i, c in enumerate(columns) if c.group == "farms")
    return [
        Distribution(farms, tuple(i for i, c in enumerate(columns) if c.group == group))
        for group in ("sector", "intent")
    ]


class OpenDataTable(BaseModel):
    """The protected table: meta, the whole registry (``region``), every region of
    ``regions`` (a named set of municipalities) and every municipality with farms."""

    meta: OpenDataMeta
    region: AreaFigures
    municipalities: list[AreaFigures]
    columns: list[str]
    regions: list[AreaFigures] = []

    def cut(self, name: str, members: Sequence[str]) -> OpenDataTable:
        """The table of one region: its total and all its ``members`` (names as in the
        registry, case-insensitive), a member without farms with zeros. Same cells hidden."""
        total = next((r for r in self.regions if r.name == name), None)
        by_name = {a.name.casefold(): a for a in self.municipalities}
        rows = [by_name.get(m.casefold()) or self._zero(m) for m in members]
        return self.model_copy(
            update={
                "region": total or self._zero(name, "regio"),
                "municipalities": sorted(rows, key=lambda a: a.name.casefold()),
                "regions": [],
            }
        )

    def _zero(self, name: str, level: str = "gemeente") -> AreaFigures:
        """An area without farms: every figure 0 (a 0 rests on no farm and is published)."""
        zero = Cell(value=0, suppressed=False)
        like = self.region
        return AreaFigures(
            name=name,
            level=level,  # type: ignore[arg-type]
            farms=zero,
            farms_per_sector=dict.fromkeys(like.farms_per_sector, zero),
            farms_per_intent=dict.fromkeys(like.farms_per_intent, zero),
            animal_places_per_category=dict.fromkeys(like.animal_places_per_category, zero),
            permitted_nh3_kg_per_year=zero,
        )

    def municipality(self, name: str) -> AreaFigures:
        """The municipality called ``name`` (case-insensitive) or :class:`UnknownMunicipality`."""
        for area in self.municipalities:
            if area.name.casefold() == name.strip().casefold():
                return area
        names = [a.name for a in self.municipalities]
        raise UnknownMunicipality(
            "municipality: " + unknown_value_message("municipality", name, names)
        )


def _cell(value: float, hidden: bool) -> Cell:
    return Cell(value=None if hidden else round(value), suppressed=bool(hidden))


def _area(
    name: str, level: str, columns: list[Column], values: np.ndarray, hidden: np.ndarray
) -> AreaFigures:
    by_group: dict[str, dict[str, Cell]] = {"sector": {}, "intent": {}, "places": {}}
    single: dict[str, Cell] = {}
    for col, value, hide in zip(columns, values, hidden, strict=True):
        cell = _cell(float(value), bool(hide))
        if col.group in by_group:
            by_group[col.group][col.item] = cell
        else:
            single[col.group] = cell
    return AreaFigures(
        name=name,
        level=level,  # type: ignore[arg-type]
        farms=single["farms"],
        farms_per_sector=by_group["sector"],
        farms_per_intent=by_group["intent"],
        animal_places_per_category=by_group["places"],
        permitted_nh3_kg_per_year=single["nh3"],
    )


def protect(
    aggregates: list[MunicipalityAggregate],
    min_farms: int = DEFAULT_MIN_FARMS,
    as_of: dt.date | None = None,
    group_min_farms: int = DEFAULT_GROUP_MIN_FARMS,
    regions: Sequence[tuple[str, Sequence[str]]] = (),
) -> OpenDataTable:
    """Build the table (whole registry and every municipality of ``aggregates``), suppress
    what must be, and add the ``regions`` as (name, member names).

    A region's figure is published only when it follows from the published figures (all its
    members' figures shown, or the whole registry's minus the other municipalities'): regions
    add no information to the table, so no two regions' figures can be combined to undo a
    suppression, and the municipalities' figures are the same for every region."""
    min_farms = check_min_farms(min_farms)
    group_min_farms = check_group_min_farms(group_min_farms)
    columns = table_columns(aggregates)
    figures = [_figures(agg, columns) for agg in aggregates]
    muni_values = np.array([f[0] for f in figures], dtype=float).reshape(-1, len(columns))
    muni_farms = np.array([f[1] for f in figures], dtype=int).reshape(-1, len(columns))
    values = np.vstack([muni_values.sum(axis=0), muni_values])
    contributors = np.vstack([muni_farms.sum(axis=0), muni_farms])
    priority = np.zeros(values.shape)
    priority[0] = 1.0  # the region's figures are the last to hide
    relations = table_relations(values.shape[0], columns)
    hidden = suppress(
        values,
        contributors,
        relations,
        min_farms,
        priority,
        table_distributions(columns),
        group_min_farms,
    ).suppressed
    region_values, region_hidden = _region_rows(aggregates, columns, values, hidden, regions)
    meta = OpenDataMeta(
        data_date=as_of,
        notice=NOTICE,
        rule=DisclosureRule(
            min_farms=min_farms,
            group_min_farms=group_min_farms,
            description=rule_text(min_farms, group_min_farms),
        ),
    )
    return OpenDataTable(
        meta=meta,
        region=_area(REGION_NAME, "regio", columns, values[0], hidden[0]),
        regions=[
            _area(name, "regio", columns, region_values[k], region_hidden[k])
            for k, (name, _) in enumerate(regions)
        ],
        municipalities=[
            _area(agg.municipality, "gemeente", columns, values[i + 1], hidden[i + 1])
            for i, agg in enumerate(aggregates)
        ],
        columns=[c.key for c in columns],
    )


def _region_rows(
    aggregates: list[MunicipalityAggregate],
    columns: list[Column],
    values: np.ndarray,
    hidden: np.ndarray,
    regions: Sequence[tuple[str, Sequence[str]]],
) -> tuple[np.ndarray, np.ndarray]:
    """Each region's figures (sums of its members' rows) and which of them to hide: those not
    determined by the published cells of the protected table (exact linear audit)."""
    n_cols = len(columns)
    if not regions:
        return np.zeros((0, n_cols)), np.zeros((0, n_cols), dtype=bool)
    row_of = {agg.municipality.casefold(): 1 + i for i, agg in enumerate(aggregates)}
    members = [
        sorted({row_of[m.casefold()] for m in ms if m.casefold() in row_of}) for _, ms in regions
    ]
    first = values.shape[0]
    region_values = np.array([values[m].sum(axis=0) for m in members]).reshape(-1, n_cols)
    all_values = np.vstack([values, region_values])
    base = table_relations(values.shape[0], columns)
    farms = next(i for i, c in enumerate(columns) if c.group == "farms")
    region_rows = range(first, first + len(regions))
    extra = [
        *(
            relation
            for k, m in enumerate(members)
            if m
            for relation in total_relations(first + k, m, range(n_cols))
        ),
        *breakdown_relations(
            region_rows, farms, [i for i, c in enumerate(columns) if c.group == "sector"]
        ),
        *breakdown_relations(
            region_rows, farms, [i for i, c in enumerate(columns) if c.group == "intent"]
        ),
    ]
    matrix = relation_matrix([*base, *extra], all_values.shape)
    unknown = np.vstack([hidden, np.ones(region_values.shape, dtype=bool)])
    known = determined_cells(matrix, unknown.ravel()).reshape(all_values.shape)[first:]
    known[[not m for m in members]] = True  # no farms: every figure 0
    return region_values, ~known


def open_data(
    session: Session,
    min_farms: int = DEFAULT_MIN_FARMS,
    group_min_farms: int = DEFAULT_GROUP_MIN_FARMS,
    regions: Sequence[Region] = (),
) -> OpenDataTable:
    """The protected open-data table of the registry in ``session``, with a row per region
    (members matched to the registry's municipality names, case-insensitive)."""
    aggregates = municipality_aggregates(session)
    present = {a.municipality.casefold() for a in aggregates}
    # a region without farms is all zeros (published as such by OpenDataTable.cut)
    sets = [
        (r.name, r.municipality_names)
        for r in regions
        if present & {m.casefold() for m in r.municipality_names}
    ]
    return protect(aggregates, min_farms, data_date(session), group_min_farms, sets)


def _csv_values(area: AreaFigures) -> list[int | None]:
    cells = [
        area.farms,
        *area.farms_per_sector.values(),
        *area.farms_per_intent.values(),
        *area.animal_places_per_category.values(),
        area.permitted_nh3_kg_per_year,
    ]
    return [c.value for c in cells]


def to_csv(table: OpenDataTable, areas: list[AreaFigures]) -> str:
    """Standard CSV (comma, RFC 4180 quoting, header row, Dutch column names); a suppressed cell
    is empty. Every row repeats the data date, the threshold and the notice. Text that a
    spreadsheet would take for a formula gets a leading ``'`` (:mod:`veekompas.csv_cells`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    meta = table.meta
    writer.writerow(
        ["gebied", "niveau", *table.columns, "peildatum", "min_bedrijven", "toelichting"]
    )
    date = meta.data_date.isoformat() if meta.data_date else ""
    note = f"{meta.notice} {meta.rule.description}"
    for area in areas:
        values = ["" if v is None else v for v in _csv_values(area)]
        texts = [quote_cell(t) for t in (area.name, area.level)]
        writer.writerow([*texts, *values, date, meta.rule.min_farms, quote_cell(note)])
    return out.getvalue()
