"""Odour and PM10 of animal housing (calc/emissions.py, calc/rgv.py) against the sources.

Odour factors: Regeling geurhinder en veehouderij (BWBR0020711), Bijlage 1 as consolidated on
2015-08-03: vleeskalveren (A 4) 'emissiearme en overige huisvesting' 35,6 ouE/s per dier, with a
chemical scrubber 30% odour reduction 24,9, with the combined scrubber BWL 2007.02.V4 (75%) 8,9
and BWL 2009.12.V2 (85%) 5,3; vleesvarkens (D 3) 'emissiearme huisvesting (<= 1,5 kg NH3)' 17,9
and 'overige huisvesting' 23,0; melk- en kalfkoeien (A 1) and vrouwelijk jongvee (A 3): no odour
factor (Wgv art. 4: fixed distances). Rav codes: Rav Bijlage 1 (BWBR0013629), 2015-08-03: A 4.100
overige huisvesting (3,5 kg NH3), A 4.3 chemisch luchtwassysteem 70%, A 4.5.4 gecombineerd
luchtwassysteem with BWL 2007.02.V4, 2009.12.V2 and 2010.02.V3, D 3.2.6.1.1 (1,5 kg NH3), D 3.100.
PM10: InfoMil 'Emissiefactoren per diercategorie', Hoofdcategorie A and D 3 (undated): A 1.1
grupstal 81, A 1.2 - A 1.8 148, D 3 systems 153 g PM10 per dierplaats per jaar.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veekompas.calc import emissions
from veekompas.domain.registry import Housing
from veekompas.errors import InputError

ON = dt.date(2016, 1, 1)


def barn(code: str, places: int, category: str = "") -> Housing:
    return Housing(
        stalsysteem_code=code, animal_category=category or code.split(".")[0], dierplaatsen=places
    )


@pytest.mark.parametrize(
    ("rgv_code", "factor"),
    [("A4-01", 35.6), ("A4-02", 24.9), ("A4-06", 8.9), ("A4-08", 5.3), ("D3-01", 17.9)],
)
def test_rgv_factors_reproduce_bijlage_1(rgv_code, factor):
    """One animal of an Rgv row emits the printed factor [ouE/s] (Rgv codes directly)."""
    value = emissions.emissions([rgv_code], [1], on=ON, substance=emissions.ODOUR)
    assert value[0] == pytest.approx(factor)


@pytest.mark.parametrize(
    ("rav", "rgv", "factor"),
    [
        ("A4.100", "A4-01", 35.6),  # overige huisvesting -> 'emissiearme en overige'
        ("A4.7", "A4-01", 35.6),  # low-emission floor, no scrubber -> same row
        ("A4.3", "A4-02", 24.9),  # chemical scrubber -> chemisch 30% geurreductie
        ("A4.5.3", "A4-06", 8.9),  # BWL 2007.01.V5 is listed under 75%
        ("D3.2.6.1.1", "D3-01", 17.9),  # 1,5 kg NH3 <= 1,5: emissiearm
        ("D3.100", "D3-09", 23.0),  # 3,0 kg NH3: overige huisvesting
    ],
)
def test_rav_code_maps_to_its_rgv_row(rav, rgv, factor):
    result = emissions.odour_emission([barn(rav, 100)], on=ON)
    (b,) = result.housings
    assert (b.factor_code, b.factor, b.emission) == (rgv, factor, pytest.approx(100 * factor))
    assert result.norm_version == "odour_emission_factors@2015-08-03"
    assert result.code_table_version == "ammonia_emission_factors@2015-08-03"


def test_category_without_odour_factor_is_a_fixed_distance_not_zero():
    result = emissions.odour_emission([barn("A4.100", 400), barn("A1.100", 120)], on=ON)
    _veal, cows = result.housings
    assert cows.status == "geen geuremissiefactor: vaste afstand"
    assert cows.factor is None and cows.emission is None
    assert result.total == pytest.approx(400 * 35.6)


def test_rav_code_spanning_two_rgv_rows_uses_the_highest_and_says_so():
    """Rav A 4.5.4 lists BWL 2007.02.V4 (Rgv 75%: 8,9) and BWL 2009.12.V2 (Rgv 85%: 5,3)."""
    result = emissions.odour_emission([barn("A4.5.4", 10)], on=ON)
    (b,) = result.housings
    assert b.factor == pytest.approx(8.9)
    assert "A4-08" in b.mapping
    assert any(f.code == "A4.5.4->A4-06" for f in result.unverified)
    exact = emissions.odour_emission([barn("A4.5.4", 10)], on=ON, rgv_codes={0: "A4-08"})
    assert exact.total == pytest.approx(53.0)


def test_scrubber_rows_carry_their_unverified_flag():
    result = emissions.odour_emission([barn("A4.3", 10)], on=ON)
    assert [f.code for f in result.unverified] == ["A4-02"]
    plain = emissions.odour_emission([barn("A4.100", 10)], on=ON)
    assert plain.unverified == []


def test_rgv_code_of_another_category_is_refused_with_the_allowed_rows():
    with pytest.raises(InputError, match=r"^rgv_code: 'D3-01' is not an Rgv row of category A4"):
        emissions.odour_emission([barn("A4.100", 10)], on=ON, rgv_codes={0: "D3-01"})


def test_unknown_rav_code_is_refused_with_close_codes():
    with pytest.raises(InputError, match=r"^stalsysteem_code: unknown Rav code 'A4.101'"):
        emissions.odour_emission([barn("A4.101", 10, "A4")], on=ON)


def test_vectorised_odour_factors_match_the_farm_function():
    codes = ["A4.100", "A1.100", "D3.100", "A4.3"]
    got = emissions.odour_factors(codes, on=ON)
    assert np.isnan(got[1])
    assert got[[0, 2, 3]] == pytest.approx([35.6, 23.0, 24.9])


@given(st.integers(0, 5000), st.integers(1, 5))
def test_odour_is_linear_in_animals(places, k):
    one = emissions.odour_emission([barn("A4.100", places)], on=ON).total
    many = emissions.odour_emission([barn("A4.100", places * k)], on=ON).total
    assert many == pytest.approx(k * one)


@pytest.mark.parametrize(("code", "factor"), [("A1.1", 81.0), ("A1.5", 148.0), ("D3.1", 153.0)])
def test_pm10_reproduces_infomil(code, factor):
    result = emissions.pm10_emission([barn(code, 10)], on=ON)
    assert result.total == pytest.approx(10 * factor)
    assert result.norm_version == "pm10_emission_factors@2015-08-03"
    assert result.unverified  # the InfoMil overview is undated: every figure is flagged


def test_pm10_missing_for_veal_calves_is_reported_not_zero():
    result = emissions.pm10_emission([barn("A4.100", 400), barn("D3.1", 10)], on=ON)
    veal, _pigs = result.housings
    assert veal.status == "geen fijnstofemissiefactor gevonden" and veal.emission is None
    assert result.total == pytest.approx(1530.0)
