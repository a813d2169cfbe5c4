"""Group (attribute) disclosure in tables of farm counts: a published distribution must not let a
reader conclude that every farm of a small area is in one class.

A *distribution* is a set of class columns that, in every row, sum to a total column (farms per
intent: stopper + blijver + onbekend = farms). In a row on fewer than ``group_min_farms`` farms
where one class holds all the farms (seven farms, all *blijver*), the published zeros of the
other classes say that every farm of the area has that attribute, even when the counts
themselves are hidden: with the total and the class both hidden, ``class = total`` still follows
from the zeros. The threshold rule (:mod:`veekompas.calc.disclosure`) does not see this, because
a zero rests on no farm and is published.

Rule: for every row on 1 to ``group_min_farms - 1`` farms and every distribution, no class may be
*forced* to equal the row's total by the published cells, the table's relations and the fact that
counts are whole numbers ≥ 0. Only a row whose farms truly are all in one class ``k`` can be at
risk (otherwise the true table itself shows another class > 0). Such a row is protected by hiding
a *rectangle* of four cells: the class ``k`` and another class ``j`` in this row, and the same two
classes in a partner row, chosen so that moving one farm from ``k`` to ``j`` in this row and back
in the partner row (or along with it, when the partner is the total row) keeps every relation and
every value ≥ 0. That moved table is consistent with everything published and has ``j = 1``, so
``k`` is not forced to hold all the farms. Hiding further cells (secondary suppression) only
widens what a reader must consider, so the protection holds after it.

References
----------
Hundepool, A. et al., *Handbook on Statistical Disclosure Control*, ESSnet SDC / CBS (2nd ed.
2012; online edition https://sdctools.github.io/HandbookSDC/), ch. 5 'Frequency tables', §5.2:
attribute disclosure, and group disclosure when all respondents of a row fall in one category,
made visible by the zeros of the other categories.
Lupp, D.P. and Langsrud, Ø. (Statistics Norway): ``FindDisclosiveCells`` (R package SSBtools) and
``SuppressDirectDisclosure`` / ``SuppressKDisclosure`` (R package GaussSuppression): a frequency
cell is directly disclosive when its row total minus the cell is at most the coalition size (0
here); the large cell is primary suppressed and secondary suppression follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veekompas.errors import InputError

DEFAULT_GROUP_MIN_FARMS = 10


@dataclass(frozen=True)
class Distribution:
    """Class columns ``parts`` that sum to the column ``total`` in every row."""

    total: int
    parts: tuple[int, ...]


def check_group_min_farms(group_min_farms: object) -> int:
    if isinstance(group_min_farms, bool) or not isinstance(group_min_farms, int | np.integer):
        raise InputError(
            "group_min_farms", f"{group_min_farms!r} is not a whole number; allowed 1 or more"
        )
    if group_min_farms < 1:
        raise InputError("group_min_farms", f"{group_min_farms} is too small; allowed 1 or more")
    return int(group_min_farms)


def at_risk(
    values: np.ndarray, distributions: Sequence[Distribution], group_min_farms: int
) -> list[tuple[int, Distribution, int]]:
    """``(row, distribution, class column)`` of every row on 1 to ``group_min_farms - 1`` farms
    whose farms are all in that one class of the distribution."""
    out = []
    for dist in distributions:
        totals = values[:, dist.total]
        parts = values[:, list(dist.parts)]
        for row in np.flatnonzero((totals >= 1) & (totals < group_min_farms)):
            filled = np.flatnonzero(parts[row] > 0)
            if filled.size == 1 and parts[row, filled[0]] == totals[row]:
                out.append((int(row), dist, dist.parts[int(filled[0])]))
    return out


def protect_groups(
    values: np.ndarray,
    matrix: np.ndarray,
    suppressed: np.ndarray,
    distributions: Sequence[Distribution],
    group_min_farms: int,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """Flat mask of the cells to hide, beyond ``suppressed``, against group disclosure.

    Parameters
    ----------
    values : (rows, columns) array of the table's values; counts are whole numbers
    matrix : (relations, cells) relation matrix (``disclosure.relation_matrix``)
    suppressed : flat boolean mask of the cells already hidden (not changed)
    distributions : the class columns and their total column
    group_min_farms : rows on 1 to ``group_min_farms - 1`` farms are protected [farms]
    priority : optional (rows, columns) array; cells of higher priority are hidden last

    For each row at risk (:func:`at_risk`) the cheapest rectangle (fewest cells of higher
    priority, then fewest new cells, then the smallest values) whose one-farm move keeps every
    relation and every value ≥ 0 is hidden (see the module notes).
    """
    group_min_farms = check_group_min_farms(group_min_farms)
    n_rows, n_cols = values.shape
    flat_values = values.ravel()
    pri = np.zeros(values.size) if priority is None else np.asarray(priority, float).ravel()
    hidden = np.asarray(suppressed, dtype=bool).copy()
    rows = np.arange(n_rows)
    for row, dist, k in at_risk(values, distributions, group_min_farms):
        best: tuple[tuple[float, ...], list[int]] | None = None
        for j in dist.parts:
            if j == k:
                continue
            here_j, here_k = row * n_cols + j, row * n_cols + k
            there_j, there_k = rows * n_cols + j, rows * n_cols + k
            base = matrix[:, here_j] - matrix[:, here_k]
            for sign in (1.0, -1.0):
                # the move: +1 at (row, j), -1 at (row, k), -sign at (r', j), +sign at (r', k)
                residual = base[:, None] + sign * (matrix[:, there_k] - matrix[:, there_j])
                keeps = np.all(np.abs(residual) < 1e-9, axis=0) & (rows != row)
                keeps &= flat_values[there_j] - sign >= 0
                keeps &= flat_values[there_k] + sign >= 0
                partners = np.flatnonzero(keeps)
                if partners.size == 0:
                    continue
                cells = np.stack(
                    [
                        np.full(partners.size, here_j),
                        np.full(partners.size, here_k),
                        there_j[partners],
                        there_k[partners],
                    ],
                    axis=1,
                )
                new = ~hidden[cells]
                costs = np.stack(
                    [
                        (pri[cells] * new).sum(axis=1),
                        new.sum(axis=1),
                        (np.abs(flat_values[cells]) * new).sum(axis=1),
                    ],
                    axis=1,
                )
                pick = int(np.lexsort(costs.T[::-1])[0])
                cost = tuple(float(c) for c in costs[pick])
                if best is None or cost < best[0]:
                    best = (cost, [int(c) for c in cells[pick]])
        if best is None:  # no one-farm move in this table's relations: publish none of it
            hidden[:] = True
            break
        hidden[best[1]] = True
    return hidden & ~np.asarray(suppressed, dtype=bool)
