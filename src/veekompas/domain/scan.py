"""Input of the omgevingsscan: a farm (location, barns), odour-sensitive objects, optional WAV
and NNN layers, and the policy profile to judge by. Coordinates are RD New (EPSG:28992) [m]."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from veekompas.domain.limits import MAX_DATE, MIN_DATE
from veekompas.domain.registry import Housing, Location

# A map coordinate [m]: finite and within 10,000 km of the RD New origin (RD New itself spans
# about 300 x 350 km); a larger number is not a place a scan can judge.
MAX_COORDINATE_M = 10_000_000.0
# An object's distance to the barn's outside wall [m]: the fixed distances are 25-100 m.
MAX_WALL_DISTANCE_M = 10_000.0


def _coordinate(c: object) -> bool:
    return (
        isinstance(c, int | float)
        and not isinstance(c, bool)
        and math.isfinite(c)
        and abs(c) <= MAX_COORDINATE_M
    )


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SensitiveObject(_Input):
    """An odour-sensitive object (geurgevoelig object), e.g. a dwelling, at RD New x/y [m]."""

    name: str = Field(default="", max_length=200)
    x_rd: float = Field(ge=0, le=300_000)
    y_rd: float = Field(ge=289_000, le=630_000)
    inside_built_up_area: bool = False
    wall_distance_m: float | None = Field(
        default=None,
        ge=0,
        le=MAX_WALL_DISTANCE_M,
        description="distance [m] from the nearest barn's outside wall",
    )


class Geometry(_Input):
    """A GeoJSON Polygon or MultiPolygon geometry in RD New [m]."""

    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list

    @model_validator(mode="after")
    def _matches_type(self) -> Geometry:
        is_polygon = all(isinstance(ring[0][0], int | float) for ring in self.coordinates)
        if is_polygon != (self.type == "Polygon"):
            raise ValueError(f"coordinates do not match type {self.type}")
        return self

    @field_validator("coordinates")
    @classmethod
    def _rings(cls, value: list) -> list:
        def ring_ok(ring: object) -> bool:
            return (
                isinstance(ring, list)
                and len(ring) >= 3
                and all(
                    isinstance(p, list | tuple)
                    and len(p) >= 2
                    and all(_coordinate(c) for c in p[:2])
                    for p in ring
                )
            )

        def polygon_ok(polygon: object) -> bool:
            return isinstance(polygon, list) and bool(polygon) and all(map(ring_ok, polygon))

        if not (polygon_ok(value) or (value and all(map(polygon_ok, value)))):
            raise ValueError(
                "needs rings of at least 3 [x, y] points (RD New, m; finite numbers up to 1e7)"
            )
        return value

    def polygons(self) -> list[list[list[list[float]]]]:
        return [self.coordinates] if self.type == "Polygon" else self.coordinates


class Layer(_Input):
    """A named area of a map layer (a WAV zeer kwetsbaar gebied, an NNN area)."""

    name: str = Field(default="", max_length=200)
    geometry: Geometry


class ScanFarm(_Input):
    """The farm: where it is and its barns; emission height and spread default to AERIUS's
    standard characteristics of sector 4110 (animal housing)."""

    # a registry farm's name (up to 200) with " (UBN <10 digits>)" after it
    name: str = Field(default="", max_length=240)
    municipality: str | None = Field(default=None, max_length=100)
    location: Location
    housings: tuple[Housing, ...] = Field(min_length=1, max_length=200)
    emission_height_m: float | None = Field(default=None, ge=0, le=100)
    spread_m: float | None = Field(default=None, ge=0, le=50)


class ScanRequest(_Input):
    farm: ScanFarm
    odour_objects: tuple[SensitiveObject, ...] = Field(default=(), max_length=500)
    wav_areas: tuple[Layer, ...] | None = Field(
        default=None, max_length=1000, description="zeer kwetsbare gebieden (Wav); None: no map"
    )
    nnn_areas: tuple[Layer, ...] | None = Field(
        default=None, max_length=1000, description="Natuurnetwerk Nederland areas; None: no map"
    )
    policy: str = Field(default="gelderland-2011", max_length=40)
    on: dt.date | None = Field(
        default=None,
        ge=MIN_DATE,
        le=MAX_DATE,
        description="date of the norm tables (default today)",
    )
