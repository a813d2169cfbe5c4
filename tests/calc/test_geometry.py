"""Points in polygons and distances, on shapes whose answers follow from plane geometry."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from veekompas.calc.geometry import distance_to_area, distance_to_boundary, inside

SQUARE = np.array([[0, 0], [100, 0], [100, 100], [0, 100]], dtype=float)
HOLE = np.array([[40, 40], [60, 40], [60, 60], [40, 60]], dtype=float)
FIELD = [(SQUARE, HOLE)]  # a 100 m square with a 20 m hole in the middle


def test_inside_with_a_hole_and_a_second_polygon():
    other = [(SQUARE + 1000,)]
    points = [[10, 10], [50, 50], [150, 50], [1050, 1050]]
    assert inside(points, FIELD).tolist() == [True, False, False, False]
    assert inside(points, FIELD + other).tolist() == [True, False, False, True]


def test_distances():
    points = [[50, 150], [130, 140], [50, 50], [10, 50]]
    # above the square: 50 m; beyond a corner: 3-4-5 triangle; in the hole: 10 m to its edge
    assert np.allclose(distance_to_boundary(points, FIELD), [50, 50, 10, 10])
    assert np.allclose(distance_to_area(points, FIELD), [50, 50, 10, 0])


@given(st.floats(-500, 500), st.floats(-500, 500))
def test_distance_to_area_is_zero_inside_and_the_edge_distance_outside(x, y):
    d = distance_to_area([[x, y]], FIELD)[0]
    edge = distance_to_boundary([[x, y]], FIELD)[0]
    assert d == (0.0 if inside([[x, y]], FIELD)[0] else edge)
    assert d >= 0
