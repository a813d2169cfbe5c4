"""Physics properties of the deposition model (hypothesis) and its input checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veekompas.calc import deposition as dep
from veekompas.calc import dispersion
from veekompas.errors import InputError

X0, Y0 = 170_000.0, 450_000.0


def _point(nh3=1000.0, height=5.0, spread=2.5, x=X0, y=Y0):
    return dep.point_sources(["s"], [x], [y], [height], [spread], [nh3])


def _receptors_along(bearing_deg: float, distances_m) -> dep.Receptors:
    d = np.asarray(distances_m, dtype=float)
    b = math.radians(bearing_deg)
    return dep.make_receptors(
        [str(i) for i in range(len(d))], X0 + d * math.sin(b), Y0 + d * math.cos(b)
    )


@settings(max_examples=30, deadline=None)
@given(
    nh3=st.floats(1.0, 1e5),
    factor=st.floats(0.01, 100.0),
    height=st.floats(0.5, 40.0),
    distance=st.floats(20.0, 24_000.0),
    bearing=st.floats(0.0, 359.9),
)
def test_deposition_is_linear_in_emission(nh3, factor, height, distance, bearing):
    rec = _receptors_along(bearing, [distance])
    one = dep.deposition(_point(nh3, height, 0.0), rec).deposition_mol_n_per_ha_year[0]
    scaled = dep.deposition(_point(nh3 * factor, height, 0.0), rec).deposition_mol_n_per_ha_year
    assert one > 0
    assert scaled[0] == pytest.approx(one * factor, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    height=st.floats(0.0, 10.0),
    bearing=st.floats(0.0, 359.9),
    near=st.floats(50.0, 20_000.0),
    step=st.floats(1.05, 5.0),
)
def test_deposition_decreases_with_distance_downwind(height, bearing, near, step):
    """Along any ray from a low source, farther receptors get less (OPS: a low source's deposition
    falls monotonically once the plume touches the ground)."""
    far = min(near * step, 24_900.0)
    rec = _receptors_along(bearing, [near, far])
    values = dep.deposition(_point(500.0, height, height / 2), rec).deposition_mol_n_per_ha_year
    assert far > near
    assert values[0] > values[1] > 0


@settings(max_examples=25, deadline=None)
@given(
    cutoff_km=st.floats(1.0, 30.0),
    beyond=st.floats(1.0001, 3.0),
    bearing=st.floats(0.0, 359.9),
)
def test_nothing_beyond_the_cutoff(cutoff_km, beyond, bearing):
    cutoff = cutoff_km * 1000
    rec = _receptors_along(bearing, [cutoff * 0.99, cutoff * beyond])
    values = dep.deposition(_point(), rec, cutoff_m=cutoff).deposition_mol_n_per_ha_year
    assert values[0] > 0
    assert values[1] == 0.0


def test_default_cutoff_is_25_km_as_aerius():
    rec = _receptors_along(90.0, [24_990.0, 25_010.0])
    values = dep.deposition(_point(), rec).deposition_mol_n_per_ha_year
    assert values[0] > 0 and values[1] == 0


def test_sources_add_up_and_order_of_sources_does_not_matter():
    a = _point(300.0, x=X0)
    b = _point(700.0, x=X0 + 2000, y=Y0 - 500)
    rec = _receptors_along(45.0, [100.0, 3000.0, 9000.0])
    both = dep.deposition(dep.concat_sources([a, b]), rec).deposition_mol_n_per_ha_year
    swapped = dep.deposition(dep.concat_sources([b, a]), rec).deposition_mol_n_per_ha_year
    single = sum(dep.deposition(s, rec).deposition_mol_n_per_ha_year for s in (a, b))
    np.testing.assert_allclose(both, single, rtol=1e-12)
    np.testing.assert_allclose(both, swapped, rtol=1e-12)


def test_area_source_far_away_equals_a_point_source():
    """Beyond a few sizes a 200 m x 200 m area source is its centre point (within 3%); inside, the
    area source spreads its emission and stays below a point source's value at 10 m."""
    area = dep.rectangle_sources(
        ["a"], [X0 - 100], [Y0 - 100], [X0 + 100], [Y0 + 100], [5.0], [2.5], [1000.0]
    )
    rec = _receptors_along(200.0, [10.0, 50.0, 5000.0, 15_000.0])
    at_area = dep.deposition(area, rec).deposition_mol_n_per_ha_year
    at_point = dep.deposition(_point(), rec).deposition_mol_n_per_ha_year
    np.testing.assert_allclose(at_area[2:], at_point[2:], rtol=0.03)
    assert 0 < at_area[1] < at_area[0] < at_point[0] / 3


def test_deposition_falls_with_wind_frequency():
    """Receptors downwind of the most frequent (SW) wind get more than those upwind of it."""
    rec = dep.make_receptors(["ne", "sw"], [X0 + 2000, X0 - 2000], [Y0 + 2000, Y0 - 2000])
    values = dep.deposition(_point(), rec).deposition_mol_n_per_ha_year
    assert values[0] > 1.5 * values[1]


def test_deposited_mass_within_25_km_is_a_fraction_of_the_emission():
    """Mass balance of the kernel: the NH3 + NH4+ deposited within 25 km (at receptor land use) is
    between 0 and the emission, and less for 30 m than for 5 m."""
    x = dispersion.distance_grid(25_000, 3000)
    fractions = []
    for height in (5.0, 30.0):
        k = dispersion.radial_kernel(x, height, 2.5)
        fractions.append(float(np.sum(0.5 * (k[1:] + k[:-1]) * np.diff(x))))
    assert 0 < fractions[1] < fractions[0] < 1


def test_results_carry_label_and_the_unverified_wind_rose():
    result = dep.deposition(_point(), _receptors_along(0.0, [500.0]))
    assert result.label == "indicatief — niet de wettelijke AERIUS-berekening"
    assert "ops_meteo_classes@1990-01-01" in result.norm_versions
    assert {u.table for u in result.unverified} == {"wind_direction_sectors@1990-01-01"}
    assert len(result.unverified) == 12


def test_mol_conversion():
    """1 kg NH3 = 1000/17.031 mol N (M(NH3) = 17.031 g/mol)."""
    assert abs(dep.MOL_N_PER_KG_NH3 - 58.716) < 1e-3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"nh3": -1.0}, "nh3_kg_per_year: row s: -1.0 is not an emission >= 0 kg NH3/yr"),
        ({"height": 150.0}, "emission_height_m: row s: 150.0 is not a height 0-100 m"),
        (
            {"height": 2.0, "spread": 3.0},
            "spread_m: row s: spread must not exceed the emission height",
        ),
        ({"x": float("nan")}, "x_rd: row s: nan is not an RD New x in metres (-7000 to 300000)"),
        ({"y": 52.1}, "y_rd: row s: 52.1 is not an RD New y in metres (289000 to 629000)"),
    ],
)
def test_bad_sources_raise_input_error_naming_the_field(kwargs, message):
    with pytest.raises(InputError) as err:
        _point(**kwargs)
    assert str(err.value) == message


def test_bad_rectangle_and_cutoff():
    with pytest.raises(InputError, match=r"^xmax_rd: source a: xmax/ymax must be >= xmin/ymin"):
        dep.rectangle_sources(["a"], [10], [0], [0], [10], [5], [1], [1])
    with pytest.raises(InputError, match=r"^cutoff_km: 0 is not a distance of 0-100 km"):
        dep.deposition(_point(), _receptors_along(0, [10]), cutoff_m=0)


def test_polygon_is_split_preserving_emission_and_centroid():
    ring = np.array([[0, 0], [100, 0], [100, 50], [0, 50], [0, 0]], dtype=float)
    ring += np.array([X0, Y0])
    parts = dep.polygon_to_rectangles("p", ring, 5.0, 2.5, 900.0)
    assert parts.nh3_kg_per_year.sum() == pytest.approx(900.0)
    assert parts.x_m.mean() == pytest.approx(X0 + 50, abs=1e-6)
    assert parts.y_m.mean() == pytest.approx(Y0 + 25, abs=1e-6)
    with pytest.raises(InputError, match=r"^geometry: source q: a polygon needs >= 3"):
        dep.polygon_to_rectangles("q", ring[:2], 5.0, 2.5, 1.0)


def test_no_sources_gives_zero_everywhere():
    empty = dep.concat_sources([_point().subset(np.array([], dtype=int))])
    result = dep.deposition(empty, _receptors_along(0.0, [10.0, 100.0]))
    np.testing.assert_array_equal(result.deposition_mol_n_per_ha_year, [0.0, 0.0])
    assert result.label == dep.LABEL
