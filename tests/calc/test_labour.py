"""VAK and mensjaren against the 2011 Lochem request, main text 'Omvang bedrijf'.

Source: Principeverzoek tweede bedrijfswoning Kettelarij, Lochem, 25-02-2011: 'Volgens het LEI
blijkt 1 Vak op een bedrijf met graasdieren met een omvang van meer dan 100 Nge gemiddeld 73 Nge
rond te zetten' -> 2,3 Vak (huidig) and 3,7 Vak (gewenst); 'voor melkveebedrijven met een omvang
tussen de 200 en 400 Nge [staat] 69 Nge gelijk aan één mensjaar. Met een omvang van 271 Nge is dit
omgerekend 3,9 mensjaren'. Tolerance: the published one-decimal figure after half-up rounding.
"""

from __future__ import annotations

import pytest

from veekompas.assess.farm_assessment import norm_tables
from veekompas.calc.economic_size import economic_size, farm_type
from veekompas.calc.labour import labour
from veekompas.calc.rounding import round_half_up
from veekompas.domain import Situation, parse_farm

NORMS = norm_tables(2010)


def labour_of(situation: Situation):
    size = economic_size(situation, NORMS["nge_norms"], NORMS["nge_value"], NORMS["so_norms"])
    ftype = farm_type(size, NORMS["farm_typology"])
    return size, labour(size, ftype, NORMS["nge_per_vak"], NORMS["nge_per_mensjaar"],
                        NORMS["labour_norms"])  # fmt: skip


@pytest.mark.parametrize(("name", "vak"), [("huidig", 2.3), ("gewenst", 3.7)])
def test_lochem_vak(lochem_farm_data, name, vak):
    size, work = labour_of(parse_farm(lochem_farm_data).situations[name])
    assert work.vak.nge_per_unit == 73
    assert work.vak.value == pytest.approx(size.nge_total / 73)
    assert round_half_up(work.vak.value, 1) == vak


def test_lochem_mensjaren(lochem_farm_data):
    farm = parse_farm(lochem_farm_data)
    _, gewenst = labour_of(farm.situations["gewenst"])
    assert gewenst.mensjaren.nge_per_unit == 69
    assert round_half_up(gewenst.mensjaren.value, 1) == 3.9
    assert gewenst.hours.mensjaar_hours == 1700
    # 170.4 nge is outside the only known size class (200-400 nge): no figure, and it says why
    _, huidig = labour_of(farm.situations["huidig"])
    assert huidig.mensjaren.value is None
    assert "200-400" in huidig.mensjaren.reason


def test_vak_size_class_is_more_than_100_nge():
    """'meer dan 100 Nge': exactly 100 nge or less gets no VAK figure (no norm row for it)."""
    cows_for_100_nge = 83  # 83 x 1.20426 = 99.95 nge
    _, small = labour_of(Situation(animals={"melk_en_kalfkoeien": cows_for_100_nge}))
    assert small.vak.value is None
    assert "Graasdierbedrijven, meer dan 100 nge" in small.vak.reason
    _, big = labour_of(Situation(animals={"melk_en_kalfkoeien": 84}))
    assert big.vak.value == pytest.approx(84 * 1.20426 / 73)


def test_kwin_hours_are_not_guessed(lochem_farm_data):
    """No KWIN-V norms are available (2026-11): hours stay unknown and name the products."""
    _, work = labour_of(parse_farm(lochem_farm_data).situations["huidig"])
    assert work.hours.hours_total is None
    assert work.hours.mensjaren_from_hours is None
    assert "melk_en_kalfkoeien" in work.hours.missing
