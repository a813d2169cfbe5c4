"""Hypothesis strategies for registry farms, shared by the exchange tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from veekompas.domain.registry import (
    SECTORS,
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)

# letters, digits, punctuation (quotes, commas, '='), symbols and spaces; no control characters
names = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=30)
names = names.map(str.strip).filter(bool)
# text a spreadsheet would take for a formula (CSV quotes it, reading unquotes it), Dutch names
# with a leading apostrophe, and both
formula_starts = st.sampled_from(["=", "+", "-", "@", "'=", "''-", "'", "'s-", "=HYPERLINK("])
names = names | st.builds(lambda start, rest: start + rest, formula_starts, names)
# amounts to the hundredth (up to 10 significant digits): XLSX keeps 16, as Excel does
amounts = st.integers(0, 10**8).map(lambda v: v / 100)
hectares = st.integers(0, 10**6).map(lambda v: v / 100)  # domain/limits.py: at most 10,000 ha
locations = st.builds(
    Location,
    x_rd=st.floats(0, 300_000),
    y_rd=st.floats(289_000, 630_000),
    place=st.none() | names,
)
housings = st.builds(
    Housing,
    stalsysteem_code=st.sampled_from(["A4.100", "A1.13"]),
    animal_category=st.sampled_from(["vleeskalveren", "melkkoeien"]),
    dierplaatsen=st.integers(0, 5000),
    year_built=st.none() | st.integers(1950, 2026),
)
animals = st.builds(
    AnimalGroup,
    category=st.sampled_from(["vleeskalveren"]),
    count=st.integers(0, 5000),
    counted_on=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
)
crops = st.builds(
    RegistryCrop,
    crop=st.sampled_from(["snijmais", "grasland_blijvend"]),
    ha=hectares,
    own_fodder=st.booleans(),
)
successions = st.builds(
    Succession,
    farmer_birth_year=st.none() | st.integers(1940, 2000),
    successor=st.sampled_from(["ja", "nee", "onbekend"]),
    intent=st.sampled_from(["stopper", "blijver", "onbekend"]),
    planned_stop_year=st.none() | st.integers(1990, 2100),
    buyout_scheme=st.none() | st.sampled_from(["Lbv", "Lbv-plus"]),
)
registry_farms = st.builds(
    RegistryFarm,
    ubn=st.from_regex(r"[1-9]\d{5}", fullmatch=True),
    name=names,
    kvk=st.none() | st.from_regex(r"\d{8}", fullmatch=True),
    municipality=st.sampled_from(["Barneveld", "Ede", "Nijkerk", "Scherpenzeel"]),
    sector=st.sampled_from(SECTORS),
    location=locations,
    housings=st.lists(housings, max_size=3).map(tuple),
    animals=st.lists(animals, max_size=2).map(tuple),
    crops=st.lists(crops, max_size=2).map(tuple),
    succession=successions,
    permitted_nh3_kg_per_year=st.none() | amounts,
)
farm_lists = st.lists(registry_farms, max_size=4, unique_by=lambda f: f.ubn)
