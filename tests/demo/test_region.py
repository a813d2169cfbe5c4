"""The demo region: every farm's barns reproduce its permitted NH3, every farm's gemeente follows
from its location, and the drawn sectors, ages and succession follow the cited figures in
demo/data (the expected values are read from those files; tolerances are stated per test)."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from veekompas.calc import emissions
from veekompas.demo import build_demo_region, data, housing_nh3
from veekompas.demo.region import (
    AGE_REFERENCE_YEAR,
    COUNTED_ON,
    DEMO_FARMER_BORN,
    FINE_SECOND,
    NH3_TOLERANCE,
    demo_farmer_farm,
    given_sectors,
    is_demo_farmer_farm,
    municipalities,
    outside_municipalities,
    sector_zone,
)
from veekompas.domain.registry import SECTORS
from veekompas.geodata.municipalities import distance_to_municipality_m, municipality_at

# Regio Foodvalley in the source file, by location: the project's geodata README
# (livestock_nh3_sources_4_provinces.csv: 354 farms, Ede 259, Barneveld 92, Wageningen 3)
FOODVALLEY_FARMS = {"Ede": 259, "Barneveld": 92, "Wageningen": 3}


def _ages(farms) -> np.ndarray:
    return np.array([AGE_REFERENCE_YEAR - f.succession.farmer_birth_year for f in farms])


def _binomial_tolerance(p: float, n: int, extra: float = 0.0) -> float:
    return 3 * np.sqrt(p * (1 - p) / n) + extra


def test_every_source_becomes_one_farm(demo_region):
    src = data.sources()
    n = len(src.source_id)
    assert len(demo_region) == n > 3000
    assert [f.ubn for f in demo_region] == [str(9_000_001 + i) for i in range(n)]
    for farm, sid, x, permit in zip(
        demo_region, src.source_id, src.x_rd, src.nh3_kg_per_year, strict=True
    ):
        assert farm.name == f"Demobedrijf {sid}" and farm.kvk is None
        assert farm.location.x_rd == x and farm.permitted_nh3_kg_per_year == permit


def test_foodvalley_holds_the_published_number_of_farms(demo_region):
    counts = collections.Counter(f.municipality for f in demo_region)
    assert {g: counts[g] for g in FOODVALLEY_FARMS} == FOODVALLEY_FARMS
    assert sum(FOODVALLEY_FARMS.values()) == 354


def test_housing_nh3_matches_the_permit_within_5_percent(demo_region):
    permit = np.array([f.permitted_nh3_kg_per_year for f in demo_region])
    ratio = housing_nh3(demo_region) / permit
    worst = int(np.argmax(np.abs(ratio - 1)))
    print(
        f"worst NH3 ratio {ratio[worst]:.4f} ({demo_region[worst].ubn}, permit "
        f"{permit[worst]:g} kg/yr); range {ratio.min():.4f}-{ratio.max():.4f}"
    )
    assert np.all(np.abs(ratio - 1) <= NH3_TOLERANCE)
    assert permit.min() < 1  # the tiny sources are covered too
    tiny = [f for f in demo_region if f.permitted_nh3_kg_per_year < 5]
    assert tiny and all(FINE_SECOND in {h.stalsysteem_code for h in f.housings} for f in tiny)


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


def test_the_gemeente_follows_from_the_location(demo_region):
    src = data.sources()
    at = municipality_at(src.x_rd, src.y_rd)
    outside = set(outside_municipalities())
    assert len(outside) == 9  # points off the generalised boundaries (coast, border rivers)
    for farm, sid, found in zip(demo_region, src.source_id, at, strict=True):
        if sid in outside:
            assert found is None
            x, y = farm.location.x_rd, farm.location.y_rd
            assert distance_to_municipality_m(farm.municipality, x, y) < 2_000
        else:
            assert farm.municipality == found
    assert list(municipalities()) == [f.municipality for f in demo_region]
    assert len({f.municipality for f in demo_region}) > 100


def test_named_places_land_in_their_gemeente(demo_region):
    """Villages of Ede and Barneveld (BAG woonplaatsen) get their gemeente from the location."""
    expected = {
        "Harskamp": "Ede",
        "Otterlo": "Ede",
        "Lunteren": "Ede",
        "Bennekom": "Ede",
        "Kootwijkerbroek": "Barneveld",
        "Garderen": "Barneveld",
        "Voorthuizen": "Barneveld",
        "Uddel": "Apeldoorn",
    }
    for place, gemeente in expected.items():
        found = collections.Counter(
            f.municipality for f in demo_region if f.location.place == place
        )
        assert found and found.most_common(1)[0][0] == gemeente, (place, found)


def test_the_sector_follows_the_source_category_where_given(demo_region):
    table = data.category_sectors()
    given = given_sectors()
    src = data.sources()
    assert (given >= 0).sum() > 1500
    for farm, category, k in zip(demo_region, src.main_category, given, strict=True):
        if table.get(category):
            assert farm.sector == table[category] == SECTORS[k]
        else:
            assert k == -1


def test_drawn_sectors_follow_the_cited_distribution(demo_region):
    """Within 3 binomial standard deviations plus 2 points (tiny permits cannot hold every
    sector's barns, which shifts a few farms)."""
    given = given_sectors()
    zones = collections.defaultdict(list)
    for farm, k in zip(demo_region, given, strict=True):
        if k < 0:
            zones[sector_zone(farm.municipality)].append(farm.sector)
    assert set(zones) == set(data.sector_shares())
    for zone, shares in data.sector_shares().items():
        counts, n = collections.Counter(zones[zone]), len(zones[zone])
        assert n > 50, zone
        for sector, share in shares.items():
            tolerance = _binomial_tolerance(share, n, 0.02)
            assert counts[sector] / n == pytest.approx(share, abs=tolerance), (zone, sector)


def test_veal_calves_lead_in_ede_and_barneveld(demo_region):
    for gemeente in ("Ede", "Barneveld"):
        counts = collections.Counter(f.sector for f in demo_region if f.municipality == gemeente)
        assert counts.most_common(1)[0][0] == "vleeskalveren", (gemeente, counts)


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
    schemes = data.buyout_schemes()
    for f in demo_region:
        s = f.succession
        stopping = s.intent == "stopper"
        assert (s.buyout_scheme is not None and s.buyout_scheme in schemes[f.sector]) == stopping
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


def test_planned_stops_lie_ahead_and_follow_the_assumed_spread(demo_region):
    shares = data.stop_year_shares()
    years = [
        f.succession.planned_stop_year for f in demo_region if f.succession.intent == "stopper"
    ]
    assert min(shares) == 2027 and min(years) >= 2027  # after the data (2025) and today (2026)
    counts = collections.Counter(years)
    assert set(counts) <= set(shares)
    for year, share in shares.items():
        tolerance = _binomial_tolerance(share, len(years))
        assert counts[year] / len(years) == pytest.approx(share, abs=tolerance), year


def test_demo_boer_farms_veal_calves_in_ede():
    farms = build_demo_region()
    farm = demo_farmer_farm(farms)
    assert farm is not None and is_demo_farmer_farm(farm)
    assert farm.sector == "vleeskalveren" and farm.municipality == "Ede"
    assert DEMO_FARMER_BORN[0] <= farm.succession.farmer_birth_year <= DEMO_FARMER_BORN[1]
    assert {h.animal_category for h in farm.housings} == {"A4"}
    assert farm.ubn == min(f.ubn for f in farms if is_demo_farmer_farm(f))
