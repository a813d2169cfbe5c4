"""An independent audit of a published table (test helper): which hidden cells a reader can
compute exactly from the published cells and the table's additive relations.

The region + municipality table of the open data: row 0 the region, rows 1.. municipalities;
columns ``farms``, the sectors, the intents and any others (animal places, NH3). Relations:
municipalities sum to the region in every column; sectors and intents each sum to farms.
Built here from that description, not from ``veekompas.calc.disclosure``.
"""

from __future__ import annotations

import numpy as np


def open_data_relations(
    n_rows: int, n_cols: int, farms: int, sectors: list[int], intents: list[int]
) -> list[dict[tuple[int, int], float]]:
    """Each relation as {cell: coefficient} with sum(coefficient * value) == 0."""
    return table_relations(n_rows, n_cols, farms, [sectors, intents])


def table_relations(
    n_rows: int, n_cols: int, farms: int, groups: list[list[int]]
) -> list[dict[tuple[int, int], float]]:
    """Row 0 is the sum of the other rows in every column; in every row each group of class
    columns sums to the ``farms`` column."""
    relations = []
    if n_rows > 1:
        for c in range(n_cols):
            rel = {(r, c): 1.0 for r in range(1, n_rows)}
            rel[(0, c)] = -1.0
            relations.append(rel)
    for r in range(n_rows):
        for parts in groups:
            rel = {(r, c): 1.0 for c in parts}
            rel[(r, farms)] = -1.0
            relations.append(rel)
    return relations


def derivable_cells(
    hidden: np.ndarray, relations: list[dict[tuple[int, int], float]]
) -> list[tuple[int, int]]:
    """Hidden cells whose unit vector lies in the row space of the relations restricted to the
    hidden cells (``matrix_rank`` does not grow when the unit vector is appended)."""
    unknowns = [tuple(int(i) for i in cell) for cell in np.argwhere(hidden)]
    if not unknowns:
        return []
    index = {cell: k for k, cell in enumerate(unknowns)}
    system = np.zeros((len(relations), len(unknowns)))
    for k, rel in enumerate(relations):
        for cell, coefficient in rel.items():
            if cell in index:
                system[k, index[cell]] = coefficient
    rank = np.linalg.matrix_rank(system) if system.size else 0
    found = []
    for cell, k in index.items():
        unit = np.zeros((1, len(unknowns)))
        unit[0, k] = 1.0
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(cell)
    return found


def forced_classes(
    values: np.ndarray,
    hidden: np.ndarray,
    farms: int,
    groups: list[list[int]],
    group_min_farms: int,
) -> list[tuple[int, int]]:
    """``(row, class column)`` of every row on 1 to ``group_min_farms - 1`` farms whose class is
    forced to hold all the row's farms: in every table of whole numbers ≥ 0 that agrees with the
    published cells and the relations (municipalities sum to the region; each group of class
    columns sums to ``farms``) the class equals the row's farms.

    ``values`` and ``hidden`` hold only the count columns (farms and the class columns); the
    other columns of the open data have relations of their own and none with these. Each class
    is one integer program (scipy's HiGHS): minimise ``class - farms``; forced when the minimum
    is 0 (it is never above 0)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n_rows, n_cols = values.shape
    relations = table_relations(n_rows, n_cols, farms, groups)
    unknowns = [tuple(int(i) for i in cell) for cell in np.argwhere(hidden)]
    index = {cell: k for k, cell in enumerate(unknowns)}
    rows, rhs = [], []
    for rel in relations:
        row = np.zeros(len(unknowns))
        known = 0.0
        for cell, coefficient in rel.items():
            if cell in index:
                row[index[cell]] += coefficient
            else:
                known += coefficient * values[cell]
        if row.any():
            rows.append(row)
            rhs.append(-known)
    constraints = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    forced = []
    for r in range(n_rows):
        if not 1 <= values[r, farms] < group_min_farms:
            continue
        for k in (c for parts in groups for c in parts):
            objective = np.zeros(len(unknowns))
            constant = 0.0
            for cell, sign in (((r, k), 1.0), ((r, farms), -1.0)):
                if cell in index:
                    objective[index[cell]] += sign
                else:
                    constant += sign * values[cell]
            if not objective.any():
                lowest = constant
            else:
                result = milp(
                    objective,
                    constraints=constraints,
                    integrality=np.ones(len(unknowns)),
                    bounds=Bounds(0, 1e6),
                )
                assert result.status == 0, result.message
                lowest = result.fun + constant
            if lowest > -0.5:
                forced.append((r, k))
    return forced
