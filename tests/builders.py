"""Builders of registry records for tests (importable from every test folder)."""

from __future__ import annotations

import datetime as dt

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
