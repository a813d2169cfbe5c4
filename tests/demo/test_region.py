"""The demo region: every farm's barns reproduce its permitted NH3, every place has a gemeente,
and the drawn sectors, ages and succession follow the cited figures in demo/data (the expected
values are read from those files; tolerances are stated per test)."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from veekompas.calc import emissions
from veekompas.demo import build_demo_region, data, housing_nh3
from veekompas.demo.region import AGE_REFERENCE_YEAR, COUNTED_ON, NH3_TOLERANCE, municipalities

N_SOURCES = 846  # rows of veluwe_livestock_nh3_sources.csv (geodata README)


def _ages(farms) -> np.ndarray:
    return np.array([AGE_REFERENCE_YEAR - f.succession.farmer_birth_year for f in farms])


def test_every_source_becomes_one_farm(demo_region):
    src = data.sources()
    assert len(demo_region) == len(src.source_id) == N_SOURCES
    assert len({f.ubn for f in demo_region}) == N_SOURCES
    for farm, sid, x, permit in zip(
        demo_region, src.source_id, src.x_rd, src.nh3_kg_per_year, strict=True
    ):
        assert farm.name == f"Demobedrijf {sid}" and farm.kvk is None
        assert farm.location.x_rd == x and farm.permitted_nh3_kg_per_year == permit


def test_housing_nh3_matches_the_permit_within_5_percent(demo_region):
    permit = np.array([f.permitted_nh3_kg_per_year for f in demo_region])
    ratio = housing_nh3(demo_region) / permit
    worst = int(np.argmax(np.abs(ratio - 1)))
    print(
        f"worst NH3 ratio {ratio[worst]:.4f} ({demo_region[worst].ubn}, permit "
        f"{permit[worst]:g} kg/yr); range {ratio.min():.4f}-{ratio.max():.4f}"
    )
    assert np.all(np.abs(ratio - 1) <= NH3_TOLERANCE)
    assert permit.min() == 2  # the tiny source is covered too


def test_barns_and_animals_are_consistent(demo_region):
    index = emissions.factor_index(COUNTED_ON)
    for farm in demo_region:
        assert farm.housings
        places = collections.Counter()
        for h in farm.housings:
            assert index.category[index.indices([h.stalsysteem_code])[0]] == h.animal_category
            places[h.animal_category] += h.dierplaatsen
        for group in farm.animals:
            assert group.counted_on == COUNTED_ON
            assert 0 <= group.count <= places[group.category]


def test_every_place_maps_to_a_gemeente():
    src, table, overrides = data.sources(), data.place_municipality(), data.source_overrides()
    unmapped = {
        p
        for sid, p in zip(src.source_id, src.place, strict=True)
        if p not in table and sid not in overrides
    }
    assert unmapped == set()
    assert len(set(src.place)) > 100


def test_named_places_land_in_their_gemeente():
    """Examples from the brief (CBS/BAG woonplaatsen)."""
    table = data.place_municipality()
    expected = {
        "Harskamp": "Ede",
        "Otterlo": "Ede",
        "Lunteren": "Ede",
        "Wekerom": "Ede",
        "Bennekom": "Ede",
        "Kootwijkerbroek": "Barneveld",
        "Garderen": "Barneveld",
        "Voorthuizen": "Barneveld",
        "Stroe": "Barneveld",
        "Kootwijk": "Barneveld",
        "Uddel": "Apeldoorn",
    }
    assert {p: table[p] for p in expected} == expected


def test_each_farm_lies_near_the_other_farms_of_its_gemeente():
    """A wrong gemeente (e.g. the wrong Spijk) puts a farm far from its gemeente's farms."""
    src = data.sources()
    gemeente = np.array(municipalities())
    for name in set(gemeente):
        at = gemeente == name
        cx, cy = np.median(src.x_rd[at]), np.median(src.y_rd[at])
        distance_km = np.hypot(src.x_rd[at] - cx, src.y_rd[at] - cy) / 1000
        assert distance_km.max() < 25, name  # Lochem: Gorssel-Barchem is about 20 km


def test_sector_shares_follow_the_cited_distribution_within_5_points(demo_region):
    hotspot = data.hotspot_municipalities()
    for zone, shares in data.sector_shares().items():
        farms = [f for f in demo_region if (f.municipality in hotspot) == (zone == "veal_hotspot")]
        counts = collections.Counter(f.sector for f in farms)
        assert len(farms) > 250
        for sector, share in shares.items():
            assert counts[sector] / len(farms) == pytest.approx(share, abs=0.05), (zone, sector)


def test_ages_follow_cbs_within_4_points(demo_region):
    par, age = data.succession_parameters(), _ages(demo_region)
    assert (age < 40).mean() == pytest.approx(par["age_lt40"], abs=0.04)
    assert (age >= 55).mean() == pytest.approx(par["age_55plus"], abs=0.04)
    assert (age >= 67).mean() == pytest.approx(par["age_67plus"], abs=0.04)
    assert age.min() >= 25 and age.max() <= 85


def test_successors_follow_cbs_within_5_points(demo_region):
    par, age = data.succession_parameters(), _ages(demo_region)
    old = [f for f, a in zip(demo_region, age, strict=True) if a >= 55]
    expected = np.mean(
        [
            par["successor_55plus_melkvee"] if f.sector == "melkvee" else par["successor_55plus"]
            for f in old
        ]
    )
    assert np.mean([f.succession.successor == "ja" for f in old]) == pytest.approx(
        expected, abs=0.05
    )
    young = [f for f, a in zip(demo_region, age, strict=True) if a < 55]
    assert {f.succession.successor for f in young} == {"onbekend"}


def test_stoppers_follow_the_lbv_rates_and_are_consistent(demo_region):
    par = data.succession_parameters()
    for sector in {f.sector for f in demo_region}:
        farms = [f for f in demo_region if f.sector == sector]
        rate, n = par[f"lbv_rate_{sector}"], len(farms)
        share = np.mean([f.succession.intent == "stopper" for f in farms])
        assert share == pytest.approx(rate, abs=3 * np.sqrt(rate * (1 - rate) / n)), sector
    for f in demo_region:
        s = f.succession
        stopping = s.intent == "stopper"
        assert (s.buyout_scheme in ("Lbv", "Lbv-plus")) == stopping
        assert (s.planned_stop_year is not None) == stopping
        if s.successor == "ja":
            assert s.intent in ("blijver", "stopper")

    def stop_share(group):
        return np.mean([f.succession.intent == "stopper" for f in group])

    old_without = [f for f in demo_region if f.succession.successor == "nee"]
    with_successor = [f for f in demo_region if f.succession.successor == "ja"]
    assert stop_share(old_without) > 2 * stop_share(with_successor)


def test_low_emission_barns_are_built_from_2015(demo_region):
    systems = data.housing_systems().values()
    only_low = {s.low_emission for s in systems} - {s.traditional for s in systems}
    barns = [h for farm in demo_region for h in farm.housings]
    low = [h.year_built for h in barns if h.stalsysteem_code in only_low]
    assert low and all(year is not None and year >= 2015 for year in low)
    assert min(h.year_built or 0 for h in barns) >= 1965


def test_the_region_is_deterministic(demo_region):
    again = build_demo_region()
    assert [f.model_dump() for f in again] == [f.model_dump() for f in demo_region]
    other = build_demo_region(seed=1)
    assert [f.sector for f in other] != [f.sector for f in demo_region]
