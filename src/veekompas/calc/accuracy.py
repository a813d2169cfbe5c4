"""How close a deposition model is to a reference calculation (AERIUS), per distance class.

The statistics the deposition checks print and assert: per class of distance from a receptor to its
nearest source, the median of model/reference, the ratio of the totals and Spearman's rank
correlation. Distances are in metres (RD New); depositions in mol N/ha/yr.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

DISTANCE_CLASSES_M: tuple[tuple[float, float], ...] = (
    (100.0, 500.0),
    (500.0, 2_000.0),
    (2_000.0, 5_000.0),
    (5_000.0, 25_000.0),
)
"""The issue's distance classes 0.1-0.5, 0.5-2, 2-5 and 5-25 km [m], lower bound inclusive."""


@dataclass(frozen=True)
class ClassAccuracy:
    """Model against reference on the receptors of one distance class."""

    label: str  # "0.1-0.5 km", or "all" for every receptor of 0.1-25 km
    receptors: int
    median_ratio: float  # median of model / reference [-]
    total_ratio: float  # sum(model) / sum(reference) [-]
    rank_correlation: float  # Spearman [-]


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n; ties get their average rank."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    sorted_vals = values[order]
    rank = np.empty(len(values))
    rank[order] = np.arange(1, len(values) + 1)
    _, first, counts = np.unique(sorted_vals, return_index=True, return_counts=True)
    for f, c in zip(first[counts > 1], counts[counts > 1], strict=True):
        rank[order[f : f + c]] = f + (c + 1) / 2
    return rank


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks (nan for fewer than 3 values)."""
    if len(a) < 3:
        return float("nan")
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def _label(low_m: float, high_m: float) -> str:
    return f"{low_m / 1000:g}-{high_m / 1000:g} km"


def _row(label: str, model: np.ndarray, reference: np.ndarray) -> ClassAccuracy:
    if len(model) == 0:
        return ClassAccuracy(label, 0, float("nan"), float("nan"), float("nan"))
    return ClassAccuracy(
        label,
        len(model),
        float(np.median(model / reference)),
        float(model.sum() / reference.sum()),
        spearman(model, reference),
    )


def accuracy_table(
    model: np.ndarray,
    reference: np.ndarray,
    distance_m: np.ndarray,
    classes: tuple[tuple[float, float], ...] = DISTANCE_CLASSES_M,
) -> list[ClassAccuracy]:
    """One row for all receptors within the classes' span, then one per class; receptors where the
    reference is 0 (outside its cut-off) are left out."""
    model, reference, distance_m = (
        np.asarray(a, dtype=float) for a in (model, reference, distance_m)
    )
    usable = reference > 0
    low, high = classes[0][0], classes[-1][1]
    whole = usable & (distance_m >= low) & (distance_m < high)
    rows = [_row("all", model[whole], reference[whole])]
    for lo, hi in classes:
        k = usable & (distance_m >= lo) & (distance_m < hi)
        rows.append(_row(_label(lo, hi), model[k], reference[k]))
    return rows


def format_table(name: str, rows: list[ClassAccuracy]) -> str:
    """The table as printed by the tests and the benchmark."""
    lines = [f"{name}: distance class | receptors | median model/AERIUS | total | Spearman"]
    for r in rows:
        lines.append(
            f"  {r.label:>12} | {r.receptors:7d} | {r.median_ratio:5.2f} | {r.total_ratio:5.2f} "
            f"| {r.rank_correlation:6.3f}"
        )
    return "\n".join(lines)


def nearest_source_distance_m(
    receptor_x_m: np.ndarray,
    receptor_y_m: np.ndarray,
    source_x_m: np.ndarray,
    source_y_m: np.ndarray,
    half_width_m: np.ndarray | None = None,
    half_height_m: np.ndarray | None = None,
) -> np.ndarray:
    """Distance [m] from every receptor to the nearest source point or rectangle edge (0 inside a
    rectangle), with a GEOS STRtree."""
    if half_width_m is None or (not np.any(half_width_m) and not np.any(half_height_m)):
        geoms = shapely.points(source_x_m, source_y_m)
    else:
        geoms = shapely.box(
            source_x_m - half_width_m,
            source_y_m - half_height_m,
            source_x_m + half_width_m,
            source_y_m + half_height_m,
        )
    tree = shapely.STRtree(geoms)
    receptors = shapely.points(receptor_x_m, receptor_y_m)
    (rec_index, _), dist = tree.query_nearest(receptors, return_distance=True, all_matches=False)
    out = np.full(len(receptors), np.inf)
    out[rec_index] = dist
    return out
