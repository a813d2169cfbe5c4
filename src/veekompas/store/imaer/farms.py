"""Registry farms as IMAER ``FarmAnimalHousingSource``s (one per farm, at its location)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import veekompas
from veekompas.calc.emissions import farm_emission
from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.norms import table
from veekompas.store.imaer.records import (
    FARM_SECTOR,
    OMGEVINGSREGELING_CODE,
    SITUATION_TYPES,
    AnimalHousing,
    EmissionSource,
    ImaerDocument,
    Metadata,
)
from veekompas.store.imaer.write import dump


def _animal_type(rav_category: str) -> str:
    """``animalType`` of a custom housing: the Rav animal letter (A rundvee, D varkens, ...),
    as IMAER-java's round-trip file ``farm_with_custom_animal.gml`` writes ``A`` for cows."""
    return rav_category[:1]


def farm_source(
    farm: RegistryFarm, year: int, local_id: str, on: dt.date | None = None
) -> EmissionSource:
    """One registry farm as a ``FarmAnimalHousingSource`` at its location.

    Emission and factors from ``calc.emissions`` with the Rav table in force on ``on``
    (default: 1 January of ``year``); height, spread and heat content are AERIUS' standard
    characteristics of sector 4110.
    """
    on = on or dt.date(year, 1, 1)
    standard = table("aerius_source_characteristics").row(FARM_SECTOR)
    rav = [h for h in farm.housings if not OMGEVINGSREGELING_CODE.match(h.stalsysteem_code)]
    emission = farm_emission(rav, on=on) if rav else None
    by_code = iter(emission.housings if emission else [])
    housings = []
    for h in farm.housings:
        code = OMGEVINGSREGELING_CODE.match(h.stalsysteem_code)
        if code:
            housings.append(
                AnimalHousing(
                    kind="standard",
                    animal_type=code[1],
                    number_of_animals=h.dierplaatsen,
                    housing_code=h.stalsysteem_code,
                )
            )
            continue
        barn = next(by_code)
        housings.append(
            AnimalHousing(
                kind="custom",
                animal_type=_animal_type(barn.animal_category),
                number_of_animals=barn.dierplaatsen,
                description=f"Rav {barn.stalsysteem_code}: {barn.description}"[:200],
                nh3_kg_per_animal_year=barn.factor,
                emission_factor_type="PER_ANIMAL_PER_YEAR",
            )
        )
    return EmissionSource(
        local_id=local_id,
        sector_id=FARM_SECTOR,
        label=f"{farm.name} (UBN {farm.ubn})",
        heat_content_mw=standard["heat_content_mw"],
        emission_height_m=standard["emission_height_m"],
        spread_m=standard["spread_m"],
        geometry="point",
        coordinates=((farm.location.x_rd, farm.location.y_rd),),
        emission_kg_per_year={"NH3": emission.total if emission else 0.0},
        animal_housings=tuple(housings),
    )


def export_farms(
    farms: Iterable[RegistryFarm],
    situation_type: str = "PROPOSED",
    year: int = 2024,
    name: str | None = None,
) -> bytes:
    """Farms as one IMAER 6.0 GML situation (one source per farm), for AERIUS Calculator.

    Emissions of Omgevingsregeling codes are left to AERIUS (it knows their factors); the
    source's NH3 total counts the Rav barns only.
    """
    if situation_type not in SITUATION_TYPES:
        allowed = ", ".join(SITUATION_TYPES)
        raise InputError(
            "situation", f"{situation_type!r} is not a situation type; allowed: {allowed}"
        )
    if not 1990 <= year <= 2100:
        raise InputError("year", f"{year} is not a calculation year; allowed: 1990 .. 2100")
    sources = tuple(farm_source(f, year, f"ES.{i}") for i, f in enumerate(farms, start=1))
    if not sources:
        raise InputError("farms", "no farms to export")
    metadata = Metadata(
        year=year,
        project_name=name,
        situation_name=name or f"veekompas {situation_type.lower()}",
        situation_type=situation_type,
        gml_creator=(
            f"veekompas {veekompas.__version__} "
            f"({table('ammonia_emission_factors', on=dt.date(year, 1, 1)).version})"
        ),
    )
    return dump(ImaerDocument(metadata=metadata, sources=sources))
