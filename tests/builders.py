"""Builders of registry records for tests (importable from every test folder)."""

from __future__ import annotations

import datetime as dt

from veekompas.domain.limits import (
    MAX_ANIMALS,
    MAX_DATE,
    MAX_HA,
    MAX_NH3_KG_PER_YEAR,
    MAX_PARTS,
    MAX_YEAR,
)
from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)


def farm(ubn: str, municipality: str = "Barneveld", intent: str = "blijver", calves: int = 400):
    return RegistryFarm(
        ubn=ubn,
        name=f"Bedrijf {ubn}",
        kvk="12345678",
        municipality=municipality,
        location=Location(x_rd=172_000.0, y_rd=460_000.0, place="Voorthuizen"),
        housings=(
            Housing(
                stalsysteem_code="A4.100",
                animal_category="vleeskalveren",
                dierplaatsen=calves,
                year_built=2008,
            ),
        ),
        animals=(
            AnimalGroup(
                category="vleeskalveren", count=calves - 10, counted_on=dt.date(2026, 4, 1)
            ),
        ),
        crops=(RegistryCrop(crop="grasland_blijvend", ha=4.5, own_fodder=False),),
        succession=Succession(
            farmer_birth_year=1961, successor="nee", intent=intent, planned_stop_year=2030
        ),
        permitted_nh3_kg_per_year=1_400.0,
    )


CATEGORY = "vleeskalveren"


def largest_farm(i: int, municipality: str) -> RegistryFarm:
    """A farm with every number at its upper bound and every text at its column's length."""
    return RegistryFarm(
        ubn=str(9_999_999_000 + i),
        name=f"{i:03d}" + "N" * 197,
        kvk="99999999",
        municipality=municipality,
        sector="vleeskalveren",
        location=Location(x_rd=300_000, y_rd=630_000, place="P" * 100),
        housings=tuple(
            Housing(
                stalsysteem_code="A4.100",
                animal_category=CATEGORY,
                dierplaatsen=MAX_ANIMALS,
                year_built=MAX_YEAR,
            )
            for _ in range(MAX_PARTS)
        ),
        animals=tuple(
            AnimalGroup(category=CATEGORY, count=MAX_ANIMALS, counted_on=MAX_DATE)
            for _ in range(MAX_PARTS)
        ),
        crops=tuple(
            RegistryCrop(crop="grasland_blijvend", ha=MAX_HA, own_fodder=True)
            for _ in range(MAX_PARTS)
        ),
        succession=Succession(
            farmer_birth_year=MAX_YEAR,
            successor="ja",
            intent="blijver",
            planned_stop_year=MAX_YEAR,
            buyout_scheme="B" * 80,
        ),
        permitted_nh3_kg_per_year=MAX_NH3_KG_PER_YEAR,
    )
