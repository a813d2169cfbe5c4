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
    relations = []
    if n_rows > 1:
        for c in range(n_cols):
            rel = {(r, c): 1.0 for r in range(1, n_rows)}
            rel[(0, c)] = -1.0
            relations.append(rel)
    for r in range(n_rows):
        for parts in (sectors, intents):
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
