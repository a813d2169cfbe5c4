"""Environmental API: the omgevingsscan of a posted farm, and emissions and scan of a registry
farm (with the registry's roles). Deposition and odour concentrations are indicative."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from veekompas.assess.environment_scan import (
    EnvironmentScan,
    environment_scan,
    scan_farm_from_registry,
)
from veekompas.calc.emissions import FarmEmission, farm_emission, odour_emission, pm10_emission
from veekompas.domain.scan import ScanRequest
from veekompas.web.accounts.auth import Registry
from veekompas.web.farms.registry_api import READ, Ubn
from veekompas.web.plumbing.errors import responses

router = APIRouter(prefix="/api/v1", tags=["omgeving"])


class FarmEmissions(BaseModel):
    """NH3 [kg/yr], odour [ouE/s] and PM10 [g/yr] of a farm's barns, with table versions."""

    nh3: FarmEmission
    odour: FarmEmission
    pm10: FarmEmission


@router.post("/environmental-scans", response_model=EnvironmentScan, responses=responses(422))
def create_environmental_scan(request: ScanRequest) -> EnvironmentScan:
    """Omgevingsscan of a farm: emissions, odour verdicts, WAV and NNN position, deposition on
    each Natura 2000 area within the profile's distance, threshold checks and stikstofvracht,
    with a Dutch explanation (same result as ``veekompas farm scan --json``)."""
    return environment_scan(request)


@router.get("/farms/{ubn}/emissions", response_model=FarmEmissions, responses=READ)
def farm_emissions(ubn: Ubn, registry: Registry) -> FarmEmissions:
    housings = registry.get_farm(ubn).housings
    return FarmEmissions(
        nh3=farm_emission(housings), odour=odour_emission(housings), pm10=pm10_emission(housings)
    )


@router.get("/farms/{ubn}/environmental-scan", response_model=EnvironmentScan, responses=READ)
def registry_farm_scan(
    ubn: Ubn,
    registry: Registry,
    policy: Annotated[str, Query(max_length=40)] = "gelderland-2011",
) -> EnvironmentScan:
    """The omgevingsscan of a registry farm (no odour objects or WAV/NNN maps: those sections
    say 'niet beoordeeld')."""
    farm = scan_farm_from_registry(registry.get_farm(ubn))
    return environment_scan(ScanRequest(farm=farm, policy=policy))
