"""Disclosure control: threshold rule and secondary suppression, audited independently.

The rule (Hundepool et al., Handbook on Statistical Disclosure Control, ch. 4): a cell on fewer
than ``min_farms`` farms is unsafe; other cells are hidden until no unsafe cell can be
recalculated from the published cells and the table's additive relations.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_audit import derivable_cells, forced_classes, open_data_relations
from veekompas.calc.disclosure import (
    Relation,
    breakdown_relations,
    determined_cells,
    primary_suppression,
    relation_matrix,
    suppress,
    total_relations,
)
from veekompas.calc.group_disclosure import Distribution, at_risk
from veekompas.errors import InputError

N_SECTORS, N_INTENTS, N_PLACES = 5, 3, 2
FARMS, SECTORS = 0, list(range(1, 1 + N_SECTORS))
INTENTS = list(range(1 + N_SECTORS, 1 + N_SECTORS + N_INTENTS))
N_COLS = 1 + N_SECTORS + N_INTENTS + N_PLACES + 1

farm_records = st.tuples(
    st.integers(0, 5),  # municipality
    st.integers(0, N_SECTORS - 1),
    st.integers(0, N_INTENTS - 1),
    st.lists(st.integers(0, 800), min_size=N_PLACES, max_size=N_PLACES),  # places per category
    st.one_of(st.none(), st.floats(0, 5_000, allow_nan=False)),  # permitted NH3 [kg/yr]
)


def table_from_farms(farms: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """Values and contributors of the region + municipality table, built from farm records."""
    names = sorted({f[0] for f in farms})
    values = np.zeros((len(names) + 1, N_COLS))
    on = np.zeros((len(names) + 1, N_COLS), dtype=int)
    for muni, sector, intent, places, nh3 in farms:
        for row in (0, names.index(muni) + 1):
            for col in (FARMS, SECTORS[sector], INTENTS[intent]):
                values[row, col] += 1
                on[row, col] += 1
            for k, p in enumerate(places):
                values[row, 1 + N_SECTORS + N_INTENTS + k] += p
                on[row, 1 + N_SECTORS + N_INTENTS + k] += p > 0
            if nh3:
                values[row, -1] += nh3
                on[row, -1] += 1
    return values, on


def relations_of(n_rows: int) -> list[Relation]:
    return [
        *(total_relations(0, range(1, n_rows), range(N_COLS)) if n_rows > 1 else []),
        *breakdown_relations(range(n_rows), FARMS, SECTORS),
        *breakdown_relations(range(n_rows), FARMS, INTENTS),
    ]


@settings(max_examples=150, deadline=None)
@given(farms=st.lists(farm_records, min_size=1, max_size=60), min_farms=st.integers(1, 8))
def test_no_hidden_cell_can_be_derived_and_no_small_cell_is_published(farms, min_farms):
    values, on = table_from_farms(farms)
    priority = np.zeros(values.shape)
    priority[0] = 1
    result = suppress(values, on, relations_of(values.shape[0]), min_farms, priority)
    hidden = result.suppressed
    published_on = on[~hidden]
    assert np.all((published_on == 0) | (published_on >= min_farms))
    assert np.all(hidden[(on > 0) & (on < min_farms)])
    assert np.array_equal(result.primary, (on > 0) & (on < min_farms))
    relations = open_data_relations(*values.shape, FARMS, SECTORS, INTENTS)
    assert derivable_cells(hidden, relations) == []


DISTRIBUTIONS = [Distribution(FARMS, tuple(SECTORS)), Distribution(FARMS, tuple(INTENTS))]
COUNTS = 1 + N_SECTORS + N_INTENTS


@settings(max_examples=80, deadline=None)
@given(
    farms=st.lists(farm_records, min_size=1, max_size=40),
    min_farms=st.integers(1, 6),
    group_min_farms=st.integers(1, 12),
)
def test_no_small_row_can_be_proven_to_hold_all_its_farms_in_one_class(
    farms, min_farms, group_min_farms
):
    """Integer programming over everything published (relations, counts whole and ≥ 0): in no
    row on fewer than ``group_min_farms`` farms is a sector or intent forced to hold them all;
    the linear audit and the threshold rule still hold."""
    values, on = table_from_farms(farms)
    priority = np.zeros(values.shape)
    priority[0] = 1
    rels = relations_of(values.shape[0])
    result = suppress(values, on, rels, min_farms, priority, DISTRIBUTIONS, group_min_farms)
    hidden = result.suppressed
    assert np.all((on[~hidden] == 0) | (on[~hidden] >= min_farms))
    assert (
        derivable_cells(hidden, open_data_relations(*values.shape, FARMS, SECTORS, INTENTS)) == []
    )
    groups = [SECTORS, INTENTS]
    counts = values[:, :COUNTS]
    assert forced_classes(counts, hidden[:, :COUNTS], FARMS, groups, group_min_farms) == []
    assert not result.group[:, COUNTS:].any()  # only counts take part in the group rule
    if not at_risk(values, DISTRIBUTIONS, group_min_farms):
        assert not result.group.any()


def test_the_group_audit_finds_what_the_threshold_rule_leaves():
    """Municipality 0: 7 farms, all sector 0 and intent 1; municipality 1: 25 mixed farms. The
    threshold rule publishes zeros that prove every farm of municipality 0 is in one class; the
    group rule hides a rectangle per distribution (the class, another class, and both in the
    partner municipality), never the region (priority)."""
    farms = [(0, 0, 1, [0, 0], None)] * 7
    farms += [(1, s % N_SECTORS, s % N_INTENTS, [0, 0], None) for s in range(25)]
    values, on = table_from_farms(farms)
    priority = np.zeros(values.shape)
    priority[0] = 1
    rels = relations_of(3)
    groups = [SECTORS, INTENTS]
    bare = suppress(values, on, rels, 5, priority)
    found = forced_classes(values[:, :COUNTS], bare.suppressed[:, :COUNTS], FARMS, groups, 10)
    assert found == [(1, SECTORS[0]), (1, INTENTS[1])]
    result = suppress(values, on, rels, 5, priority, DISTRIBUTIONS, 10)
    assert result.group[1, SECTORS[0]] and result.group[1, INTENTS[1]]
    assert not bare.suppressed.any()  # no cell rests on 1 to 4 farms
    assert result.group.sum() == 8 and not result.suppressed[0].any()
    found = forced_classes(values[:, :COUNTS], result.suppressed[:, :COUNTS], FARMS, groups, 10)
    assert found == []
    assert not result.secondary[result.group].any()


def test_a_table_without_a_partner_row_publishes_none_of_it():
    """One row of 3 farms, all in class 1, and no other row: no one-farm move can be balanced,
    so nothing of the table is published (the rule's fallback)."""
    values = np.array([[3.0, 3.0, 0.0]])
    rels = [Relation((0, 0), ((0, 1), (0, 2)))]
    result = suppress(values, values.astype(int), rels, 1, None, [Distribution(0, (1, 2))], 10)
    assert result.suppressed.all() and result.group.all()
    assert forced_classes(values, result.suppressed, 0, [[1, 2]], 10) == []


def test_a_small_municipality_is_hidden_with_a_partner_not_with_the_region():
    """Two municipalities, one with 3 farms: hiding only its count would let region - other
    give it away, so the other municipality's count is hidden too, not the region's."""
    farms = [(0, 0, 0, [0, 0], None)] * 3 + [(1, 0, 0, [0, 0], None)] * 9
    values, on = table_from_farms(farms)
    priority = np.zeros(values.shape)
    priority[0] = 1
    hidden = suppress(values, on, relations_of(3), 5, priority).suppressed
    assert hidden[1, FARMS] and hidden[2, FARMS] and not hidden[0, FARMS]
    assert not hidden[0].any()
    assert not hidden[:, -N_PLACES - 1 :].any()  # empty columns (0 farms) stay published


def _as_dict(row: np.ndarray, n_cols: int) -> dict[tuple[int, int], float]:
    return {divmod(int(k), n_cols): float(row[k]) for k in np.flatnonzero(row)}


def test_single_relation_closure_is_not_enough_and_the_audit_catches_it():
    """Two hidden 2x2 cycles joined by one hidden cell: every row and column relation hides two
    or more cells, yet the joining cell follows from summing rows 0-1 and subtracting columns
    0-1. The linear audit must find it and ``suppress`` must protect it."""
    n = 5  # 4 interior rows/columns + totals in row/column 4
    values = np.full((n, n), 10.0)
    values[4, :4] = values[:4, 4] = 40.0
    values[4, 4] = 160.0
    rels = [Relation((r, 4), tuple((r, c) for c in range(4))) for r in range(n)] + [
        Relation((4, c), tuple((r, c) for r in range(4))) for c in range(n)
    ]
    pattern = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]
    hidden = np.zeros((n, n), dtype=bool)
    for cell in pattern:
        hidden[cell] = True
    matrix = relation_matrix(rels, (n, n))
    per_relation = (matrix != 0) @ hidden.ravel().astype(int)
    assert set(per_relation.tolist()) <= {0, 2, 3}
    assert determined_cells(matrix, hidden.ravel()).reshape(n, n)[1, 2]

    on = np.where(hidden, 2, 10)
    result = suppress(values, on, rels, 5)
    assert result.primary[1, 2] and result.suppressed[hidden].all()
    audit = [_as_dict(row, n) for row in matrix]
    assert derivable_cells(result.suppressed, audit) == []
    assert derivable_cells(hidden, audit) == [(1, 2)]


def test_zero_cells_are_not_sensitive():
    assert primary_suppression(np.array([0, 1, 4, 5, 9]), 5).tolist() == [
        False,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_farms": 0}, "min_farms: 0 is too small; allowed 1 or more"),
        ({"min_farms": 2.5}, "min_farms: 2.5 is not a whole number; allowed 1 or more"),
        ({"contributors": np.array([[-1, 1, 1]])}, "contributors: a cell rests on a negative"),
        ({"contributors": np.array([[1, 1]])}, "contributors: shape (1, 2) must equal"),
        ({"values": np.array([[1.0, 1.0, 3.0]])}, "relations: relation 0 does not hold"),
        ({"relations": [Relation((0, 0), ())]}, "relations: relation 0 has no parts"),
        ({"relations": [Relation((0, 5), ((0, 1),))]}, "relations: cell (0, 5) of relation 0"),
        ({"group_min_farms": 0}, "group_min_farms: 0 is too small; allowed 1 or more"),
        ({"group_min_farms": True}, "group_min_farms: True is not a whole number; allowed 1"),
    ],
)
def test_bad_input_names_the_field(kwargs, message):
    args = {
        "values": np.array([[2.0, 1.0, 1.0]]),
        "contributors": np.array([[2, 1, 1]]),
        "relations": [Relation((0, 0), ((0, 1), (0, 2)))],
        "min_farms": 5,
    }
    with pytest.raises(InputError) as caught:
        suppress(**{**args, **kwargs})
    assert str(caught.value).startswith(message)
