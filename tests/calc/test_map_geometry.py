"""Web-map geometry: cell masks to polygons, convex hull, ring simplification, hexagons."""

from __future__ import annotations

import numpy as np

from veekompas.calc.map_geometry import convex_hull, hexagon_rings, mask_polygons, simplify_ring
from veekompas.calc.receptors import hexagon_corners, receptor_ids_at


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def test_mask_polygons_cover_exactly_the_true_cells_with_holes_and_corner_touches():
    mask = np.zeros((7, 8), dtype=bool)
    mask[1:6, 1:6] = True
    mask[3, 3] = False  # a hole
    mask[0, 7] = mask[1, 6] = False
    mask[6, 6] = True  # touches the block only at a corner: its own polygon
    x = 1000.0 + 10.0 * np.arange(8)
    y = 2000.0 + 10.0 * np.arange(7)
    polygons = mask_polygons(mask, x, y)
    assert len(polygons) == 2
    total = sum(_area(p[0]) + sum(_area(h) for h in p[1:]) for p in polygons)
    assert total == mask.sum() * 100.0
    block = max(polygons, key=lambda p: _area(p[0]))
    assert len(block) == 2 and _area(block[1]) == -100.0  # hole, clockwise
    assert len(block[0]) == 5  # a square: 4 corners, closed, collinear points dropped
    assert block[0][:, 0].min() == 1005.0 and block[0][:, 1].max() == 2055.0
    for poly in polygons:
        for ring in poly:
            assert np.array_equal(ring[0], ring[-1])


def test_mask_polygons_of_an_empty_mask_is_empty():
    assert mask_polygons(np.zeros((3, 3), bool), np.arange(3.0), np.arange(3.0)) == []


def test_convex_hull_keeps_the_corners_only():
    rng = np.random.default_rng(5)
    inner = rng.uniform(1, 9, size=(200, 2))
    corners = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], dtype=float)
    hull = convex_hull(np.vstack([inner, corners]))
    assert len(hull) == 5 and _area(hull) == 100.0
    assert {tuple(p) for p in hull} == {tuple(p) for p in corners}


def test_simplify_ring_stays_within_tolerance():
    t = np.linspace(0, 2 * np.pi, 2001)
    ring = np.column_stack([1000 * np.cos(t), 1000 * np.sin(t)])
    ring[-1] = ring[0]
    simple = simplify_ring(ring, 5.0)
    assert 10 < len(simple) < 200 and np.array_equal(simple[0], simple[-1])
    # every kept vertex is an original one, and the chords stay within 5 m of the circle
    mid = (simple[1:] + simple[:-1]) / 2
    assert np.all(1000 - np.hypot(*mid.T) <= 5.0 + 1e-9)


def test_hexagon_rings_are_the_receptor_modules_corners():
    ids = receptor_ids_at([172_000.0, 190_500.0, 155_000.0], [460_000.0, 470_250.0, 463_000.0])
    rings = hexagon_rings(ids)
    assert rings.shape == (3, 7, 2)
    for rid, ring in zip(ids, rings, strict=True):
        np.testing.assert_allclose(ring, hexagon_corners(int(rid)), atol=1e-9)
