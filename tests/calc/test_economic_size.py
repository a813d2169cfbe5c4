"""Economic size against the 2011 Lochem request (tests/cases/lochem_2011).

Source: Principeverzoek tweede bedrijfswoning Kettelarij, Lochem, 25-02-2011, appendices 'Bijlage
omvang bedrijf huidige/gewenste situatie' (LEI Rekenmodule printouts, Landbouwtelling 2010 norms),
table 'Specificatie van ingevoerde gegevens, normen en NGE per product' and 'kengetallen'.
Tolerances: nge lines and totals must print exactly as published after half-up rounding to 0.1
nge; bss within 100 euro (the printout rounds to 10 euro and the euro value of one nge is derived).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veekompas.assess.farm_assessment import norm_tables
from veekompas.calc.economic_size import economic_size, farm_type
from veekompas.calc.rounding import round_half_up
from veekompas.domain import Situation, parse_farm

NORMS = norm_tables(2010)
PUBLISHED_LINES = {
    "huidig": {"melk_en_kalfkoeien": 165.0, "jongvee_vrouwelijk_jonger_dan_1_jaar": 5.5,
               "snijmais": 0.0, "grasland_blijvend": 0.0},
    "gewenst": {"melk_en_kalfkoeien": 240.9, "jongvee_vrouwelijk_jonger_dan_1_jaar": 12.3,
                "jongvee_vrouwelijk_1_tot_2_jaar": 17.8, "snijmais": 0.0, "grasland_blijvend": 0.0},
}  # fmt: skip
PUBLISHED_TOTAL_NGE = {"huidig": 170.4, "gewenst": 270.9}
PUBLISHED_BSS_EUR = {"huidig": 242_020, "gewenst": 384_710}


def size_of(situation: Situation):
    return economic_size(situation, NORMS["nge_norms"], NORMS["nge_value"], NORMS["so_norms"])


@pytest.mark.parametrize("name", ["huidig", "gewenst"])
def test_lochem_lines_totals_and_bss(lochem_farm_data, name):
    size = size_of(parse_farm(lochem_farm_data).situations[name])
    printed = {ln.code: round_half_up(ln.nge, 1) for ln in size.lines}
    assert printed == PUBLISHED_LINES[name]
    assert round_half_up(size.nge_total, 1) == PUBLISHED_TOTAL_NGE[name]
    assert size.bss_eur == pytest.approx(PUBLISHED_BSS_EUR[name], abs=100)
    assert round_half_up(size.bss_eur, -1) == PUBLISHED_BSS_EUR[name]


def test_lochem_total_is_sum_of_unrounded_lines(lochem_farm_data):
    """The printout's total (170.4) is not the sum of its printed lines (165.0 + 5.5 = 170.5)."""
    size = size_of(parse_farm(lochem_farm_data).situations["huidig"])
    printed_sum = sum(round_half_up(ln.nge, 1) for ln in size.lines)
    assert round_half_up(printed_sum, 1) == 170.5
    assert round_half_up(size.nge_total, 1) == 170.4
    # intermediate values: 137 cows give 164.98 nge unrounded, 31 young stock 5.45 nge
    lines = {ln.code: ln for ln in size.lines}
    assert lines["melk_en_kalfkoeien"].nge == pytest.approx(164.98, abs=0.005)
    assert lines["jongvee_vrouwelijk_jonger_dan_1_jaar"].nge == pytest.approx(5.454, abs=0.001)


def test_published_three_decimal_norms_are_shown(lochem_farm_data):
    size = size_of(parse_farm(lochem_farm_data).situations["gewenst"])
    published = {ln.code: ln.nge_per_unit_published for ln in size.lines}
    assert published == {"melk_en_kalfkoeien": 1.204, "jongvee_vrouwelijk_jonger_dan_1_jaar": 0.176,
                         "jongvee_vrouwelijk_1_tot_2_jaar": 0.254, "snijmais": 0.690,
                         "grasland_blijvend": 0.993}  # fmt: skip


def test_own_fodder_counts_zero_and_other_fodder_counts():
    """Printout: 'De voedergewassen krijgen daarom geen bss en geen nge' (own cattle use them)."""
    own = Situation(
        animals={"melk_en_kalfkoeien": 10}, crops={"snijmais": {"ha": 5, "own_fodder": True}}
    )
    sold = Situation(animals={"melk_en_kalfkoeien": 10}, crops={"snijmais": {"ha": 5}})
    maize_own = next(ln for ln in size_of(own).lines if ln.code == "snijmais")
    maize_sold = next(ln for ln in size_of(sold).lines if ln.code == "snijmais")
    assert (maize_own.nge, maize_own.bss_eur, maize_own.counted) == (0.0, 0.0, False)
    assert maize_sold.nge == pytest.approx(5 * 0.690)


def test_lochem_farm_type(lochem_farm_data):
    """Printout: '8-indeling Graasdierbedrijf', '41-indeling 4110 Sterk gespecialiseerd
    melkveebedrijf'."""
    for situation in parse_farm(lochem_farm_data).situations.values():
        ftype = farm_type(size_of(situation), NORMS["farm_typology"])
        assert ftype.main_type == "Graasdierbedrijf"
        assert (ftype.type41_code, ftype.type41_name) == (
            "4110",
            "Sterk gespecialiseerd melkveebedrijf",
        )
        assert ftype.main_type_shares == {"graasdieren": 1.0}


def test_young_stock_only_is_grazing_but_not_4110():
    ftype = farm_type(size_of(Situation(animals={"jongvee_vrouwelijk_1_tot_2_jaar": 50})),
                      NORMS["farm_typology"])  # fmt: skip
    assert ftype.main_type == "Graasdierbedrijf"
    assert ftype.type41_code is None
    assert "niet beschikbaar" in ftype.type41_note


def test_so_needs_a_norm_for_every_product(lochem_farm_data):
    """Only CBS's rounded illustration (melkkoe ~2,500 euro SO) is available: no SO total for a
    farm with young stock, but SO and the EU class for cows alone (flagged unverified)."""
    huidig = size_of(parse_farm(lochem_farm_data).situations["huidig"])
    assert huidig.so_eur is None
    assert huidig.so_missing == ["jongvee_vrouwelijk_jonger_dan_1_jaar"]
    cows = size_of(Situation(animals={"melk_en_kalfkoeien": 100}))
    assert cows.so_eur == 250_000
    assert farm_type(cows, NORMS["farm_typology"]).eu_size_class == "IX"  # 250,000-<500,000 euro
    assert "melk_en_kalfkoeien" in {f.code for f in cows.unverified if f.table.startswith("so_")}


def test_zero_farm_has_no_type():
    size = size_of(Situation(animals={"melk_en_kalfkoeien": 0}))
    assert size.nge_total == 0
    assert farm_type(size, NORMS["farm_typology"]).main_type is None


counts = st.integers(min_value=0, max_value=100_000)
herds = st.fixed_dictionaries({}, optional={
    "melk_en_kalfkoeien": counts,
    "jongvee_vrouwelijk_jonger_dan_1_jaar": counts,
    "jongvee_vrouwelijk_1_tot_2_jaar": counts,
})  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(herds)
def test_nge_is_additive_over_products(herd):
    whole = size_of(Situation(animals=herd)).nge_total if herd else 0.0
    parts = sum(size_of(Situation(animals={k: v})).nge_total for k, v in herd.items())
    assert whole == pytest.approx(parts, rel=1e-12, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(herds.filter(bool), st.integers(min_value=0, max_value=50))
def test_nge_is_linear_in_counts(herd, factor):
    base = size_of(Situation(animals=herd))
    scaled = size_of(Situation(animals={k: v * factor for k, v in herd.items()}))
    assert scaled.nge_total == pytest.approx(factor * base.nge_total, rel=1e-12, abs=1e-9)
    assert scaled.bss_eur == pytest.approx(factor * base.bss_eur, rel=1e-12, abs=1e-9)
