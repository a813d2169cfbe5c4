"""The AERIUS receptor hexagon grid (calc/receptors.py) against AERIUS Calculator 2024 output.

Reference data (tests/cases/aerius_2024/README.md): the receptor ids and hexagon centres that
AERIUS Calculator 2024.0.1 reported for the single-farm case near Wommels (4,295 hexagons,
centres printed to 0.1 m in x and y after AERIUS' own rounding, differences up to 0.5 m) and every
10th of the 38,541 receptors of the northern Netherlands benchmark (centres to 0.1 m). Grid
constants: AERIUS database grid functions (bounding box 3604 296800 287959 629300, 10,000 m2 at
zoom level 1); see the module docstring.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veekompas.calc import receptors
from veekompas.errors import InputError
from veekompas.geodata import natura2000_area, natura2000_areas

CASE = Path(__file__).parents[1] / "cases" / "aerius_2024"


def _read(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with (CASE / name).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ids = np.array([int(r["receptor_id"]) for r in rows])
    x = np.array([float(r["x_rd"]) for r in rows])
    y = np.array([float(r["y_rd"]) for r in rows])
    return ids, x, y


@pytest.mark.parametrize(
    ("name", "tolerance_m"),
    [("results_5m.csv", 0.5), ("receptors_north_nl_every10th.csv", 0.05 + 1e-6)],
)
def test_ids_give_the_aerius_centres(name, tolerance_m):
    ids, x, y = _read(name)
    assert len(ids) > 3000
    cx, cy = receptors.receptor_centres(ids)
    assert np.abs(cx - x).max() <= tolerance_m
    assert np.abs(cy - y).max() <= tolerance_m


@pytest.mark.parametrize("name", ["results_5m.csv", "receptors_north_nl_every10th.csv"])
def test_aerius_centres_give_their_ids(name):
    ids, x, y = _read(name)
    assert np.array_equal(receptors.receptor_ids_at(x, y), ids)


def test_grid_constants_follow_from_1_ha():
    assert receptors.PER_ROW == 1529
    # a regular hexagon of radius r has area 3 sqrt(3) / 2 r^2
    assert 1.5 * np.sqrt(3) * receptors.RADIUS_M**2 == pytest.approx(10_000.0)
    ring = receptors.hexagon_corners(4_000_000)
    x, y = ring[:, 0], ring[:, 1]
    assert 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) == pytest.approx(1e4)


@given(
    st.floats(min_value=10_000, max_value=280_000), st.floats(min_value=300_000, max_value=620_000)
)
def test_a_point_lies_in_the_hexagon_of_its_id(x, y):
    """The hexagon found for a point is the one with the nearest centre, within the radius."""
    rid = receptors.receptor_ids_at([x], [y])[0]
    cx, cy = receptors.receptor_centres([rid])
    assert np.hypot(cx[0] - x, cy[0] - y) <= receptors.RADIUS_M + 1e-9
    neighbours = rid + np.array([-1, 1, -receptors.PER_ROW, receptors.PER_ROW])
    nx, ny = receptors.receptor_centres(neighbours)
    assert np.hypot(cx[0] - x, cy[0] - y) <= np.hypot(nx - x, ny - y).min() + 1e-9


def test_bad_ids_and_points_are_refused():
    with pytest.raises(InputError, match="receptor_id: 0 is outside the grid"):
        receptors.receptor_centres([0])
    with pytest.raises(InputError, match=r"^location: point outside"):
        receptors.receptor_ids_at([100_000], [700_000])


def test_area_hexagons_cover_the_area():
    """One hexagon per hectare: the count matches the ring area of the large inland areas."""
    for slug in ("veluwe", "rijntakken", "veluwerandmeren", "sallandse-heuvelrug"):
        area = natura2000_area(slug)
        assert receptors.area_receptor_ids(slug).size == pytest.approx(
            area.shape_area_ha(), rel=0.005
        ), slug


def test_hexagon_centres_lie_inside_the_area_and_neighbours_outside_do_not():
    """Brute-force check on a small area: every grid centre in its bounding box, tested with a
    plain ray-casting loop, is selected exactly when it is inside."""
    area = natura2000_area("binnenveld")
    rings = [ring for poly in area.polygons for ring in poly]
    x_min, y_min, x_max, y_max = area.bbox
    ids = receptors.receptor_ids_at(
        *np.meshgrid(np.arange(x_min, x_max, 20.0), np.arange(y_min, y_max, 20.0))
    )
    candidates = np.unique(ids)
    cx, cy = receptors.receptor_centres(candidates)
    inside = np.zeros(candidates.size, dtype=bool)
    for ring in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            crosses = (y1 > cy) != (y2 > cy)
            with np.errstate(divide="ignore", invalid="ignore"):
                xc = x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
            inside ^= crosses & (cx < xc)
    selected = receptors.area_receptor_ids("binnenveld")
    assert selected.size > 50
    assert np.array_equal(np.sort(candidates[inside]), selected)


def test_most_aerius_nature_receptors_fall_in_the_packaged_areas():
    """AERIUS reports deposition on nature hexagons; the case near Wommels lies 11-25 km from
    Natura 2000 areas, some of them Waddenzee, which the packaged boundaries leave out."""
    ids, _, _ = _read("results_5m.csv")
    ours = np.concatenate([receptors.area_receptor_ids(a.slug) for a in natura2000_areas()])
    assert np.isin(ids, ours).mean() > 0.75


def test_receptor_set_of_areas():
    rs = receptors.area_receptors(["binnenveld", "veluwe", "binnenveld"])
    assert rs.area_slugs == ("binnenveld", "veluwe")
    n_b = receptors.area_receptor_ids("binnenveld").size
    assert len(rs) == n_b + receptors.area_receptor_ids("veluwe").size
    assert (rs.area_index[:n_b] == 0).all() and (rs.area_index[n_b:] == 1).all()
    assert np.array_equal(receptors.receptor_ids_at(rs.x_rd, rs.y_rd), rs.receptor_id)
    assert rs.area_ha.sum() == len(rs)


def test_unknown_area_names_close_slugs():
    with pytest.raises(InputError, match="veluwe"):
        receptors.area_receptor_ids("veluw")
