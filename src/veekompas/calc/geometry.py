"""Plane geometry in RD New [m] on plain numpy arrays: points in polygons, distances to them.

A polygon is a sequence of rings of shape (k, 2), exterior first, then holes; a multipolygon a
sequence of polygons. Rings may be open or closed (first point repeated)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

Polygons = Sequence[Sequence[np.ndarray]]


def _edges(polygons: Polygons) -> tuple[np.ndarray, np.ndarray]:
    """All ring edges as start points (m, 2) and end points (m, 2)."""
    starts, ends = [], []
    for polygon in polygons:
        for ring in polygon:
            ring = np.asarray(ring, dtype=float)
            starts.append(ring)
            ends.append(np.roll(ring, -1, axis=0))
    return np.vstack(starts), np.vstack(ends)


def _points(points: ArrayLike) -> np.ndarray:
    array = np.asarray(points, dtype=float).reshape(-1, 2)
    return array


def inside(points: ArrayLike, polygons: Polygons) -> np.ndarray:
    """Whether each point lies inside the (multi)polygon (even-odd rule, so holes are outside)."""
    p = _points(points)
    a, b = _edges(polygons)
    px, py = p[:, 0:1], p[:, 1:2]
    ax, ay, bx, by = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    straddles = (ay > py) != (by > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = ax + (py - ay) * (bx - ax) / (by - ay)
    crossings = np.count_nonzero(straddles & (px < x_cross), axis=1)
    return crossings % 2 == 1


def distance_to_boundary(points: ArrayLike, polygons: Polygons, chunk: int = 256) -> np.ndarray:
    """Shortest distance [m] from each point to the polygons' boundary (edges of all rings)."""
    p = _points(points)
    a, b = _edges(polygons)
    d = b - a
    length2 = np.maximum(np.einsum("ij,ij->i", d, d), 1e-12)
    out = np.empty(len(p))
    for start in range(0, len(p), chunk):
        q = p[start : start + chunk, None, :]
        t = np.clip(np.einsum("pmj,mj->pm", q - a, d) / length2, 0.0, 1.0)
        nearest = a + t[..., None] * d
        out[start : start + chunk] = np.sqrt(((q - nearest) ** 2).sum(axis=2)).min(axis=1)
    return out


def distance_to_area(points: ArrayLike, polygons: Polygons) -> np.ndarray:
    """Distance [m] from each point to the area: 0 inside, else the distance to its boundary."""
    return np.where(inside(points, polygons), 0.0, distance_to_boundary(points, polygons))
