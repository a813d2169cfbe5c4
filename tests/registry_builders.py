"""Test farms for the registry with identifiers that are easy to search for in any output:
UBNs of 7 digits from 8 100 000, KvK numbers of 8 digits from 61 000 000, unique names, places
and RD New coordinates with decimals (x from 150 000, y from 440 000) — all far from the
aggregate figures (counts, places and NH3 sums stay below 100 000)."""

from __future__ import annotations

import datetime as dt
import random

from veekompas.domain.registry import (
    SECTORS,
    AnimalGroup,
    Housing,
    Location,
    RegistryFarm,
    Succession,
)

INTENTS = ("stopper", "blijver", "onbekend")
CATEGORIES = ("vleeskalveren", "melkkoeien", "vleesvarkens")


def registry_farm(
    i: int,
    municipality: str,
    sector: str = "vleeskalveren",
    intent: str = "blijver",
    housings: tuple[tuple[str, int], ...] = (("vleeskalveren", 400),),
    nh3: float | None = 1_400.0,
) -> RegistryFarm:
    """Farm number ``i`` (0..9999) of the test registry."""
    return RegistryFarm(
        ubn=str(8_100_000 + i),
        name=f"Kalverhouderij Zwartewaterhoeve {i:04d}",
        kvk=str(61_000_000 + i),
        municipality=municipality,
        sector=sector,
        location=Location(
            x_rd=150_000 + 37 * i + 0.25, y_rd=440_000 + 53 * i + 0.75, place=f"Buurtschap{i:04d}"
        ),
        housings=tuple(
            Housing(stalsysteem_code="A4.100", animal_category=c, dierplaatsen=n, year_built=2005)
            for c, n in housings
        ),
        animals=(AnimalGroup(category="vleeskalveren", count=17, counted_on=dt.date(2026, 4, 1)),),
        succession=Succession(farmer_birth_year=1960, intent=intent),
        permitted_nh3_kg_per_year=nh3,
    )


def random_registry(seed: int, sizes: dict[str, int]) -> list[RegistryFarm]:
    """Farms with random sector, intent, barns (0-2, some with 0 places) and NH3 (some None);
    ``sizes`` gives the number of farms per municipality."""
    rng = random.Random(seed)
    farms = []
    for municipality, n in sizes.items():
        for _ in range(n):
            housings = tuple(
                (rng.choice(CATEGORIES), rng.choice([0, rng.randint(1, 900)]))
                for _ in range(rng.randint(0, 2))
            )
            farms.append(
                registry_farm(
                    len(farms),
                    municipality,
                    sector=rng.choice(SECTORS),
                    intent=rng.choice(INTENTS),
                    housings=housings,
                    nh3=rng.choice([None, 0.0, round(rng.uniform(100, 4_000), 1)]),
                )
            )
    return farms
