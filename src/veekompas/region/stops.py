"""What the region page shows of the farmers' plans: stoppers and blijvers per sector (veal calves
first) and the planned stops per year ahead, per sector.

Logged-in roles other than ``publiek`` get the counts of the farms within their reach, as the
rest of the dashboard (:mod:`veekompas.region.dashboard`). Anonymous and ``publiek`` users get
open data: both tables are protected with the disclosure rules of the open data
(:func:`veekompas.calc.disclosure.suppress`: threshold, group and secondary suppression over the
tables' margins). The sector table's margins are the region's farms per sector and per voornemen,
which the open-data table publishes too: a margin hidden there is hidden here, and when a margin
published there would let a reader derive a cell hidden here, every inner cell is hidden.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from veekompas.calc.disclosure import (
    breakdown_relations,
    determined_cells,
    relation_matrix,
    suppress,
    total_relations,
)
from veekompas.calc.group_disclosure import DEFAULT_GROUP_MIN_FARMS, Distribution
from veekompas.domain.users import User
from veekompas.region.open_data import OpenDataTable
from veekompas.region.registry import RegistryService
from veekompas.store.models import INTENTS, SECTORS
from veekompas.store.plan_aggregates import farms_per_sector_and_intent, farms_per_stop_year

# veal calves first, the other sectors in the registry's order
SECTOR_ORDER: tuple[str, ...] = ("vleeskalveren", *(s for s in SECTORS if s != "vleeskalveren"))
YEARS_AHEAD = 15  # years shown one by one from this year on; later years form one row


class SectorPlans(BaseModel):
    """Farms of one sector (``sector`` ``None``: all sectors) per voornemen; None = secret."""

    sector: str | None
    farms: int | None
    farms_per_intent: dict[str, int | None]


class StopYear(BaseModel):
    """Farms with a planned stop in one year (``label``: the year, "eerder", "later" or
    "totaal") per sector; None = secret."""

    label: str
    farms: int | None
    farms_per_sector: dict[str, int | None]


class StopsOverview(BaseModel):
    scope: Literal["open_data", "reach"]
    from_year: int = Field(description="the first year shown one by one (this year)")
    sectors: list[str] = Field(description="sectors in display order, veal calves first")
    intents: list[str]
    per_sector: list[SectorPlans]
    total: SectorPlans
    per_year: list[StopYear]
    per_year_total: StopYear
    suppressed_cells: int = Field(description="number of secret figures (open data only)")


def _year_rows(by_year: dict[int, dict[str, int]], from_year: int) -> dict[str, dict[str, int]]:
    """Rows "eerder" (before ``from_year``, if any), every year from ``from_year`` to the last
    planned one within :data:`YEARS_AHEAD`, and "later" (if any)."""
    last_shown = from_year + YEARS_AHEAD - 1
    earlier = dict.fromkeys(SECTOR_ORDER, 0)
    later = dict.fromkeys(SECTOR_ORDER, 0)
    ahead = [y for y in by_year if from_year <= y <= last_shown]
    rows: dict[str, dict[str, int]] = {}
    for year, counts in by_year.items():
        target = earlier if year < from_year else later if year > last_shown else None
        for sector, n in counts.items():
            if target is not None:
                target[sector] += n
    if any(earlier.values()):
        rows[f"eerder dan {from_year}"] = earlier
    for year in range(from_year, max(ahead, default=from_year - 1) + 1):
        rows[str(year)] = {s: by_year.get(year, {}).get(s, 0) for s in SECTOR_ORDER}
    if any(later.values()):
        rows[f"na {last_shown}"] = later
    return rows


def _grid(rows: list[list[int]], n_cols: int) -> np.ndarray:
    """Inner counts (``n_cols`` columns) with a total column and a total row appended."""
    inner = np.array(rows, dtype=float).reshape(len(rows), n_cols)
    with_total = np.hstack([inner, inner.sum(axis=1, keepdims=True)])
    return np.vstack([with_total, with_total.sum(axis=0, keepdims=True)])


def _relations(shape: tuple[int, int]) -> list:
    n_rows, n_cols = shape
    return [
        *total_relations(n_rows - 1, range(n_rows - 1), range(n_cols)),
        *breakdown_relations(range(n_rows), n_cols - 1, range(n_cols - 1)),
    ]


def _protect(
    values: np.ndarray,
    min_farms: int,
    group_min_farms: int,
    forced: np.ndarray | None = None,
    published_elsewhere: np.ndarray | None = None,
) -> np.ndarray:
    """The hidden cells of a table with margins (last row and column)."""
    contributors = values.astype(int)
    if forced is not None:
        contributors = np.where(forced, 1, contributors)
    priority = np.zeros(values.shape)
    priority[-1, :] = priority[:, -1] = 1.0  # margins are the last to hide
    relations = _relations(values.shape)
    n_cols = values.shape[1]
    parts = Distribution(n_cols - 1, tuple(range(n_cols - 1)))
    hidden = suppress(
        values, contributors, relations, min_farms, priority, [parts], group_min_farms
    ).suppressed
    if published_elsewhere is not None:
        known = ~hidden | published_elsewhere
        matrix = relation_matrix(relations, values.shape)
        if determined_cells(matrix, (~known).ravel()).any():
            hidden = hidden.copy()
            hidden[:-1, :-1] = True
    return hidden


def _cell(value: float, secret: bool) -> int | None:
    return None if secret else int(value)


Margins = tuple[dict[str, int | None], dict[str, int | None], int | None]


def registry_margins(table: OpenDataTable) -> Margins:
    """The open-data table's figures of the whole registry (farms per sector, per intent,
    farms; None = secret there): the margins the open stops table must respect."""
    whole = table.region
    return (
        {k: c.value for k, c in whole.farms_per_sector.items()},
        {k: c.value for k, c in whole.farms_per_intent.items()},
        whole.farms.value,
    )


def stops_overview(
    session: Session,
    user: User | None,
    min_farms: int,
    group_min_farms: int = DEFAULT_GROUP_MIN_FARMS,
    *,
    open_margins: Margins | None = None,
    municipalities: Collection[str] | None = None,
    today: dt.date | None = None,
) -> StopsOverview:
    """The plans of the farms ``user`` may count (open data for anonymous and ``publiek``).

    ``open_margins`` are the open-data table's region figures (farms per sector, farms per
    intent, farms; None = secret there), which the protected sector table respects.
    ``municipalities`` limits the counts to those municipalities (a region)."""
    from_year = (today or dt.date.today()).year
    public = user is None or user.role == "publiek"
    scope: dict[str, object] = {}
    if not public:
        reach = RegistryService(session, user).farm_reach  # type: ignore[arg-type]
        if not reach.everything:
            scope = {"municipality": reach.municipality}
            if reach.municipality is None:
                scope["ubns"] = reach.ubns or ()
    per_intent = farms_per_sector_and_intent(session, municipalities=municipalities, **scope)
    per_year = _year_rows(
        farms_per_stop_year(session, municipalities=municipalities, **scope), from_year
    )
    sector_values = _grid([[per_intent[s][i] for i in INTENTS] for s in SECTOR_ORDER], len(INTENTS))
    year_values = _grid(
        [[row[s] for s in SECTOR_ORDER] for row in per_year.values()], len(SECTOR_ORDER)
    )
    sector_hidden = np.zeros(sector_values.shape, dtype=bool)
    year_hidden = np.zeros(year_values.shape, dtype=bool)
    if public:
        forced = published = None
        if open_margins is not None:
            forced = np.zeros(sector_values.shape, dtype=bool)
            by_sector, by_intent, farms = open_margins
            for r, s in enumerate(SECTOR_ORDER):
                forced[r, -1] = by_sector.get(s) is None
            for c, i in enumerate(INTENTS):
                forced[-1, c] = by_intent.get(i) is None
            forced[-1, -1] = farms is None
            published = np.zeros(sector_values.shape, dtype=bool)
            published[-1, :] = published[:, -1] = True
            published &= ~forced
        sector_hidden = _protect(sector_values, min_farms, group_min_farms, forced, published)
        if len(per_year):
            year_hidden = _protect(year_values, min_farms, group_min_farms)

    def plans(r: int, sector: str | None) -> SectorPlans:
        v, h = sector_values[r], sector_hidden[r]
        return SectorPlans(
            sector=sector,
            farms=_cell(v[-1], h[-1]),
            farms_per_intent={i: _cell(v[c], h[c]) for c, i in enumerate(INTENTS)},
        )

    def stop_year(r: int, label: str) -> StopYear:
        v, h = year_values[r], year_hidden[r]
        return StopYear(
            label=label,
            farms=_cell(v[-1], h[-1]),
            farms_per_sector={s: _cell(v[c], h[c]) for c, s in enumerate(SECTOR_ORDER)},
        )

    return StopsOverview(
        scope="open_data" if public else "reach",
        from_year=from_year,
        sectors=list(SECTOR_ORDER),
        intents=list(INTENTS),
        per_sector=[plans(r, s) for r, s in enumerate(SECTOR_ORDER)],
        total=plans(len(SECTOR_ORDER), None),
        per_year=[stop_year(r, label) for r, label in enumerate(per_year)],
        per_year_total=stop_year(len(per_year), "totaal"),
        suppressed_cells=int(sector_hidden.sum() + year_hidden.sum()),
    )
