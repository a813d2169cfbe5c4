"""The demo region: 3,567 real (de-identified) permitted NH3 sources in Gelderland, Overijssel,
Noord-Brabant and Limburg, each made into a registry farm. Location, permitted NH3 and (where
the source gave one) the main animal category are real; the gemeente follows from the location
(CBS 2024 boundaries); sector where unknown, barns, animals and succession are drawn from
documented figures.

Everything random is drawn from one ``numpy.random.default_rng(seed)`` in a fixed order, so a
seed gives the same region on every machine. The figures behind each draw are in ``demo/data``
with their sources; assumed figures are flagged there.

Barns are derived so that their NH3 (``calc.emissions`` on :data:`COUNTED_ON`) matches the
permitted NH3 within :data:`NH3_TOLERANCE`: a main barn takes a random share of the permit,
a second barn with a smaller factor takes the rest, rounded to whole dierplaatsen, so the error
is at most half the second barn's factor. Sectors whose second factor is too coarse for a tiny
permit are not drawn for it; where the sector is given (a 10 kg/yr horse farm), the second barn
is a small laying-hen barn (:data:`FINE_SECOND`) instead.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import shapely

from veekompas.calc import emissions
from veekompas.demo import data
from veekompas.domain.registry import (
    SECTORS,
    AnimalGroup,
    Housing,
    Location,
    RegistryFarm,
    Succession,
)
from veekompas.geodata import municipalities as boundaries

DEMO_SEED = 20240401
COUNTED_ON = dt.date(2024, 4, 1)  # Landbouwtelling reference date (1 April)
AGE_REFERENCE_YEAR = 2023  # year of the CBS age figures
NH3_TOLERANCE = 0.05
_MAX_ERROR = 0.04  # a sector is drawn for a permit only if rounding stays within this share
_AGE_BINS = ((25, 39), (40, 54), (55, 66), (67, 85))
FINE_SECOND = "E2.12.1"  # laying hens, 0.068 kg/dierplaats: the second barn of a tiny permit
# demo-boer (demo/users.py) farms the first farm (by UBN) that fits this description
DEMO_FARMER_MUNICIPALITY = "Ede"
DEMO_FARMER_BORN = (1965, 1985)
DEMO_FARMER_MIN_CALVES = 300  # veal places; LTO: 100 to 3,000 per farm, about 600 on average


def ubn_of(source_id: str) -> str:
    """Synthetic UBN of a demo source: 'F00001' -> '9000001' (9 + the source number)."""
    return f"9{int(source_id.lstrip('F')):06d}"


@cache
def municipalities() -> tuple[str, ...]:
    """Gemeente of every source, in source order, from its location (CBS 2024 boundaries); a
    point outside all municipalities (on the coast or a border river) takes the nearest one."""
    src = data.sources()
    names = boundaries.municipality_at(src.x_rd, src.y_rd)
    areas = boundaries.municipalities()
    geometries = [a.geometry for a in areas]
    for i, name in enumerate(names):
        if name is None:
            point = shapely.Point(src.x_rd[i], src.y_rd[i])
            names[i] = areas[int(np.argmin(shapely.distance(geometries, point)))].name
    return tuple(names)


def outside_municipalities() -> tuple[str, ...]:
    """Ids of the sources that lie outside every municipality (given the nearest one)."""
    src = data.sources()
    inside = boundaries.municipality_at(src.x_rd, src.y_rd)
    return tuple(sid for sid, g in zip(src.source_id, inside, strict=True) if g is None)


def given_sectors() -> np.ndarray:
    """Index into SECTORS of each source's sector from its main category; -1 where drawn."""
    table = data.category_sectors()
    unknown = sorted({c for c in data.sources().main_category if c and c not in table})
    if unknown:
        raise ValueError(f"demo sources: main_category {unknown} not in category_sector.csv")
    return np.array(
        [SECTORS.index(table[c]) if table.get(c) else -1 for c in data.sources().main_category]
    )


def sector_zone(gemeente: str) -> str:
    """The zone of sector_distribution.csv that a gemeente's drawn sectors follow."""
    if gemeente in data.sector_shares():
        return gemeente
    return "veal_hotspot" if gemeente in data.hotspot_municipalities() else "rest"


def _sectors(rng, permit, gemeente, second_factor) -> np.ndarray:
    shares = data.sector_shares()
    zone_p = {z: np.array([shares[z][s] for s in SECTORS]) for z in shares}
    p = np.array([zone_p[sector_zone(g)] for g in gemeente])
    feasible = second_factor[None, :] / (2 * permit[:, None]) <= _MAX_ERROR
    # a permit too small for every sector's second barn gets FINE_SECOND (see _barns)
    p = np.where(feasible.any(axis=1, keepdims=True), p * feasible, p)
    cum = np.cumsum(p, axis=1) / p.sum(axis=1, keepdims=True)
    drawn = (rng.random(len(permit))[:, None] > cum).sum(axis=1)
    given = given_sectors()
    return np.where(given >= 0, given, drawn)


def _barns(rng, permit, sector_idx):
    systems = [data.housing_systems()[s] for s in SECTORS]
    low = rng.random(len(permit)) < np.array([s.low_emission_share for s in systems])[sector_idx]
    main = [
        systems[k].low_emission if is_low else systems[k].traditional
        for k, is_low in zip(sector_idx, low, strict=True)
    ]
    index = emissions.factor_index(COUNTED_ON)
    second = [systems[k].second for k in sector_idx]
    too_coarse = index.factors(second) / (2 * permit) > _MAX_ERROR
    second = [
        FINE_SECOND if coarse else code for code, coarse in zip(second, too_coarse, strict=True)
    ]
    f_main, f_second = index.factors(main), index.factors(second)
    share = rng.uniform(0.6, 0.95, len(permit))
    n_main = np.floor(share * permit / f_main)
    n_second = np.rint((permit - n_main * f_main) / f_second)
    return main, second, n_main.astype(int), n_second.astype(int), low


def _succession(rng, sector_idx) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    par = data.succession_parameters()
    n = len(sector_idx)
    p_age = np.array(
        [
            par["age_lt40"],
            1 - par["age_55plus"] - par["age_lt40"],
            par["age_55plus"] - par["age_67plus"],
            par["age_67plus"],
        ]
    )
    age_bin = (rng.random(n)[:, None] > np.cumsum(p_age)[None, :]).sum(axis=1)
    low, high = np.array(_AGE_BINS).T
    age = low[age_bin] + np.floor(rng.random(n) * (high - low + 1)[age_bin]).astype(int)
    birth_year = AGE_REFERENCE_YEAR - age
    melkvee = sector_idx == SECTORS.index("melkvee")
    p_successor = np.where(melkvee, par["successor_55plus_melkvee"], par["successor_55plus"])
    has_successor = rng.random(n) < p_successor
    successor = np.where(age >= 55, np.where(has_successor, "ja", "nee"), "onbekend")
    weight = np.where(
        successor == "ja",
        par["stopper_weight_with_successor"],
        np.where(successor == "nee", par["stopper_weight_old_no_successor"], 1.0),
    )
    rate = np.array([par[f"lbv_rate_{s}"] for s in SECTORS])[sector_idx]
    mean_weight = np.array(
        [
            weight[sector_idx == k].mean() if (sector_idx == k).any() else 1.0
            for k in range(len(SECTORS))
        ]
    )[sector_idx]
    stopper = rng.random(n) < np.minimum(rate * weight / mean_weight, 0.95)
    p_blijver = np.where(
        successor == "ja",
        1.0,
        np.where(
            successor == "nee", par["blijver_share_old_no_successor"], par["blijver_share_young"]
        ),
    )
    blijver = rng.random(n) < p_blijver
    intent = np.where(stopper, "stopper", np.where(blijver, "blijver", "onbekend"))
    return birth_year, successor, intent


def _stop_years(rng, n: int) -> np.ndarray:
    shares = data.stop_year_shares()
    years = np.array(sorted(shares))
    cum = np.cumsum([shares[y] for y in years])
    return years[np.minimum((rng.random(n)[:, None] > cum / cum[-1]).sum(axis=1), len(years) - 1)]


def _schemes(rng, sector_idx) -> list[str]:
    table = data.buyout_schemes()
    plus = rng.random(len(sector_idx)) < data.succession_parameters()["lbv_plus_share"]
    result = []
    for k, takes_plus in zip(sector_idx, plus, strict=True):
        plus_scheme, other = table[SECTORS[k]]
        result.append(plus_scheme if takes_plus and plus_scheme else other)
    return result


def build_demo_region(seed: int = DEMO_SEED) -> list[RegistryFarm]:
    """The demo region as registry farms (pure; the same ``seed`` gives the same farms)."""
    rng = np.random.default_rng(seed)
    src = data.sources()
    permit = src.nh3_kg_per_year
    gemeente = municipalities()
    systems = data.housing_systems()
    index = emissions.factor_index(COUNTED_ON)
    second_factor = index.factors([systems[s].second for s in SECTORS])
    sector_idx = _sectors(rng, permit, gemeente, second_factor)
    main, second, n_main, n_second, low = _barns(rng, permit, sector_idx)
    year_main = np.where(
        low, rng.integers(2015, 2024, len(permit)), rng.integers(1965, 2015, len(permit))
    )
    low_codes = {s.low_emission for s in systems.values()} - {
        s.traditional for s in systems.values()
    }
    second_low = np.array([code in low_codes for code in second])
    year_second = np.where(
        second_low, rng.integers(2015, 2024, len(permit)), rng.integers(1975, 2015, len(permit))
    )
    occupancy = rng.uniform(0.85, 1.0, (len(permit), 2))
    birth_year, successor, intent = _succession(rng, sector_idx)
    scheme = _schemes(rng, sector_idx)
    stop_year = _stop_years(rng, len(permit))
    category = dict(zip(index.codes, index.category, strict=True))
    farms = []
    for i, sid in enumerate(src.source_id):
        barns = [
            Housing(
                stalsysteem_code=code,
                animal_category=category[code],
                dierplaatsen=int(n),
                year_built=int(y),
            )
            for code, n, y in (
                (main[i], n_main[i], year_main[i]),
                (second[i], n_second[i], year_second[i]),
            )
            if n > 0
        ]
        counts: dict[str, int] = {}
        for k, h in enumerate(barns):
            counts[h.animal_category] = counts.get(h.animal_category, 0) + round(
                h.dierplaatsen * occupancy[i, k]
            )
        is_stopper = intent[i] == "stopper"
        farms.append(
            RegistryFarm(
                ubn=ubn_of(sid),
                name=f"Demobedrijf {sid}",
                municipality=gemeente[i],
                sector=SECTORS[sector_idx[i]],
                location=Location(x_rd=src.x_rd[i], y_rd=src.y_rd[i], place=src.place[i] or None),
                housings=tuple(barns),
                animals=tuple(
                    AnimalGroup(category=c, count=n, counted_on=COUNTED_ON)
                    for c, n in counts.items()
                ),
                succession=Succession(
                    farmer_birth_year=int(birth_year[i]),
                    successor=str(successor[i]),
                    intent=str(intent[i]),
                    planned_stop_year=int(stop_year[i]) if is_stopper else None,
                    buyout_scheme=scheme[i] if is_stopper else None,
                ),
                permitted_nh3_kg_per_year=float(permit[i]),
            )
        )
    return farms


def is_demo_farmer_farm(farm: RegistryFarm) -> bool:
    """Whether a farm fits demo-boer: a veal farm in Ede with at least
    :data:`DEMO_FARMER_MIN_CALVES` veal places, run by a blijver born 1965-1985."""
    born = farm.succession.farmer_birth_year
    calves = sum(h.dierplaatsen for h in farm.housings if h.animal_category == "A4")
    return (
        farm.sector == "vleeskalveren"
        and farm.municipality == DEMO_FARMER_MUNICIPALITY
        and born is not None
        and DEMO_FARMER_BORN[0] <= born <= DEMO_FARMER_BORN[1]
        and farm.succession.intent == "blijver"
        and calves >= DEMO_FARMER_MIN_CALVES
    )


def demo_farmer_farm(farms: list[RegistryFarm]) -> RegistryFarm | None:
    """The first farm (by UBN) that fits demo-boer, or None."""
    return min((f for f in farms if is_demo_farmer_farm(f)), key=lambda f: f.ubn, default=None)


def housing_nh3(farms: list[RegistryFarm], on: dt.date = COUNTED_ON) -> np.ndarray:
    """NH3 of each farm's barns [kg/yr] by ``calc.emissions`` (vectorised over all barns)."""
    codes = [h.stalsysteem_code for f in farms for h in f.housings]
    places = [h.dierplaatsen for f in farms for h in f.housings]
    farm_of_barn = np.repeat(np.arange(len(farms)), [len(f.housings) for f in farms])
    per_barn = emissions.emissions(codes, places, on=on)
    return emissions.totals_per_farm(farm_of_barn, per_barn, len(farms))
