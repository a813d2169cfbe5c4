"""Open data per region: every region's figures cut from one protected table, published only
when the municipal table already determines them. Audited independently: all answers together
(the whole registry, every municipality, every region) let a reader derive no hidden cell, and a
published region figure is the true sum of its members."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_open_data import aggregate, cells, farm

from disclosure_audit import derivable_cells
from veekompas.region.open_data import protect

# overlapping regions, as Regio Foodvalley and the provinces overlap
REGIONS = (
    ("Regio Foodvalley", ("Barneveld", "Ede", "Nijkerk", "Renswoude", "Rhenen", "Wageningen")),
    ("Gelderland (test)", ("Barneveld", "Ede", "Nijkerk", "Wageningen")),
    ("Utrecht (test)", ("Renswoude", "Rhenen")),
    ("Vallei (test)", ("Ede", "Renswoude")),
)


def _relations(n_munis: int, n_cols: int, members: list[list[int]], groups: list[list[int]]):
    """Rows: 0 whole registry, 1..n_munis municipalities, then one row per region."""
    relations = []
    for total, parts in [(0, range(1, 1 + n_munis))] + [
        (1 + n_munis + k, m) for k, m in enumerate(members)
    ]:
        for c in range(n_cols):
            rel = {(r, c): 1.0 for r in parts}
            rel[(total, c)] = rel.get((total, c), 0.0) - 1.0
            relations.append(rel)
    for r in range(1 + n_munis + len(members)):
        for parts in groups:
            rel = {(r, c): 1.0 for c in parts}
            rel[(r, 0)] = -1.0
            relations.append(rel)
    return relations


@settings(max_examples=40, deadline=None)
@given(st.lists(farm, min_size=1, max_size=60), st.integers(2, 6))
def test_no_region_undoes_a_suppression(farms, min_farms):
    aggregates = aggregate(farms)
    table = protect(aggregates, min_farms, None, 1, REGIONS)
    names = [a.name for a in table.municipalities]
    members = [[1 + names.index(m) for m in ms if m in names] for _, ms in REGIONS]
    areas = [table.region, *table.municipalities, *table.regions]
    hidden = np.array([[c.suppressed for c in cells(a)] for a in areas])
    values = np.array([[c.value or 0 for c in cells(a)] for a in areas], dtype=float)
    n_sectors = len(table.region.farms_per_sector)
    n_intents = len(table.region.farms_per_intent)
    groups = [
        list(range(1, 1 + n_sectors)),
        list(range(1 + n_sectors, 1 + n_sectors + n_intents)),
    ]
    relations = _relations(len(names), hidden.shape[1], members, groups)
    assert derivable_cells(hidden, relations) == []
    # a published region figure is the sum of its members' true figures
    first = 1 + len(names)
    for k, rows in enumerate(members):
        for col in np.flatnonzero(~hidden[first + k]):
            expected = (
                sum(_true(aggregates, names[r - 1], col, table) for r in rows) if rows else 0.0
            )
            assert values[first + k, col] == round(expected)


def _true(aggregates, name, col, table) -> float:
    agg = next(a for a in aggregates if a.municipality == name)
    categories = list(table.region.animal_places_per_category)
    row = [
        agg.farms,
        *agg.farms_per_sector.values(),
        *agg.farms_per_intent.values(),
        *(agg.animal_places[c].total if c in agg.animal_places else 0.0 for c in categories),
        agg.permitted_nh3.total,
    ]
    return float(row[col])


def test_a_region_is_published_when_all_its_members_are():
    farms = [("Ede", "melkvee", "blijver", {}, None)] * 6 + [
        ("Barneveld", "melkvee", "stopper", {}, None)
    ] * 6
    table = protect(aggregate(farms), 5, None, 1, REGIONS)
    vallei = next(r for r in table.regions if r.name == "Vallei (test)")
    assert vallei.farms.value == 6  # Ede's 6; Renswoude has no farms
    fv = next(r for r in table.regions if r.name == "Regio Foodvalley")
    assert fv.farms.value == 12
    cut = table.cut("Regio Foodvalley", REGIONS[0][1])
    assert cut.region.farms.value == 12
    assert [a.name for a in cut.municipalities] == sorted(REGIONS[0][1])
    assert next(a for a in cut.municipalities if a.name == "Rhenen").farms.value == 0
