"""Records of the regional farm registry: farm, location, barns, animals, succession, permit.

Coordinates are RD New (EPSG:28992) in metres.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from veekompas.domain.limits import (
    MAX_ANIMALS,
    MAX_DATE,
    MAX_HA,
    MAX_NH3_KG_PER_YEAR,
    MAX_PARTS,
    MAX_YEAR,
    MIN_BIRTH_YEAR,
    MIN_BUILT_YEAR,
    MIN_DATE,
    MIN_STOP_YEAR,
)

Intent = Literal["stopper", "blijver", "onbekend"]
Successor = Literal["ja", "nee", "onbekend"]
# Main livestock sector of a farm (the registry's and the open data's grouping).
Sector = Literal["vleeskalveren", "melkvee", "varkens", "pluimvee", "overig"]
SECTORS: tuple[str, ...] = Sector.__args__  # type: ignore[attr-defined]


class _Record(BaseModel):
    # no inf or nan: an amount read from a file as 'inf' is refused, not stored
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Location(_Record):
    """Farm location in RD New [m] (EPSG:28992), kept at millimetre precision.

    Coordinates are rounded to 3 decimals [m] so that a location survives a round trip through
    WGS84 (GeoJSON) unchanged; a millimetre is far below the accuracy of any farm location.
    """

    x_rd: float = Field(ge=0, le=300_000)
    y_rd: float = Field(ge=289_000, le=630_000)
    place: str | None = Field(default=None, max_length=100)

    @field_validator("x_rd", "y_rd")
    @classmethod
    def _to_millimetres(cls, value: float) -> float:
        return round(value, 3)


class Housing(_Record):
    """A barn section: housing system (Rav/Omgevingsregeling code) and its animal places."""

    stalsysteem_code: str = Field(min_length=1, max_length=40)
    animal_category: str = Field(min_length=1, max_length=80)
    dierplaatsen: int = Field(ge=0, le=MAX_ANIMALS)  # bounds and reasons: domain/limits.py
    year_built: int | None = Field(default=None, ge=MIN_BUILT_YEAR, le=MAX_YEAR)


class AnimalGroup(_Record):
    """Animals present of one category [count] on a date."""

    category: str = Field(min_length=1, max_length=80)
    count: int = Field(ge=0, le=MAX_ANIMALS)
    counted_on: dt.date = Field(ge=MIN_DATE, le=MAX_DATE)


class RegistryCrop(_Record):
    crop: str = Field(min_length=1, max_length=80)
    ha: float = Field(ge=0, le=MAX_HA)
    own_fodder: bool = False


class Succession(_Record):
    """Farmer's age and plans; ``buyout_scheme`` names a buy-out scheme taken part in."""

    farmer_birth_year: int | None = Field(default=None, ge=MIN_BIRTH_YEAR, le=MAX_YEAR)
    successor: Successor = "onbekend"
    intent: Intent = "onbekend"
    planned_stop_year: int | None = Field(default=None, ge=MIN_STOP_YEAR, le=MAX_YEAR)
    buyout_scheme: str | None = Field(default=None, max_length=80)


class RegistryFarm(_Record):
    """A farm in the registry, identified by its UBN; ``version`` guards concurrent edits."""

    ubn: str = Field(pattern=r"^\d{1,10}$", max_length=10)
    name: str = Field(min_length=1, max_length=200)
    kvk: str | None = Field(default=None, pattern=r"^\d{8}$", max_length=8)
    municipality: str = Field(
        default="",
        max_length=100,
        validate_default=True,
        description="CBS name; derived from the location when blank or missing",
    )
    sector: Sector = "overig"
    location: Location
    housings: tuple[Housing, ...] = Field(default=(), max_length=MAX_PARTS)
    animals: tuple[AnimalGroup, ...] = Field(default=(), max_length=MAX_PARTS)
    crops: tuple[RegistryCrop, ...] = Field(default=(), max_length=MAX_PARTS)
    succession: Succession = Succession()
    permitted_nh3_kg_per_year: float | None = Field(default=None, ge=0, le=MAX_NH3_KG_PER_YEAR)
    version: int = 0

    @model_validator(mode="before")
    @classmethod
    def _derive_municipality(cls, data: Any) -> Any:
        """A blank or missing municipality is the one at the location (CBS 2024 boundaries)."""
        if not isinstance(data, dict) or not _blank(data.get("municipality")):
            return data
        location = data.get("location")
        try:
            point = location if isinstance(location, Location) else Location(**location)
        except (TypeError, ValueError):
            # the farm is refused for its location, whose errors say why; no second error here
            return {**data, "municipality": "-"}
        from veekompas.domain.farm_municipality import municipality_of_location

        found = municipality_of_location(point.x_rd, point.y_rd)
        return {**data, "municipality": found or ""}

    @field_validator("municipality")
    @classmethod
    def _municipality_given_or_found(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(
                "ontbreekt, en de ligging valt in geen gemeente (CBS 2024); vul de gemeente in"
            )
        return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
