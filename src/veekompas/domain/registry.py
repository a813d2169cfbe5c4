"""Records of the regional farm registry: farm, location, barns, animals, succession, permit.

Coordinates are RD New (EPSG:28992) in metres.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    place: str | None = None

    @field_validator("x_rd", "y_rd")
    @classmethod
    def _to_millimetres(cls, value: float) -> float:
        return round(value, 3)


MAX_ANIMALS = 10_000_000  # animals or places of one barn / group [-]


class Housing(_Record):
    """A barn section: housing system (Rav/Omgevingsregeling code) and its animal places."""

    stalsysteem_code: str = Field(min_length=1, max_length=40)
    animal_category: str = Field(min_length=1, max_length=80)
    # upper bound: far above any farm, and within the store's 32-bit INTEGER columns
    dierplaatsen: int = Field(ge=0, le=MAX_ANIMALS)
    year_built: int | None = Field(default=None, ge=1800, le=2100)


class AnimalGroup(_Record):
    """Animals present of one category [count] on a date."""

    category: str = Field(min_length=1, max_length=80)
    count: int = Field(ge=0, le=MAX_ANIMALS)
    counted_on: dt.date


class RegistryCrop(_Record):
    crop: str = Field(min_length=1, max_length=80)
    ha: float = Field(ge=0)
    own_fodder: bool = False


class Succession(_Record):
    """Farmer's age and plans; ``buyout_scheme`` names a buy-out scheme taken part in."""

    farmer_birth_year: int | None = Field(default=None, ge=1900, le=2100)
    successor: Successor = "onbekend"
    intent: Intent = "onbekend"
    planned_stop_year: int | None = Field(default=None, ge=1990, le=2100)
    buyout_scheme: str | None = Field(default=None, max_length=80)


class RegistryFarm(_Record):
    """A farm in the registry, identified by its UBN; ``version`` guards concurrent edits."""

    ubn: str = Field(pattern=r"^\d{1,10}$")
    name: str = Field(min_length=1, max_length=200)
    kvk: str | None = Field(default=None, pattern=r"^\d{8}$")
    municipality: str = Field(min_length=1, max_length=100)
    sector: Sector = "overig"
    location: Location
    housings: tuple[Housing, ...] = ()
    animals: tuple[AnimalGroup, ...] = ()
    crops: tuple[RegistryCrop, ...] = ()
    succession: Succession = Succession()
    permitted_nh3_kg_per_year: float | None = Field(default=None, ge=0)
    version: int = 0
