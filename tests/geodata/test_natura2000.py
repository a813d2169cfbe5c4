"""The packaged Natura 2000 boundaries (RD New): 160 areas whose rings give their stated area."""

from __future__ import annotations

import pytest

from veekompas.errors import InputError
from veekompas.geodata import natura2000_area, natura2000_areas


def test_all_areas_load_in_rd_new():
    areas = natura2000_areas()
    assert len(areas) == 160  # geodata README: 160 areas (all but Waddenzee, Noordzeekustzone)
    assert len({a.slug for a in areas}) == 160
    for a in areas:
        x_min, y_min, x_max, y_max = a.bbox
        # RD New metres; offshore areas (Bruine Bank, Doggersbank) lie west/north of the land
        assert -20_000 <= x_min < x_max <= 300_000 and 300_000 <= y_min < y_max <= 900_000, a.slug


def test_ring_area_matches_the_stated_area_within_1_percent():
    for a in natura2000_areas():
        assert a.shape_area_ha() == pytest.approx(a.area_ha, rel=0.01), a.slug


def test_veluwe_surrounds_the_demo_sources():
    veluwe = natura2000_area("veluwe")
    x_min, y_min, x_max, y_max = veluwe.bbox
    assert x_min < 180_000 < x_max and y_min < 460_000 < y_max  # Otterlo/Harskamp


def test_unknown_slug_names_close_slugs():
    with pytest.raises(
        InputError, match=r"^natura2000: unknown area 'veluw'; did you mean: veluwe"
    ):
        natura2000_area("veluw")
