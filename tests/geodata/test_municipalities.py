"""The packaged CBS 2024 municipal and provincial boundaries (geodata/municipalities.py).

Figures from the project's geodata README (CBS/Kadaster gebiedsindelingen 2024, generalised):
342 municipalities, 12 provinces; Regio Foodvalley's members and their provinces (Barneveld, Ede,
Nijkerk, Scherpenzeel, Wageningen in Gelderland; Renswoude, Rhenen, Veenendaal in Utrecht)."""

import numpy as np
import pytest

from veekompas.geodata import municipalities as m

FOODVALLEY = {
    "GM0203": ("Barneveld", "Gelderland"),
    "GM0228": ("Ede", "Gelderland"),
    "GM0267": ("Nijkerk", "Gelderland"),
    "GM0279": ("Scherpenzeel", "Gelderland"),
    "GM0289": ("Wageningen", "Gelderland"),
    "GM0339": ("Renswoude", "Utrecht"),
    "GM0340": ("Rhenen", "Utrecht"),
    "GM0345": ("Veenendaal", "Utrecht"),
}


def test_counts_of_the_2024_boundaries():
    assert len(m.municipalities()) == 342
    assert len(m.provinces()) == 12
    assert len({a.code for a in m.municipalities()}) == 342


@pytest.mark.parametrize(("code", "expected"), FOODVALLEY.items())
def test_foodvalley_members_and_their_province(code, expected):
    name, province = expected
    area = m.municipality(code)
    assert area is not None and area.name == name
    assert m.province_of_municipality()[name] == province


def test_a_point_lies_in_its_municipality_and_none_outside_the_country():
    # each municipality's representative point lies in it (shapely point_on_surface)
    areas = m.municipalities()
    xy = np.array([a.geometry.point_on_surface().coords[0] for a in areas])
    assert m.municipality_at(xy[:, 0], xy[:, 1]) == [a.name for a in areas]
    # the North Sea west of Den Haag (RD 40 km, 450 km) and the RD origin lie in no municipality
    assert m.municipality_at([40_000, 0], [450_000, 0]) == [None, None]


def test_distance_to_a_municipality_is_zero_inside_and_grows_outside():
    ede = m.municipality("Ede").geometry.point_on_surface()
    assert m.distance_to_municipality_m("Ede", ede.x, ede.y) == 0
    far = m.distance_to_municipality_m("Ede", ede.x, ede.y + 100_000)
    assert far is not None and far > 50_000
    assert m.distance_to_municipality_m("Atlantis", 0, 0) is None


def test_lookup_by_name_is_case_insensitive():
    assert m.municipality("ede").code == "GM0228"
    assert m.municipality("  VEENENDAAL ").code == "GM0345"
