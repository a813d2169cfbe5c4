"""Registry figures per municipality counted in the database (SQLite and PostgreSQL) equal the
same figures counted in Python from the farm records that were stored."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from builders import CATEGORY, largest_farm
from registry_builders import random_registry, registry_farm
from veekompas.domain.limits import MAX_ANIMALS, MAX_NH3_KG_PER_YEAR, MAX_PARTS
from veekompas.region.open_data import protect
from veekompas.store.aggregates import Sum, data_date, municipality_aggregates
from veekompas.store.farms import FarmRepository

SIZES = {"Ede": 9, "Barneveld": 12, "Renswoude": 3, "Scherpenzeel": 1, "Rhenen": 5}


def expected(farms):
    """Figures of each municipality computed from the domain records."""
    out = {}
    for name in {f.municipality for f in farms}:
        mine = [f for f in farms if f.municipality == name]
        places, places_on = defaultdict(float), defaultdict(set)
        for f in mine:
            for h in f.housings:
                places[h.animal_category] += h.dierplaatsen
                if h.dierplaatsen > 0:
                    places_on[h.animal_category].add(f.ubn)
        nh3 = [f.permitted_nh3_kg_per_year for f in mine if f.permitted_nh3_kg_per_year]
        out[name] = {
            "farms": len(mine),
            "sectors": Counter(f.sector for f in mine),
            "intents": Counter(f.succession.intent for f in mine),
            "places": {c: (places[c], len(places_on[c])) for c in places},
            "nh3": (sum(nh3), len(nh3)),
        }
    return out


def test_aggregates_equal_a_count_over_the_records(sessions):
    farms = random_registry(seed=7, sizes=SIZES)
    with sessions() as s:
        repo = FarmRepository(s, "test")
        for farm in farms:
            repo.add(farm)
        s.commit()
    with sessions() as s:
        aggregates = municipality_aggregates(s)
        as_of = data_date(s)
    want = expected(farms)
    assert [a.municipality for a in aggregates] == sorted(SIZES)
    for agg in aggregates:
        w = want[agg.municipality]
        assert agg.farms == w["farms"] == SIZES[agg.municipality]
        assert agg.farms_per_sector == {s: w["sectors"][s] for s in agg.farms_per_sector}
        assert agg.farms_per_intent == {i: w["intents"][i] for i in agg.farms_per_intent}
        assert sum(agg.farms_per_sector.values()) == sum(agg.farms_per_intent.values()) == agg.farms
        got = {c: (p.total, p.farms) for c, p in agg.animal_places.items()}
        assert got == w["places"]
        assert abs(agg.permitted_nh3.total - w["nh3"][0]) < 1e-6
        assert agg.permitted_nh3.farms == w["nh3"][1]
    assert as_of is not None and abs((as_of - dt.date.today()).days) <= 1


def test_places_rest_only_on_farms_with_places(sessions):
    """Five farms with calf barns, four of them empty: the sum rests on one farm."""
    with sessions() as s:
        repo = FarmRepository(s, "test")
        for i in range(5):
            repo.add(registry_farm(i, "Ede", housings=(("vleeskalveren", 0 if i else 350),)))
        repo.add(registry_farm(5, "Ede", housings=(), nh3=None))
        s.commit()
        (ede,) = municipality_aggregates(s)
    assert ede.farms == 6
    assert (ede.animal_places["vleeskalveren"].total, ede.animal_places["vleeskalveren"].farms) == (
        350,
        1,
    )
    assert (ede.permitted_nh3.total, ede.permitted_nh3.farms) == (5 * 1_400.0, 5)


def test_empty_registry(sessions):
    with sessions() as s:
        assert municipality_aggregates(s) == []
        assert data_date(s) is None


def test_aggregates_of_farms_at_every_upper_bound_are_exact(sessions):
    """Ten farms with every number at its bound (domain/limits.py): the sums are exact, and the
    protected open-data table is built from them (no overflow, no inf, no NaN)."""
    farms = [largest_farm(i, "Ede" if i % 2 else "Barneveld") for i in range(10)]
    with sessions() as s:
        FarmRepository(s, "test").add_many(farms)
        s.commit()
    with sessions() as s:
        aggregates = municipality_aggregates(s)
    for agg in aggregates:
        assert agg.farms == 5
        assert agg.permitted_nh3 == Sum(5 * MAX_NH3_KG_PER_YEAR, 5)
        assert agg.animal_places[CATEGORY] == Sum(5.0 * MAX_PARTS * MAX_ANIMALS, 5)
    region = protect(aggregates).region
    assert region.permitted_nh3_kg_per_year.value == 10 * MAX_NH3_KG_PER_YEAR
    assert region.animal_places_per_category[CATEGORY].value == 10 * MAX_PARTS * MAX_ANIMALS
