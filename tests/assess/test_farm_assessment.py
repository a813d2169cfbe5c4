"""The one-farm assessment: situations, differences, the dwelling criterion and provenance.

Source of the figures: Principeverzoek tweede bedrijfswoning Kettelarij, Lochem, 25-02-2011
(tests/cases/lochem_2011): 'omvang van het bedrijf (minimaal 2 VAK)'; 2,3 VAK huidig, 3,7 gewenst.
"""

from __future__ import annotations

import pytest

from veekompas.assess import assess_farm
from veekompas.calc.rounding import round_half_up
from veekompas.domain import parse_farm
from veekompas.errors import InputError


def test_lochem_assessment(lochem_farm_data):
    a = assess_farm(parse_farm(lochem_farm_data))
    assert a.policy.code == "lochem"  # chosen from the farm's municipality
    assert [s.name for s in a.situations] == ["huidig", "gewenst"]
    huidig, gewenst = a.situations
    assert (huidig.dwelling.meets, gewenst.dwelling.meets) == (True, True)
    assert huidig.dwelling.min_vak == 2
    assert "170,4 nge" in huidig.explanation and "2,3 VAK" in huidig.explanation
    assert "€ 242.020" in huidig.explanation
    assert "3,9 mensjaren" in gewenst.explanation
    assert "gemeente Lochem een minimale omvang van 2 VAK" in huidig.dwelling.text
    diff = a.differences[0]
    assert (diff.base, diff.other) == ("huidig", "gewenst")
    assert round_half_up(diff.nge, 1) == 100.5
    assert diff.nge_per_product["jongvee_vrouwelijk_1_tot_2_jaar"] == pytest.approx(70 * 0.253695)
    assert diff.mensjaren is None  # huidig has no mensjaar norm


def test_result_names_norm_versions_and_carries_unverified_flags(lochem_farm_data):
    a = assess_farm(parse_farm(lochem_farm_data))
    versions = {v["version"] for v in a.norm_versions}
    assert {
        "nge_norms@2010-01-01",
        "nge_per_vak@2010-01-01",
        "dwelling_policy@2010-01-01",
    } <= versions
    flagged = {(f.table, f.code) for f in a.unverified}
    assert ("nge_norms@2010-01-01", "melk_en_kalfkoeien") in flagged
    assert ("nge_value@2010-01-01", "nge_2010") in flagged
    assert ("dwelling_policy@2010-01-01", "lochem") in flagged
    # a flag belongs to the situation that used the figure
    assert ("nge_norms@2010-01-01", "jongvee_vrouwelijk_1_tot_2_jaar") not in {
        (f.table, f.code) for f in a.situations[0].unverified
    }


def test_policy_without_threshold_falls_back_to_default_and_says_so(lochem_farm_data):
    lochem_farm_data["municipality"] = "Barneveld"
    a = assess_farm(parse_farm(lochem_farm_data))
    assert (a.policy.code, a.policy.threshold_from, a.policy.min_vak) == ("barneveld", "default", 2)
    assert "geen eigen drempel gevonden" in a.situations[0].dwelling.text
    assert {"barneveld", "default"} <= {f.code for f in a.unverified}


def test_explicit_policy_and_unknown_policy(lochem_farm_data):
    farm = parse_farm(lochem_farm_data)
    assert assess_farm(farm, policy="ede").policy.code == "ede"
    with pytest.raises(
        InputError, match=r"^policy: unknown policy profile 'lochen'; did you mean: lochem"
    ):
        assess_farm(farm, policy="lochen")


def test_dwelling_threshold_is_compared_with_the_reported_vak():
    """120 cows: 144.5 nge / 73 = 1.98 VAK, reported as 2,0 VAK, which meets 'minimaal 2 VAK'."""
    farm = parse_farm({"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": 120}}}})
    s = assess_farm(farm).situations[0]
    assert s.dwelling.vak == pytest.approx(1.98, abs=0.005)
    assert s.dwelling.meets is True
    assert "met 2,0 VAK wordt hieraan voldaan" in s.dwelling.text


def test_small_farm_fails_the_dwelling_criterion():
    small = assess_farm(parse_farm({"situations": {"h": {"animals": {"melk_en_kalfkoeien": 110}}}}))
    assert small.situations[0].dwelling.meets is False  # 132.5 nge / 73 = 1.8 VAK
    assert "niet voldaan" in small.situations[0].dwelling.text


def test_without_vak_norm_the_criterion_cannot_be_tested():
    farm = parse_farm({"situations": {"h": {"animals": {"melk_en_kalfkoeien": 50}}}})
    s = assess_farm(farm).situations[0]
    assert s.dwelling.meets is None
    assert "niet te toetsen" in s.dwelling.text
