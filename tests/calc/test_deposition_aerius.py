"""The screening model against AERIUS Calculator 2024.0.1 on one farm (tests/cases/
aerius_2024_single_farm, see its README): 960 kg NH3/yr from a barn polygon near Wommels at 5 m
and 30 m emission height (spread 2.5 m), 4,295 Natura 2000 receptors 11-25 km away.

One constant of the model was tuned on the 5 m case (the receptor's effective canopy resistance,
see docs/deposition-model.md); the 30 m case, the rank correlations and the near-field check are
not tuned on.
"""

from __future__ import annotations

import numpy as np
import pytest
from aerius_case import CASE, read_imaer_source, read_results, spearman

from veekompas.calc import deposition as dep


def _sources(height: str) -> dep.Sources:
    s = read_imaer_source(CASE / f"input_{height}.gml")
    return dep.polygon_to_rectangles(
        "ES.1", s.ring_xy, s.emission_height_m, s.spread_m, s.nh3_kg_per_year
    )


@pytest.fixture(scope="module")
def comparison():
    out = {}
    for height in ("5m", "30m"):
        ids, x, y, aerius = read_results(CASE / f"results_{height}.csv")
        model = dep.deposition(_sources(height), dep.make_receptors(ids, x, y))
        out[height] = (model, aerius)
    return out


def test_case_is_read_from_the_imaer_files():
    five, thirty = (read_imaer_source(CASE / f"input_{h}.gml") for h in ("5m", "30m"))
    assert (five.emission_height_m, thirty.emission_height_m) == (5.0, 30.0)
    assert five.spread_m == thirty.spread_m == 2.5
    assert five.nh3_kg_per_year == 960.0
    assert five.ring_xy.shape == (7, 2)
    sources = _sources("5m")
    assert sources.nh3_kg_per_year.sum() == pytest.approx(960.0)
    assert sources.x_m.mean() == pytest.approx(167_833, abs=30)
    assert sources.y_m.mean() == pytest.approx(569_285, abs=30)


@pytest.mark.parametrize("height", ["5m", "30m"])
def test_model_against_aerius(comparison, height):
    """Median model/AERIUS ratio in [0.5, 2.0] and Spearman rank correlation >= 0.5."""
    model, aerius = comparison[height]
    values = model.deposition_mol_n_per_ha_year
    assert len(values) == len(aerius) == 4295
    ratio = values / aerius
    median = float(np.median(ratio))
    p10, p90 = np.percentile(ratio, [10, 90])
    rho = spearman(values, aerius)
    print(
        f"\nAERIUS single farm {height}: median ratio model/AERIUS {median:.2f}, "
        f"10-90% band {p10:.2f}-{p90:.2f}, Spearman {rho:.3f} ({len(ratio)} receptors)"
    )
    assert model.label == dep.LABEL
    assert 0.5 <= median <= 2.0
    assert rho >= 0.5


def test_the_tuned_5m_case_is_within_the_aim(comparison):
    """The aim of the issue: median within [0.8, 1.25] (5 m; this case tuned one constant)."""
    model, aerius = comparison["5m"]
    assert 0.8 <= np.median(model.deposition_mol_n_per_ha_year / aerius) <= 1.25


def test_height_effect_far_away_has_the_sign_of_aerius(comparison):
    """AERIUS: at 11-25 km the 30 m source gives slightly more than the 5 m one (less depleted)."""
    ratio_aerius = np.median(comparison["30m"][1] / comparison["5m"][1])
    ratio_model = np.median(
        comparison["30m"][0].deposition_mol_n_per_ha_year
        / comparison["5m"][0].deposition_mol_n_per_ha_year
    )
    print(f"\n30 m / 5 m at 11-25 km: AERIUS {ratio_aerius:.2f}, model {ratio_model:.2f}")
    assert ratio_aerius > 1.0
    assert ratio_model > 1.0


def test_30m_source_gives_less_deposition_nearby_than_5m():
    """Within 1.5 km of the barn, in every direction, the 30 m source deposits less."""
    angles = np.radians(np.arange(0, 360, 15))
    distances = np.array([100.0, 250.0, 500.0, 1000.0, 1500.0])
    a, r = np.meshgrid(angles, distances)
    x = 167_833 + r.ravel() * np.sin(a.ravel())
    y = 569_285 + r.ravel() * np.cos(a.ravel())
    receptors = dep.make_receptors([str(i) for i in range(len(x))], x, y)
    low = dep.deposition(_sources("5m"), receptors).deposition_mol_n_per_ha_year
    high = dep.deposition(_sources("30m"), receptors).deposition_mol_n_per_ha_year
    assert np.all(high < low)
    assert np.median(high / low) < 0.5
