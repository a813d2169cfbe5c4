"""Deposition per Natura 2000 area and the stikstofvracht (calc/nature_deposition.py).

Expected values are worked out by hand from the inputs. KDW figures: table natura2000_kdw
(Veluwe and Binnenveld 714 mol N/ha/yr, H2330 and H7140B of Van Dobben et al. 2012, Alterra-
rapport 2397, flagged unverified; Stelkampsveld: not determined). Threshold: Lbv-plus, Stcrt.
2023, 15029, 2,500 mol N/yr.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veekompas.calc import nature_deposition as nd
from veekompas.calc.receptors import area_receptors
from veekompas.errors import InputError
from veekompas.settings import Settings

SLUGS = ("veluwe", "binnenveld", "stelkampsveld")
DEP = np.array([2.0, 4.0, 1.0, 10.0, 30.0, 7.0])  # mol N/ha/yr
AREA = np.array([0, 0, 1, 1, 2, 0])


def test_area_maximum_mean_and_percent_of_kdw():
    summaries, version = nd.area_depositions(DEP, AREA, SLUGS)
    assert version == "natura2000_kdw@2024-01-01"
    veluwe, binnenveld, stelkampsveld = summaries
    assert (veluwe.hexagons, veluwe.max_mol_per_ha_year) == (3, 7.0)
    assert veluwe.mean_mol_per_ha_year == pytest.approx((2 + 4 + 7) / 3)
    assert veluwe.kdw_mol_per_ha_year == 714
    assert veluwe.max_percent_of_kdw == pytest.approx(100 * 7 / 714)
    assert veluwe.kdw_unverified
    assert binnenveld.mean_mol_per_ha_year == pytest.approx(5.5)
    assert stelkampsveld.kdw_mol_per_ha_year is None
    assert stelkampsveld.max_percent_of_kdw is None
    assert stelkampsveld.max_mol_per_ha_year == 30.0


def test_areas_without_hexagons_are_left_out():
    summaries, _ = nd.area_depositions([1.0], [1], SLUGS)
    assert [s.area for s in summaries] == ["binnenveld"]


def test_stikstofvracht_without_background_assumes_areas_with_a_kdw_overloaded():
    result = nd.stikstofvracht(DEP, AREA, SLUGS)
    # Veluwe 2 + 4 + 7 and Binnenveld 1 + 10, each x 1 ha; Stelkampsveld (no KDW) not counted
    assert result.mol_per_year == pytest.approx(24.0)
    assert result.counted_hexagons == 5
    assert result.counted_areas == ["veluwe", "binnenveld"]
    assert result.areas_without_kdw == ["stelkampsveld"]
    assert result.assumption == nd.ASSUMED_OVERLOADED
    assert {f.code for f in result.unverified} == {"veluwe", "binnenveld"}
    assert not result.meets_threshold


def test_stikstofvracht_with_background_counts_only_overloaded_hexagons():
    background = np.array([700.0, 800.0, 714.0, 900.0, 5000.0, 715.0])
    result = nd.stikstofvracht(DEP, AREA, SLUGS, background_mol_per_ha_year=background)
    # above 714: Veluwe hexagons 1 (4) and 5 (7), Binnenveld hexagon 3 (10); 714 is not above
    assert result.mol_per_year == pytest.approx(21.0)
    assert result.counted_hexagons == 3
    assert result.assumption == nd.BACKGROUND_GIVEN


def test_hexagon_area_weights_the_deposition():
    half = nd.stikstofvracht(DEP, AREA, SLUGS, hexagon_area_ha=0.5)
    assert half.mol_per_year == pytest.approx(12.0)


@pytest.mark.parametrize(("total", "meets"), [(2500.0, True), (2499.99, False)])
def test_lbv_plus_threshold_is_at_least_2500(total, meets):
    result = nd.stikstofvracht([total], [0], ("veluwe",))
    assert result.threshold_mol_per_year == 2500
    assert result.meets_threshold is meets


def test_threshold_is_a_setting(monkeypatch):
    assert Settings().stikstofvracht_threshold_mol_per_year == nd.LBV_PLUS_THRESHOLD_MOL_PER_YEAR
    monkeypatch.setenv("VEEKOMPAS_STIKSTOFVRACHT_THRESHOLD_MOL_PER_YEAR", "1000")
    threshold = Settings().stikstofvracht_threshold_mol_per_year
    assert nd.stikstofvracht(
        [1200.0], [0], ("veluwe",), threshold_mol_per_year=threshold
    ).meets_threshold


def test_uniform_deposition_on_the_veluwe_hexagons():
    """0.05 mol/ha/yr on every 1 ha hexagon of the Veluwe: vracht = 0.05 x its hexagon count,
    about 0.05 x 88,454 ha (the ring area)."""
    rs = area_receptors(["veluwe"])
    result = nd.stikstofvracht(np.full(len(rs), 0.05), rs.area_index, rs.area_slugs)
    assert result.mol_per_year == pytest.approx(0.05 * len(rs))
    assert result.mol_per_year == pytest.approx(0.05 * 88_454, rel=0.005)


@given(st.floats(min_value=0, max_value=1e3), st.integers(min_value=0, max_value=5))
def test_vracht_is_linear_in_the_deposition(scale, seed):
    dep = np.random.default_rng(seed).uniform(0, 50, AREA.size)
    base = nd.stikstofvracht(dep, AREA, SLUGS).mol_per_year
    scaled = nd.stikstofvracht(scale * dep, AREA, SLUGS).mol_per_year
    assert scaled == pytest.approx(scale * base, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("dep", "area", "message"),
    [
        ([1.0, 2.0], [0], "deposition: 2 values for 1 hexagons"),
        ([-1.0], [0], "deposition: must be finite numbers of 0 or more"),
        ([float("nan")], [0], "deposition: must be finite numbers of 0 or more"),
        ([1.0], [3], "area_index: must lie in 0 .. 2"),
    ],
)
def test_bad_input_is_refused(dep, area, message):
    with pytest.raises(InputError) as err:
        nd.stikstofvracht(dep, area, SLUGS)
    assert str(err.value).startswith(message)
    with pytest.raises(InputError):
        nd.area_depositions(dep, area, SLUGS)


def test_bad_background_and_threshold_are_refused():
    with pytest.raises(InputError, match="background: 1 values for 6 hexagons"):
        nd.stikstofvracht(DEP, AREA, SLUGS, background_mol_per_ha_year=[1.0])
    with pytest.raises(InputError, match="threshold_mol_per_year"):
        nd.stikstofvracht(DEP, AREA, SLUGS, threshold_mol_per_year=-1)
