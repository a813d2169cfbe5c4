"""Geometry for web maps, in RD New [m]: line simplification, cell masks to polygon rings,
convex hulls and hexagon outlines. Pure numpy; the web layer turns the results into WGS84.
"""

from __future__ import annotations

import numpy as np

from veekompas.calc.receptors import RADIUS_M, receptor_centres


def simplify_ring(ring: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Douglas-Peucker simplification of a closed ring (k, 2) [m]; the result stays closed and
    keeps at least 4 points (a triangle) when the input had them.

    Notes
    -----
    Iterative (a stack of spans), each span's farthest point found with numpy.
    """
    ring = np.asarray(ring, dtype=float)
    if len(ring) <= 4:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[0] = keep[-1] = True
    # split a closed ring at its farthest point from the start so both halves are open lines
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        a, b = ring[i], ring[j]
        seg = ring[i + 1 : j]
        d = b - a
        length = np.hypot(*d)
        if length == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance_m:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    out = ring[keep]
    if len(out) < 4:
        idx = np.linspace(0, len(ring) - 1, 4).round().astype(int)
        out = ring[idx]
    return out


def hexagon_rings(receptor_ids: np.ndarray) -> np.ndarray:
    """Closed rings (n, 7, 2) [m, RD New] of the hexagons; the same corners as
    :func:`veekompas.calc.receptors.hexagon_corners`, for many hexagons at once."""
    x, y = receptor_centres(np.asarray(receptor_ids, dtype=np.int64))
    angles = np.deg2rad(np.arange(0, 420, 60))
    return np.stack(
        [x[:, None] + RADIUS_M * np.cos(angles), y[:, None] + RADIUS_M * np.sin(angles)], axis=-1
    )


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (Andrew's monotone chain) as a closed counter-clockwise ring (k, 2)."""
    pts = np.unique(np.asarray(points, dtype=float), axis=0)
    if len(pts) < 3:
        return np.vstack([pts, pts[:1]])

    def half(seq: np.ndarray) -> list[np.ndarray]:
        chain: list[np.ndarray] = []
        for p in seq:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(pts), half(pts[::-1])
    hull = np.array(lower[:-1] + upper[:-1])
    return np.vstack([hull, hull[:1]])


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def _inside(point: np.ndarray, ring: np.ndarray) -> bool:
    x, y = ring[:-1, 0], ring[:-1, 1]
    x2, y2 = ring[1:, 0], ring[1:, 1]
    cross = (y > point[1]) != (y2 > point[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x + (point[1] - y) * (x2 - x) / (y2 - y)
    return bool(np.count_nonzero(cross & (point[0] < xs)) % 2)


def mask_polygons(mask: np.ndarray, x_m: np.ndarray, y_m: np.ndarray) -> list[list[np.ndarray]]:
    """The union of the grid cells where ``mask`` is true as polygons (exterior ring first,
    counter-clockwise, then holes), each ring closed (k, 2) [m].

    Parameters
    ----------
    mask : (ny, nx) booleans; row i at ``y_m[i]``, column j at ``x_m[j]``.
    x_m, y_m : the cell centres of a regular grid [m] (equal spacing).

    Notes
    -----
    Each true cell is the square of one grid step around its centre. The boundary edges (between
    a true cell and a false or outside one) are chained with the inside on the left; at a vertex
    where two boundaries touch corner to corner the chain turns left (keeps to its own cells),
    so such cells end up in separate rings. Collinear vertices are dropped.
    """
    mask = np.asarray(mask, dtype=bool)
    step = float(x_m[1] - x_m[0]) if len(x_m) > 1 else 1.0
    padded = np.pad(mask, 1)
    core = padded[1:-1, 1:-1]
    # vertex (i, j) is the lower-left corner of cell (i, j); i along y, j along x
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def add(starts: np.ndarray, di: int, dj: int) -> None:
        for i, j in zip(*starts, strict=True):
            edges.setdefault((int(i), int(j)), []).append((int(i) + di, int(j) + dj))

    bottom = core & ~padded[:-2, 1:-1]  # edge along the bottom, left to right
    top = core & ~padded[2:, 1:-1]  # along the top, right to left
    left = core & ~padded[1:-1, :-2]  # along the left, top to bottom
    right = core & ~padded[1:-1, 2:]  # along the right, bottom to top
    i, j = np.nonzero(bottom)
    add((i, j), 0, 1)
    i, j = np.nonzero(top)
    add((i + 1, j + 1), 0, -1)
    i, j = np.nonzero(left)
    add((i + 1, j), -1, 0)
    i, j = np.nonzero(right)
    add((i, j + 1), 1, 0)
    rings: list[np.ndarray] = []
    while edges:
        start = next(iter(edges))
        ring = [start]
        prev, here = None, start
        while True:
            options = edges[here]
            if len(options) == 1 or prev is None:
                nxt = options.pop(0)
            else:
                di, dj = here[0] - prev[0], here[1] - prev[1]
                left_turn = (here[0] + dj, here[1] - di)  # turning left of (di, dj)
                nxt = left_turn if left_turn in options else options[0]
                options.remove(nxt)
            if not options:
                del edges[here]
            prev, here = here, nxt
            if here == start:
                break
            ring.append(here)
        pts = np.array([*ring, start], dtype=float)
        d1 = np.diff(pts[:-1], axis=0)
        d2 = np.diff(pts[1:], axis=0)
        turn = np.ones(len(pts), dtype=bool)
        turn[1:-1] = (d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0]) != 0
        pts = pts[turn]
        if not np.array_equal(pts[0], pts[-1]):
            pts = np.vstack([pts, pts[:1]])
        xy = np.column_stack([x_m[0] + (pts[:, 1] - 0.5) * step, y_m[0] + (pts[:, 0] - 0.5) * step])
        rings.append(xy)
    outer = [r for r in rings if _signed_area(r) > 0]
    holes = [r for r in rings if _signed_area(r) < 0]
    polygons: list[list[np.ndarray]] = [[r] for r in outer]
    for hole in holes:
        # a point just right of the hole's first edge lies inside the hole, off every boundary
        d = hole[1] - hole[0]
        probe = (hole[0] + hole[1]) / 2 + np.array([d[1], -d[0]]) * 0.25
        owners = [k for k, r in enumerate(outer) if _inside(probe, r)]
        if owners:
            k = min(owners, key=lambda k: abs(_signed_area(outer[k])))
            polygons[k].append(hole)
    return polygons
