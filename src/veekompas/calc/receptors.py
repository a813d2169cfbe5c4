"""Receptor hexagons: the AERIUS grid of 1 ha hexagons and the hexagons of Natura 2000 areas.

AERIUS calculates deposition on a national grid of regular hexagons of 1 ha (zoom level 1),
numbered row by row from the south-west corner of its bounding box. This module reproduces that
grid, so that receptor ids and hexagon centres match AERIUS, and selects the hexagons whose
centre lies inside a Natura 2000 area (vectorised with numpy, no GIS library).

Geometry (zoom level 1)
-----------------------
- hexagon area ``A = 10,000 m2``; the hexagons are flat-topped (two horizontal sides);
- radius (centre to corner) ``r = sqrt(2 A / (3 sqrt 3)) = 62.0403 m``, height
  ``h = r sqrt 3 = 107.4570 m``;
- bounding box x 3,604 .. 287,959 m, y 296,800 .. 629,300 m (RD New);
- hexagons per row ``n = ceil((ceil((x_max - x_min) / (1.5 r)) + 1) / 2) = 1,529``;
- receptor ``id`` (from 1): row ``(id - 1) // n``, column ``(id - 1) % n``; the centre is
  ``x = x_min + 3 r column (+ 1.5 r on odd rows)``, ``y = y_min + row h / 2``.

References
----------
AERIUS database, grid functions ``ae_determine_number_of_hexagon_rows``,
``ae_determine_receptor_id_from_coordinates`` and the constants ``CALCULATOR_GRID_BOUNDARY_BOX``
(POLYGON((3604 296800, ..., 287959 629300))) and ``SURFACE_ZOOM_LEVEL_1`` (10000), as published in
the AERIUS source code (read through the code search of this project; formulas only, no code
copied). RIVM (2024), Handboek Data AERIUS 2024, par. 4.8.1 'Open Data - Hexagonengrid': the grid
'bepalend voor waar berekeningen worden uitgevoerd', 1 ha hexagons identified by ``receptor_id``.

Notes
-----
Checked against AERIUS Calculator 2024 output: the 4,295 receptor ids and centres of the
single-farm case and 38,541 of the northern Netherlands benchmark give the published centres to
0.5 m and 0.05 m (the files' rounding). AERIUS assigns a hexagon to nature by its overlap with
mapped nitrogen-sensitive habitat; here a hexagon belongs to an area when its centre lies
inside the area's boundary (the simplified boundaries of ``veekompas.geodata``), so the sets
differ along the edges and inside areas without sensitive habitat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import ArrayLike

from veekompas.errors import InputError

HEXAGON_AREA_M2 = 10_000.0
HEXAGON_AREA_HA = 1.0
X_MIN, Y_MIN, X_MAX, Y_MAX = 3604.0, 296800.0, 287959.0, 629300.0
RADIUS_M = math.sqrt(HEXAGON_AREA_M2 * 2 / (3 * math.sqrt(3)))
HEIGHT_M = RADIUS_M * math.sqrt(3)
ROW_STEP_M = HEIGHT_M / 2
COLUMN_STEP_M = 3 * RADIUS_M
PER_ROW = math.ceil((math.ceil((X_MAX - X_MIN) / (1.5 * RADIUS_M)) + 1) / 2)
ROWS = math.ceil((Y_MAX - Y_MIN) / HEIGHT_M * 2)
MAX_RECEPTOR_ID = PER_ROW * ROWS


def receptor_centres(receptor_ids: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Centres x, y [m, RD New] of AERIUS receptors (vectorised).

    Raises
    ------
    InputError
        For an id outside 1 .. :data:`MAX_RECEPTOR_ID`.
    """
    ids = np.asarray(receptor_ids, dtype=np.int64)
    if ids.size and (ids.min() < 1 or ids.max() > MAX_RECEPTOR_ID):
        bad = int(ids[(ids < 1) | (ids > MAX_RECEPTOR_ID)][0])
        raise InputError("receptor_id", f"{bad} is outside the grid (1 .. {MAX_RECEPTOR_ID})")
    row, column = np.divmod(ids - 1, PER_ROW)
    x = X_MIN + column * COLUMN_STEP_M + (row % 2) * (1.5 * RADIUS_M)
    y = Y_MIN + row * ROW_STEP_M
    return x, y


def receptor_ids_at(x_rd: ArrayLike, y_rd: ArrayLike) -> np.ndarray:
    """The id of the hexagon that holds each point x, y [m, RD New] (vectorised).

    A point belongs to the hexagon with the nearest centre (the hexagon grid is the Voronoi
    diagram of its centres); the two candidate centres are the nearest of the even-row lattice
    and of the odd-row lattice.
    """
    x = np.asarray(x_rd, dtype=np.float64) - X_MIN
    y = np.asarray(y_rd, dtype=np.float64) - Y_MIN
    # even rows 0, 2, ...: centres at (3r c, h k); odd rows: (3r c + 1.5r, h k + h/2)
    c_even = np.rint(x / COLUMN_STEP_M)
    k_even = np.rint(y / HEIGHT_M)
    c_odd = np.rint((x - 1.5 * RADIUS_M) / COLUMN_STEP_M)
    k_odd = np.rint((y - ROW_STEP_M) / HEIGHT_M)
    d_even = (x - c_even * COLUMN_STEP_M) ** 2 + (y - k_even * HEIGHT_M) ** 2
    d_odd = (x - 1.5 * RADIUS_M - c_odd * COLUMN_STEP_M) ** 2 + (
        y - ROW_STEP_M - k_odd * HEIGHT_M
    ) ** 2
    odd = d_odd < d_even
    row = np.where(odd, 2 * k_odd + 1, 2 * k_even)
    column = np.where(odd, c_odd, c_even)
    if np.any((row < 0) | (row >= ROWS) | (column < 0) | (column >= PER_ROW)):
        raise InputError("location", "point outside the AERIUS receptor grid (RD New bounds)")
    return (row * PER_ROW + column + 1).astype(np.int64)


def hexagon_corners(receptor_id: int) -> np.ndarray:
    """The 6 corners (closed ring of 7 points) of one hexagon [m, RD New], counter-clockwise."""
    x, y = receptor_centres([receptor_id])
    angles = np.deg2rad(np.arange(0, 420, 60))
    return np.column_stack([x[0] + RADIUS_M * np.cos(angles), y[0] + RADIUS_M * np.sin(angles)])


def receptors_in_polygons(rings: list[np.ndarray]) -> np.ndarray:
    """Ids of the hexagons whose centre lies inside the rings (even-odd rule), sorted.

    Parameters
    ----------
    rings : closed or open rings of shape (k, 2) [m, RD New]: exteriors and holes of one or
        more non-overlapping polygons (a hole is outside by the even-odd rule).

    Notes
    -----
    A scanline fill, vectorised: every edge is cut with the hexagon rows it spans, the crossings
    are sorted per row, and the columns between each pair of crossings are inside. The work grows
    with the number of crossings and of hexagons inside, not with edges x points.
    """
    starts, ends = [], []
    for ring in rings:
        ring = np.asarray(ring, dtype=np.float64)
        if len(ring) < 3:
            continue
        closed = ring if np.array_equal(ring[0], ring[-1]) else np.vstack([ring, ring[:1]])
        starts.append(closed[:-1])
        ends.append(closed[1:])
    if not starts:
        return np.empty(0, dtype=np.int64)
    p, q = np.vstack(starts), np.vstack(ends)
    y_lo, y_hi = np.minimum(p[:, 1], q[:, 1]), np.maximum(p[:, 1], q[:, 1])
    # rows whose centre line y_row satisfies y_lo <= y_row < y_hi (half-open: a vertex counts once)
    first = np.ceil((y_lo - Y_MIN) / ROW_STEP_M).astype(np.int64)
    last = np.ceil((y_hi - Y_MIN) / ROW_STEP_M).astype(np.int64) - 1
    count = np.maximum(last - first + 1, 0)
    edge = np.repeat(np.arange(len(p)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    row = first[edge] + offsets
    # rows outside the grid are dropped whole, so every row keeps an even number of crossings
    on_grid = (row >= 0) & (row < ROWS)
    edge, row = edge[on_grid], row[on_grid]
    y_row = Y_MIN + row * ROW_STEP_M
    px, py, qx, qy = p[edge, 0], p[edge, 1], q[edge, 0], q[edge, 1]
    x_cross = px + (y_row - py) * (qx - px) / (qy - py)
    order = np.lexsort((x_cross, row))
    row, x_cross = row[order], x_cross[order]
    # crossings pair up within each row: (enter, leave), (enter, leave), ...
    row_in, x_in, x_out = row[0::2], x_cross[0::2], x_cross[1::2]
    shift = (row_in % 2) * (1.5 * RADIUS_M)
    c_first = np.ceil((x_in - X_MIN - shift) / COLUMN_STEP_M).astype(np.int64)
    c_end = np.ceil((x_out - X_MIN - shift) / COLUMN_STEP_M).astype(np.int64)
    c_first, c_end = np.clip(c_first, 0, PER_ROW), np.clip(c_end, 0, PER_ROW)
    n = np.maximum(c_end - c_first, 0)
    span = np.repeat(np.arange(len(n)), n)
    column = c_first[span] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return np.unique(row_in[span] * PER_ROW + column + 1)


@dataclass(frozen=True)
class ReceptorSet:
    """Hexagons of Natura 2000 areas: id, centre [m, RD New] and the index of the area.

    ``area_slugs[area_index[i]]`` is the area of hexagon ``i``; a hexagon whose centre lies in two
    areas (overlapping designations) is listed once per area.
    """

    receptor_id: np.ndarray
    x_rd: np.ndarray
    y_rd: np.ndarray
    area_index: np.ndarray
    area_slugs: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.receptor_id.size)

    @property
    def area_ha(self) -> np.ndarray:
        """Area of each hexagon [ha] (1 ha at zoom level 1)."""
        return np.full(self.receptor_id.shape, HEXAGON_AREA_HA)


@cache
def area_receptor_ids(slug: str) -> np.ndarray:
    """Receptor ids of one Natura 2000 area (cached per area; read-only array)."""
    from veekompas.geodata import natura2000_area

    area = natura2000_area(slug)
    ids = receptors_in_polygons([ring for polygon in area.polygons for ring in polygon])
    ids.setflags(write=False)
    return ids


def area_receptors(slugs: list[str] | tuple[str, ...]) -> ReceptorSet:
    """The hexagons of the named areas (slugs of ``veekompas.geodata``), in the given order."""
    slugs = tuple(dict.fromkeys(slugs))
    per_area = [area_receptor_ids(s) for s in slugs]
    ids = np.concatenate(per_area) if per_area else np.empty(0, dtype=np.int64)
    index = np.repeat(np.arange(len(slugs)), [a.size for a in per_area])
    x, y = receptor_centres(ids)
    return ReceptorSet(ids, x, y, index, slugs)
