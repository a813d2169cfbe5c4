"""Plume kernels (calc/dispersion.py) against the OPS 5.1.1.0 description (RIVM 2023) and
Duyzer (1994)."""

from __future__ import annotations

import numpy as np
import pytest

from veekompas.calc import dispersion


def test_six_ops_classes_with_frequencies_of_table_2_5():
    """OPS Table 2.5: U1 10, U2 22, N1 18, N2 17, S1 13, S2 20 %."""
    classes = dispersion.meteo_classes()
    assert [c.code for c in classes] == ["U1", "U2", "N1", "N2", "S1", "S2"]
    assert [round(c.frequency * 100) for c in classes] == [10, 22, 18, 17, 13, 20]


def test_vertical_factor_tends_to_full_mixing():
    """OPS Eq. 3.15 tends to 1/zi (Eq. 3.9) when sigma_z grows beyond the mixing height."""
    zi = 500.0
    for h in (1.0, 5.0, 50.0):
        assert dispersion.vertical_factor(np.array([1.6 * zi]), h, zi)[0] == pytest.approx(
            1 / zi, rel=0.015
        )


def test_vertical_factor_of_a_ground_source_near_the_source():
    """For sigma_z << zi and h = 0 Dz = 2 / (sqrt(2 pi) sigma_z) (ground reflection only)."""
    sigma = np.array([2.0, 10.0])
    expected = 2 / (np.sqrt(2 * np.pi) * sigma)
    np.testing.assert_allclose(dispersion.vertical_factor(sigma, 0.0, 1000.0), expected)


def test_sigma_z_grows_with_distance_and_is_smallest_when_stable():
    x = np.array([100.0, 1000.0, 10_000.0])
    by_class = {c.code: dispersion.sigma_z(x, 5.0, 0.0, c) for c in dispersion.meteo_classes()}
    for values in by_class.values():
        assert np.all(np.diff(values) > 0)
    assert by_class["S1"][-1] < by_class["N1"][-1] < by_class["U2"][-1]


def test_class_average_deposition_velocity_of_nh3_is_duyzers():
    """Duyzer (1994, JGR 99(D9)): annual average NH3 vd to heathland 1.4 cm/s; the trajectory
    canopy resistance (30 s/m) is chosen to give it with OPS's Ra(4) of Table 2.5."""
    vd = {}
    for cls in dispersion.meteo_classes():
        schmidt = dispersion.AIR_VISCOSITY_M2_PER_S / (dispersion.NH3_DIFFUSIVITY_CM2_PER_S * 1e-4)
        rb = 2 / (0.4 * cls.friction_velocity_m_per_s) * (schmidt / 0.72) ** (2 / 3)
        vd[cls.code] = 1 / (cls.ra4_s_per_m + rb + dispersion.CANOPY_RESISTANCE_NH3_S_PER_M)
    mean = sum(c.frequency * vd[c.code] for c in dispersion.meteo_classes())
    assert mean == pytest.approx(0.014, rel=0.05)


def test_friction_velocity_from_the_wind_profile_matches_table_2_5_where_consistent():
    """u* derived from u10 and L (OPS Eq. 2.13-2.15, z0 0.1 m) within 30% of Table 2.5 for the
    classes where the printed u* fits its Ra(4); S1 (printed 0.53) gives about 0.05 m/s."""
    printed = {"U1": 0.28, "U2": 0.43, "N1": 0.36, "N2": 0.68, "S2": 0.18}
    for cls in dispersion.meteo_classes():
        if cls.code in printed:
            assert cls.friction_velocity_m_per_s == pytest.approx(printed[cls.code], rel=0.3)
        else:
            assert 0.03 < cls.friction_velocity_m_per_s < 0.07
