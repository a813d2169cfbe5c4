"""IMAER records and constants: sources, animal housing, metadata, result depositions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

IMAER = "http://imaer.aerius.nl/6.0"
GML = "http://www.opengis.net/gml/3.2"
SCHEMA_LOCATION = "http://imaer.aerius.nl/6.0 https://imaer.aerius.nl/6.0/IMAER.xsd"
SRS = "urn:ogc:def:crs:EPSG::28992"
SITUATION_TYPES = ("REFERENCE", "PROPOSED", "TEMPORARY", "OFF_SITE_REDUCTION")
SUBSTANCES = ("NH3", "NOX", "PM10", "NO2")
FARM_SECTOR = "4110"
NAMESPACES = {"imaer": IMAER, "gml": GML}
OMGEVINGSREGELING_CODE = re.compile(r"^(H[A-Z]\d+)\.\d+$")
_RAV_DESCRIPTION = re.compile(r"^Rav (?P<code>[A-Z][0-9.]+[0-9]):")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AnimalHousing(_Record):
    """One ``animalHousing``: a standard code or a custom factor [kg NH3 per animal per year]."""

    kind: Literal["standard", "custom"]
    animal_type: str
    number_of_animals: int
    housing_code: str | None = None
    description: str | None = None
    nh3_kg_per_animal_year: float | None = None
    emission_factor_type: str | None = None
    additional_systems: tuple[str, ...] = ()

    @property
    def rav_code(self) -> str | None:
        """The Rav code this veekompas export wrote into a custom description, if any."""
        match = _RAV_DESCRIPTION.match(self.description or "")
        return match["code"] if match else None


class EmissionSource(_Record):
    """An emission source of an IMAER file; coordinates [m, RD New], emissions [kg/yr]."""

    local_id: str
    element: str = "FarmAnimalHousingSource"
    sector_id: str
    label: str | None = None
    heat_content_mw: float = 0.0
    emission_height_m: float
    spread_m: float | None = None
    geometry: Literal["point", "polygon"]
    coordinates: tuple[tuple[float, float], ...]
    emission_kg_per_year: dict[str, float]
    animal_housings: tuple[AnimalHousing, ...] = ()
    established: dt.date | None = None


class Metadata(_Record):
    """What an IMAER file says about itself (``AeriusCalculatorMetadata``)."""

    year: int
    project_name: str | None = None
    corporation: str | None = None
    facility_address: tuple[str, str, str] | None = None
    description: str | None = None
    situation_name: str | None = None
    reference: str | None = None
    situation_type: str | None = None
    aerius_version: str | None = None
    database_version: str | None = None
    gml_creator: str | None = None


class ImaerDocument(_Record):
    """Sources and, for a result file, deposition per receptor [mol N/ha/yr]."""

    metadata: Metadata
    sources: tuple[EmissionSource, ...] = ()
    depositions: dict[int, float] = {}
