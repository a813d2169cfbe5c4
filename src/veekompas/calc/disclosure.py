"""Disclosure control of published tables of farm counts and sums: the threshold rule (primary
suppression) and secondary suppression against derivation through the table's additive relations.

A table has cells ``(row, column)``; each cell has a value (a count of farms, or a sum such as
animal places [dierplaatsen] or permitted NH3 [kg/yr]) and the number of farms it rests on
(contributors; for a count of farms the count itself). The table's additive relations
(municipalities sum to the region; stopper + blijver + onbekend = farms; ...) let a reader derive a
hidden cell from published ones, so hiding the sensitive cells alone is not enough.

References
----------
Hundepool, A. et al., *Handbook on Statistical Disclosure Control*, ESSnet SDC / CBS (2nd ed.
2012; online edition https://sdctools.github.io/HandbookSDC/), ch. 4 'Magnitude tabular data'
(sensitivity rules, among them the minimum frequency (threshold) rule; secondary cell
suppression so that primary suppressions cannot be recalculated from the margins) and ch. 5
'Frequency tables' (disclosure risks of counts, including group disclosure).
de Wolf, P.P. et al., *tau-ARGUS user's manual* 4.1, Statistics Netherlands (2014), §2.2
'Sensitive cells in magnitude tables' and the cell status 'secondary unsafe'.
Langsrud, Ø. (Statistics Norway), R package *GaussSuppression*: ``NContributorsRule``
(primary suppression by number of contributors; ``remove0``: zero contributions are not counted)
and ``SuppressSmallCounts`` (small frequencies, optionally zeros, primary suppressed; secondary
suppression by Gaussian elimination on the table's linear relations).

Notes
-----
Primary rule: a cell resting on 1 to ``min_farms - 1`` farms is suppressed. A cell resting on 0
farms is not: it holds no farm's figure to reveal (GaussSuppression's magnitude default,
``protectZeros = FALSE``). The literature warns that zeros can still give *group* disclosure in
frequency tables (Handbook ch. 5): a published row ``stopper 0, onbekend 0`` says that every farm
of the area is a blijver. That risk is covered by the group rule of
:mod:`veekompas.calc.group_disclosure`, applied before the secondary rule.

Secondary rule: further cells are suppressed, cheapest first (see :func:`suppress`), until no
suppressed cell is determined by the published cells through any combination of relations: first
a fixed point over single relations (a relation with exactly one hidden cell gives it away by
subtraction), then an exact linear audit (a hidden cell is determined when every solution of the
relations over the hidden cells has the same value there, i.e. the null space of the relation
matrix restricted to the hidden cells is zero in that cell). The audit is exact for equalities;
it does not use the bounds ``value >= 0``, so it protects against exact derivation, not against
narrow intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veekompas.calc.group_disclosure import (
    DEFAULT_GROUP_MIN_FARMS,
    Distribution,
    check_group_min_farms,
    protect_groups,
)
from veekompas.errors import InputError

DEFAULT_MIN_FARMS = 5
_TOL = 1e-9

Cell = tuple[int, int]


@dataclass(frozen=True)
class Relation:
    """An additive relation of a table: the cells ``parts`` sum to the cell ``total``."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass(frozen=True)
class Suppression:
    """Which cells to hide: ``suppressed`` (all), ``primary`` (threshold rule) and ``group``
    (against group disclosure, :mod:`veekompas.calc.group_disclosure`), boolean arrays of the
    table's shape; ``min_farms`` and ``group_min_farms`` are the thresholds applied."""

    suppressed: np.ndarray
    primary: np.ndarray
    min_farms: int
    group: np.ndarray
    group_min_farms: int

    @property
    def secondary(self) -> np.ndarray:
        return self.suppressed & ~self.primary & ~self.group


def check_min_farms(min_farms: object) -> int:
    if isinstance(min_farms, bool) or not isinstance(min_farms, int | np.integer):
        raise InputError("min_farms", f"{min_farms!r} is not a whole number; allowed 1 or more")
    if min_farms < 1:
        raise InputError("min_farms", f"{min_farms} is too small; allowed 1 or more")
    return int(min_farms)


def primary_suppression(contributors: np.ndarray, min_farms: int = DEFAULT_MIN_FARMS) -> np.ndarray:
    """Cells resting on at least one and fewer than ``min_farms`` farms (threshold rule)."""
    min_farms = check_min_farms(min_farms)
    contributors = np.asarray(contributors)
    return (contributors > 0) & (contributors < min_farms)


def relation_matrix(relations: Sequence[Relation], shape: tuple[int, int]) -> np.ndarray:
    """One row per relation, one column per cell (row-major): +1 for each part, -1 for the
    total, so that ``matrix @ values.ravel() == 0`` for a consistent table."""
    n_rows, n_cols = shape
    matrix = np.zeros((len(relations), n_rows * n_cols))
    for k, relation in enumerate(relations):
        if not relation.parts:
            raise InputError("relations", f"relation {k} has no parts; a total needs parts")
        for r, c in (relation.total, *relation.parts):
            if not (0 <= r < n_rows and 0 <= c < n_cols):
                raise InputError(
                    "relations", f"cell ({r}, {c}) of relation {k} is outside the {shape} table"
                )
        for r, c in relation.parts:
            matrix[k, r * n_cols + c] += 1.0
        r, c = relation.total
        matrix[k, r * n_cols + c] -= 1.0
    return matrix


def determined_cells(matrix: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """Flat boolean mask of the suppressed cells whose value follows from the published cells.

    Parameters
    ----------
    matrix : (relations, cells) array from :func:`relation_matrix`
    suppressed : flat boolean mask of hidden cells

    A hidden cell is determined when the null space of ``matrix[:, hidden]`` is zero in it
    (equivalently: its unit vector lies in the row space).
    """
    suppressed = np.asarray(suppressed, dtype=bool)
    out = np.zeros(suppressed.shape, dtype=bool)
    hidden = np.flatnonzero(suppressed)
    if hidden.size == 0:
        return out
    sub = matrix[:, hidden]
    sub = sub[np.any(sub != 0, axis=1)]
    if sub.shape[0] == 0:
        return out
    _, singular, vt = np.linalg.svd(sub, full_matrices=True)
    rank = int(np.sum(singular > _TOL * max(1.0, float(singular[0]))))
    null_space = vt[rank:]
    out[hidden] = np.linalg.norm(null_space, axis=0) < 1e-7
    return out


def _cost_rank(
    values: np.ndarray, contributors: np.ndarray, priority: np.ndarray | None
) -> np.ndarray:
    """Position of each flat cell in the order 'cheapest to suppress first': lower priority,
    cells resting on farms before empty ones (an empty partner adds no uncertainty), fewer
    contributors, smaller absolute value."""
    pri = np.zeros(values.size) if priority is None else np.asarray(priority).ravel()
    contrib = contributors.ravel()
    order = np.lexsort((np.abs(values.ravel()), contrib, contrib == 0, pri))
    rank = np.empty(values.size, dtype=int)
    rank[order] = np.arange(values.size)
    return rank


def _close_single_relations(
    incidence: np.ndarray, suppressed: np.ndarray, cost: np.ndarray
) -> None:
    """Fixed point over single relations: where a relation hides exactly one cell, hide also the
    cheapest published cell of that relation (in place)."""
    while True:
        counts = incidence @ suppressed.astype(int)
        singles = np.flatnonzero(counts == 1)
        if singles.size == 0:
            return
        for k in singles:
            cells = np.flatnonzero(incidence[k])
            if np.count_nonzero(suppressed[cells]) != 1:
                continue  # changed by an earlier pick in this round
            candidates = cells[~suppressed[cells]]
            suppressed[candidates[np.argmin(cost[candidates])]] = True


def _protect(
    cell: int, matrix: np.ndarray, incidence: np.ndarray, suppressed: np.ndarray, cost: np.ndarray
) -> None:
    """Hide one more cell so that ``cell`` is (if one cell can do it) no longer determined."""
    related = incidence[incidence[:, cell]].any(axis=0) & ~suppressed
    candidates = np.flatnonzero(related)
    if candidates.size == 0:  # all partners hidden: widen to every relation with a hidden cell
        touched = incidence[(incidence & suppressed).any(axis=1)].any(axis=0)
        candidates = np.flatnonzero(touched & ~suppressed)
    if candidates.size == 0:
        candidates = np.flatnonzero(~suppressed)
    candidates = candidates[np.argsort(cost[candidates])]
    for candidate in candidates:
        trial = suppressed.copy()
        trial[candidate] = True
        if not determined_cells(matrix, trial)[cell]:
            suppressed[candidate] = True
            return
    suppressed[candidates[0]] = True


def suppress(
    values: np.ndarray,
    contributors: np.ndarray,
    relations: Sequence[Relation],
    min_farms: int = DEFAULT_MIN_FARMS,
    priority: np.ndarray | None = None,
    distributions: Sequence[Distribution] = (),
    group_min_farms: int = DEFAULT_GROUP_MIN_FARMS,
) -> Suppression:
    """Primary, group and secondary suppression of one table.

    Parameters
    ----------
    values : (rows, columns) array of cell values [farms, dierplaatsen, kg NH3/yr, ...]
    contributors : (rows, columns) array of the number of farms each cell rests on [farms]
    relations : the table's additive relations; they must hold on ``values``
    min_farms : threshold [farms]; a cell on 1 to ``min_farms - 1`` farms is sensitive
    priority : optional (rows, columns) array; cells of higher priority (e.g. the region
        total) are suppressed last
    distributions : class columns of counts that sum to a total column in every row (farms per
        sector, farms per intent), protected against group disclosure
    group_min_farms : a row on 1 to ``group_min_farms - 1`` farms (its ``total`` column) must
        not show all its farms in one class of a distribution [farms]

    Returns
    -------
    Suppression
        No published cell rests on 1 to ``min_farms - 1`` farms, no suppressed cell is
        determined by the published ones through the relations (see the module notes), and in
        no row on fewer than ``group_min_farms`` farms is a class forced to hold all the row's
        farms (:mod:`veekompas.calc.group_disclosure`).
    """
    min_farms = check_min_farms(min_farms)
    group_min_farms = check_group_min_farms(group_min_farms)
    values = np.asarray(values, dtype=float)
    contributors = np.asarray(contributors)
    if values.ndim != 2 or values.shape != contributors.shape:
        raise InputError(
            "contributors", f"shape {contributors.shape} must equal the values' {values.shape}"
        )
    if np.any(contributors < 0):
        raise InputError("contributors", "a cell rests on a negative number of farms; allowed ≥ 0")
    if priority is not None and np.shape(priority) != values.shape:
        raise InputError("priority", f"shape {np.shape(priority)} must equal {values.shape}")
    matrix = relation_matrix(relations, values.shape)
    residual = matrix @ values.ravel()
    scale = max(1.0, float(np.abs(values).max(initial=0.0)))
    broken = np.flatnonzero(np.abs(residual) > 1e-9 * scale * max(1, values.size))
    if broken.size:
        k = int(broken[0])
        raise InputError(
            "relations", f"relation {k} does not hold: parts minus total = {residual[k]:g}"
        )

    primary = primary_suppression(contributors, min_farms)
    group = protect_groups(
        values, matrix, primary.ravel(), distributions, group_min_farms, priority
    ).reshape(values.shape)
    suppressed = (primary | group).ravel()
    incidence = matrix != 0
    cost = _cost_rank(values, contributors, priority)
    while True:
        _close_single_relations(incidence, suppressed, cost)
        determined = np.flatnonzero(determined_cells(matrix, suppressed))
        if determined.size == 0 or suppressed.all():
            break
        _protect(int(determined[0]), matrix, incidence, suppressed, cost)
    return Suppression(suppressed.reshape(values.shape), primary, min_farms, group, group_min_farms)


def total_relations(
    total_row: int, part_rows: Sequence[int], columns: Sequence[int]
) -> list[Relation]:
    """Column relations: in each of ``columns`` the ``part_rows`` sum to the ``total_row``."""
    return [Relation((total_row, c), tuple((r, c) for r in part_rows)) for c in columns]


def breakdown_relations(
    rows: Sequence[int], total_column: int, part_columns: Sequence[int]
) -> list[Relation]:
    """Row relations: in each of ``rows`` the ``part_columns`` sum to the ``total_column``."""
    return [Relation((r, total_column), tuple((r, c) for c in part_columns)) for r in rows]
