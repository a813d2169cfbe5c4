"""Rav animal categories and housing systems by their Dutch names, the code beside the name."""

from __future__ import annotations

import pytest

from veekompas.assess.housing_choices import RAV_CATEGORY_NAMES
from veekompas.assess.rav_labels import category_label, housing_label, housing_name
from veekompas.calc.emissions import factor_index
from veekompas.norms import table


def test_categories_by_name_with_the_code():
    assert category_label("A4") == "Vleeskalveren tot circa 8 maanden (A4)"
    assert category_label("E2") == "Legkippen en (groot)ouderdieren van legrassen (E2)"
    assert category_label("D1.3") == "Guste en dragende zeugen (D1.3)"


def test_every_category_of_the_nh3_table_has_a_name():
    assert set(factor_index().category) <= set(RAV_CATEGORY_NAMES)


@pytest.mark.parametrize("code", ["A4.100", "A1.28", "D3.2.15.1", "E2.100"])
def test_housing_systems_by_their_rav_description(code):
    row = next(r for r in table("ammonia_emission_factors").rows if r["code"] == code)
    label = housing_label(code)
    assert label.endswith(f" ({code})")
    assert label.lower().startswith(row["description"].lower())


def test_unknown_codes_stay_as_they_are():
    assert category_label("vleeskalveren") == "vleeskalveren"
    assert housing_label("A9.999") == "A9.999"
    assert housing_name("A9.999") is None
    assert housing_label("A 4.100") == housing_label("A4.100").replace("(A4.100)", "(A 4.100)")
