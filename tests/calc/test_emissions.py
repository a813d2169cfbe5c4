"""NH3 of animal housing (calc/emissions.py) against the Rav's own figures.

Source of the expected factors: Regeling ammoniak en veehouderij (BWBR0013629), Bijlage 1 as
consolidated on 2015-08-03 (A 1.100 = 13.0, A 4.100 = 3.5, D 3.100 = 3.0, E 2.100 = 0.315 kg NH3
per dierplaats per jaar; A 1.27 = 10.3), Bijlage 2 (beweiden: 5% reduction on the A 1 factor),
and the amendments Stcrt. 2018, 39679 (A 1.27 -> 8, new A 1.31 = 8.1) and Stcrt. 2019, 68350
(A 1.13 -> 6, in force 1 January 2020 according to InfoMil 'Rav-wijziging 17 december 2019').
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veekompas import norms
from veekompas.calc import emissions
from veekompas.domain.registry import Housing
from veekompas.errors import InputError

RAV_2015 = {"A4.100": 3.5, "A1.100": 13.0, "D3.100": 3.0, "E2.100": 0.315, "A1.27": 10.3}
ON_2016 = dt.date(2016, 1, 1)


@pytest.mark.parametrize("code", sorted(RAV_2015))
def test_factors_reproduce_rav_bijlage_1(code):
    """Rav Bijlage 1 (2015-08-03): one dierplaats emits the printed factor."""
    assert emissions.emissions([code], [1], on=ON_2016)[0] == pytest.approx(RAV_2015[code])
    assert emissions.factor_index(ON_2016).norm.version == "ammonia_emission_factors@2015-08-03"


def test_rav_code_with_a_space_as_printed_is_accepted():
    assert emissions.emissions(["A 4.100"], [10], on=ON_2016)[0] == pytest.approx(10 * 3.5)


@pytest.mark.parametrize(
    ("code", "before", "after", "day"),
    [
        ("A1.27", 10.3, 8.0, dt.date(2018, 7, 17)),  # Stcrt. 2018, 39679
        ("A1.13", 7.7, 6.0, dt.date(2020, 1, 1)),  # Stcrt. 2019, 68350, in force 2020-01-01
        ("A1.13", 6.0, 7.0, dt.date(2023, 3, 6)),  # Stcrt. 2023, 5459
    ],
)
def test_amended_code_changes_on_its_amendment_date(code, before, after, day):
    earlier = emissions.factor_index(day - dt.timedelta(days=1))
    later = emissions.factor_index(day)
    assert earlier.factors([code])[0] == pytest.approx(before)
    assert later.factors([code])[0] == pytest.approx(after)
    assert later.norm.valid_from == day


def test_new_code_exists_only_from_its_amendment():
    with pytest.raises(InputError, match=r"^stalsysteem_code: unknown Rav code 'A1.31'"):
        emissions.emissions(["A1.31"], [1], on=dt.date(2018, 7, 16))
    assert emissions.emissions(["A1.31"], [1], on=dt.date(2018, 7, 17))[0] == pytest.approx(8.1)


def test_bijlage_2_measure_reduces_the_factor():
    """Rav Bijlage 2: beweiden >= 720 h/yr reduces the A 1 factor by 5%."""
    barns = [Housing(stalsysteem_code="A1.100", animal_category="A1", dierplaatsen=100)]
    result = emissions.farm_emission(barns, on=ON_2016, measures={0: "A1-B2-BEWEIDEN"})
    assert result.total == pytest.approx(100 * 13.0 * (1 - 5 / 100))
    assert result.housings[0].reduction_percent == 5
    assert result.norm_version == "ammonia_emission_factors@2015-08-03"


def test_measure_of_another_category_is_refused():
    barns = [Housing(stalsysteem_code="A4.100", animal_category="A4", dierplaatsen=10)]
    with pytest.raises(InputError) as err:
        emissions.farm_emission(barns, measures={0: "A1-B2-BEWEIDEN"})
    assert str(err.value).startswith(
        "measure: 'A1-B2-BEWEIDEN' is not a Bijlage 2 measure for category A4"
    )


def test_unknown_code_names_close_codes():
    with pytest.raises(InputError) as err:
        emissions.emissions(["A4.10"], [1])
    text = str(err.value)
    assert text.startswith(
        "stalsysteem_code: unknown Rav code 'A4.10' in ammonia_emission_factors@"
    )
    assert "did you mean: A4.100, A4.1" in text and "\n" not in text


def test_group_heading_is_refused_with_its_sub_codes():
    with pytest.raises(InputError, match=r"'A4.5' is a group heading .* choose one of A4.5.1, "):
        emissions.emissions(["A4.5"], [1])


def test_category_must_match_the_code():
    barns = [Housing(stalsysteem_code="A4.100", animal_category="A1", dierplaatsen=10)]
    with pytest.raises(InputError, match=r"^animal_category: 'A1' does not match Rav code A4.100"):
        emissions.farm_emission(barns)


def test_lookup_holds_only_factors_no_headings_or_omgevingsregeling_codes():
    for version in norms.versions("ammonia_emission_factors"):
        index = emissions.factor_index(version.valid_from)
        headings = {r["code"] for r in version.rows if r["kind"] == "group_heading"}
        assert headings and not headings & set(index.codes)
        assert not [c for c in index.codes if c.startswith("H")]
        assert np.all(index.factor > 0)


def test_unverified_rows_are_carried_into_the_result():
    amended = [Housing(stalsysteem_code="A1.13", animal_category="A1", dierplaatsen=1)]
    flagged = emissions.farm_emission(amended, on=dt.date(2023, 6, 1)).unverified
    assert [(f.code, "in-force date not verified" in f.note) for f in flagged] == [("A1.13", True)]
    plain = [Housing(stalsysteem_code="A4.100", animal_category="A4", dierplaatsen=1)]
    assert emissions.farm_emission(plain, on=dt.date(2023, 6, 1)).unverified == []


def test_vectorised_totals_equal_per_farm_results():
    codes = ["A4.100", "A4.7", "A1.100", "A3.100", "E2.100"]
    places = np.array([600, 200, 90, 60, 30000])
    farm_of_barn = np.array([0, 0, 1, 1, 2])
    totals = emissions.totals_per_farm(farm_of_barn, emissions.emissions(codes, places), 3)
    for farm in range(3):
        barns = [
            Housing(stalsysteem_code=c, animal_category=c.split(".")[0], dierplaatsen=int(p))
            for c, p, f in zip(codes, places, farm_of_barn, strict=True)
            if f == farm
        ]
        assert totals[farm] == pytest.approx(emissions.farm_emission(barns).total)


@given(st.integers(0, 5000), st.integers(1, 50))
def test_emission_is_linear_in_dierplaatsen(places, k):
    one = emissions.emissions(["A4.100", "D3.100"], [places, places])
    many = emissions.emissions(["A4.100", "D3.100"], [k * places, k * places])
    assert many == pytest.approx(k * one)


def test_negative_places_are_refused():
    with pytest.raises(InputError, match=r"^dierplaatsen: must be 0 or more$"):
        emissions.emissions(["A4.100"], [-1])
