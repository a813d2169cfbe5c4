"""The omgevingsscan of one farm: emissions, odour, WAV, NNN and Natura 2000 deposition, judged by
a named policy profile, with a Dutch explanation in the style of the 2011 request's 'Omgeving
bedrijf' section. Deposition and odour concentrations are indicative screenings, not the legal
AERIUS or V-Stacks calculations, and every figure says so.

References
----------
Principeverzoek tweede bedrijfswoning Kettelarij, Lochem, 25-02-2011, section 'Omgeving bedrijf'
(geur, WAV, EHS, Natura 2000, each 'geen belemmering' or not); policy profiles: table
``scan_policy``; concentratiegebied: table ``concentration_areas``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from pydantic import BaseModel

from veekompas.calc import deposition as dep
from veekompas.calc.emissions import (
    NO_ODOUR_FACTOR,
    FarmEmission,
    farm_emission,
    odour_emission,
    pm10_emission,
)
from veekompas.calc.geometry import distance_to_area
from veekompas.calc.nature_deposition import (
    LBV_PLUS_THRESHOLD_MOL_PER_YEAR,
    AreaDeposition,
    Stikstofvracht,
    area_depositions,
    stikstofvracht,
)
from veekompas.calc.odour import OdourObject, Verdict, fixed_distance_verdicts, odour_verdicts
from veekompas.calc.odour import sources_at as odour_sources_at
from veekompas.calc.provenance import UnverifiedFigure, merge_unverified, unverified_figure
from veekompas.calc.receptors import area_receptors
from veekompas.domain.registry import RegistryFarm
from veekompas.domain.scan import Layer, ScanFarm, ScanRequest
from veekompas.errors import InputError, unknown_value_message
from veekompas.format_nl import number
from veekompas.geodata import natura2000_areas
from veekompas.norms import table

FARM_SECTOR = "4110"  # AERIUS sector: animal housing


class LayerPosition(BaseModel):
    """The farm against a map layer (WAV zeer kwetsbaar gebied, NNN)."""

    given: bool
    nearest: str | None = None
    distance_m: float | None = None
    inside: bool | None = None
    within_zone: bool | None = None
    obstacle: bool | None = None


class AreaJudgement(BaseModel):
    deposition: AreaDeposition
    distance_m: float
    threshold_mol_per_ha_year: float | None
    threshold_rule: str
    exceeds: bool | None


class NatureResult(BaseModel):
    nearest_area: str
    nearest_distance_m: float
    max_distance_km: float
    areas: list[AreaJudgement]
    stikstofvracht: Stikstofvracht | None
    label: str
    model_norm_versions: list[str]
    unverified: list[UnverifiedFigure] = []


class EnvironmentScan(BaseModel):
    farm: str
    policy: dict
    nh3: FarmEmission
    odour: FarmEmission
    pm10: FarmEmission
    odour_verdicts: list[Verdict]
    wav: LayerPosition
    nnn: LayerPosition
    natura2000: NatureResult
    explanation: list[str]
    norm_versions: list[str]
    unverified: list[UnverifiedFigure]


def policy_profile(code: str, on: dt.date | None = None) -> tuple[dict, str]:
    norm = table("scan_policy", on=on)
    codes = [r["code"] for r in norm.rows]
    if code not in codes:
        raise InputError("policy", unknown_value_message("policy profile", code, codes))
    return norm.row(code), norm.version


def _concentration_area(municipality: str | None, on: dt.date | None) -> tuple[bool, str]:
    norm = table("concentration_areas", on=on)
    names = {r["municipality"].lower() for r in norm.rows}
    return bool(municipality and municipality.lower() in names), norm.version


def _layer(xy: np.ndarray, layers: tuple[Layer, ...] | None, zone_m: float) -> LayerPosition:
    if layers is None:
        return LayerPosition(given=False)
    if not layers:
        return LayerPosition(given=True, inside=False, within_zone=False, obstacle=False)
    distances = [float(distance_to_area(xy, layer.geometry.polygons())[0]) for layer in layers]
    k = int(np.argmin(distances))
    d = distances[k]
    return LayerPosition(
        given=True,
        nearest=layers[k].name or f"gebied {k + 1}",
        distance_m=round(d, 1),
        inside=d == 0.0,
        within_zone=d <= zone_m,
        obstacle=d <= zone_m,
    )


def _threshold(profile: dict, area: AreaDeposition) -> tuple[float | None, str]:
    """The profile's threshold for ``area`` [mol N/ha/yr] (None: no KDW known) and its rule."""
    absolute = profile.get("deposition_threshold_mol_per_ha_year")
    if absolute is not None:
        return float(absolute), f"{number(absolute, 3)} mol/ha/jaar"
    percent = float(profile["deposition_threshold_percent_of_kdw"])
    for item in (profile.get("area_overrides_percent_of_kdw") or "").split(";"):
        slug, _, value = item.partition(":")
        if slug.strip() == area.area and value:
            percent = float(value)
    rule = f"{number(percent, 1)}% KDW"
    if area.kdw_mol_per_ha_year is None:
        return None, rule
    return percent / 100 * area.kdw_mol_per_ha_year, rule


def _nature(request: ScanRequest, profile: dict, nh3_kg: float) -> NatureResult:
    farm = request.farm
    xy = np.array([[farm.location.x_rd, farm.location.y_rd]])
    max_m = float(profile["max_distance_km"]) * 1000
    areas = natura2000_areas()
    near = []
    for area in areas:
        x0, y0, x1, y1 = area.bbox
        gap = max(x0 - xy[0, 0], xy[0, 0] - x1, y0 - xy[0, 1], xy[0, 1] - y1, 0.0)
        near.append(float(distance_to_area(xy, area.polygons)[0]) if gap <= max_m else np.inf)
    nearest = int(np.argmin(near))
    within = [a.slug for a, d in zip(areas, near, strict=True) if d <= max_m]
    standard = table("aerius_source_characteristics", on=request.on).row(FARM_SECTOR)
    height = farm.emission_height_m
    spread = farm.spread_m
    sources = dep.point_sources(
        [farm.name or "bedrijf"],
        [farm.location.x_rd],
        [farm.location.y_rd],
        [standard["emission_height_m"] if height is None else height],
        [standard["spread_m"] if spread is None else spread],
        [nh3_kg],
    )
    judged: list[AreaJudgement] = []
    vracht = None
    versions: list[str] = []
    model_flags: list[UnverifiedFigure] = []
    if within:
        hexagons = area_receptors(tuple(within))
        receptors = dep.make_receptors(hexagons.receptor_id, hexagons.x_rd, hexagons.y_rd)
        result = dep.deposition(sources, receptors, cutoff_m=max_m)
        values = result.deposition_mol_n_per_ha_year
        versions = list(result.norm_versions)
        model_flags = list(result.unverified)
        summaries, kdw_version = area_depositions(
            values, hexagons.area_index, hexagons.area_slugs, on=request.on
        )
        versions.append(kdw_version)
        distance = dict(zip((a.slug for a in areas), near, strict=True))
        for summary in summaries:
            limit, rule = _threshold(profile, summary)
            exceeds = None if limit is None else summary.max_mol_per_ha_year > limit
            judged.append(
                AreaJudgement(
                    deposition=summary,
                    distance_m=round(distance[summary.area], 1),
                    threshold_mol_per_ha_year=limit,
                    threshold_rule=rule,
                    exceeds=exceeds,
                )
            )
        judged.sort(key=lambda j: -j.deposition.max_mol_per_ha_year)
        vracht = stikstofvracht(
            values,
            hexagons.area_index,
            hexagons.area_slugs,
            hexagon_area_ha=hexagons.area_ha,
            threshold_mol_per_year=LBV_PLUS_THRESHOLD_MOL_PER_YEAR,
            on=request.on,
        )
    return NatureResult(
        nearest_area=areas[nearest].name,
        nearest_distance_m=round(near[nearest], 1),
        max_distance_km=max_m / 1000,
        areas=judged,
        stikstofvracht=vracht,
        label=dep.LABEL,
        model_norm_versions=versions,
        unverified=model_flags,
    )


def environment_scan(request: ScanRequest) -> EnvironmentScan:
    """The omgevingsscan of ``request.farm`` (see module docstring)."""
    from veekompas.assess.scan_explanation import explain

    on = request.on
    profile, policy_version = policy_profile(request.policy, on)
    farm = request.farm
    nh3 = farm_emission(farm.housings, on=on)
    odour = odour_emission(farm.housings, on=on)
    pm10 = pm10_emission(farm.housings, on=on)
    xy = (farm.location.x_rd, farm.location.y_rd)
    conc, conc_version = _concentration_area(farm.municipality, on)
    objects = [
        OdourObject(
            name=o.name or f"object {i + 1}",
            x=o.x_rd,
            y=o.y_rd,
            inside_built_up=o.inside_built_up_area,
            concentratiegebied=conc,
            wall_distance_m=o.wall_distance_m,
        )
        for i, o in enumerate(request.odour_objects)
    ]
    verdicts: list[Verdict] = []
    if objects:
        without_factor = any(b.status == NO_ODOUR_FACTOR for b in odour.housings)
        verdicts += fixed_distance_verdicts(
            xy, objects, on=on, animals_without_odour_factor=without_factor
        )
        if odour.total > 0:
            verdicts += odour_verdicts(odour_sources_at(xy, odour.total), objects, on=on)
    point = np.array([xy])
    zone = float(profile["wav_zone_m"])
    wav = _layer(point, request.wav_areas, zone)
    nnn = _layer(point, request.nnn_areas, 0.0)
    nature = _nature(request, profile, nh3.total)
    policy_norm = table("scan_policy", on=on)
    flags = [*nh3.unverified, *odour.unverified, *pm10.unverified]
    flags += [f for v in verdicts for f in v.unverified]
    if profile.get("unverified"):
        flags.append(unverified_figure(policy_norm, profile))
    flags += nature.unverified
    kdw_version = nature.model_norm_versions[-1] if nature.areas else ""
    flags += [
        UnverifiedFigure(table=kdw_version, code=j.deposition.area, note="laagste KDW van gebied")
        for j in nature.areas
        if j.deposition.kdw_unverified
    ]
    if nature.stikstofvracht:
        flags += nature.stikstofvracht.unverified
    versions = sorted(
        {
            nh3.norm_version,
            odour.norm_version,
            pm10.norm_version,
            policy_version,
            conc_version,
            *nature.model_norm_versions,
            *(v.table_version for v in verdicts),
        }
    )
    scan = EnvironmentScan(
        farm=farm.name,
        policy={**profile, "version": policy_version, "concentratiegebied": conc},
        nh3=nh3,
        odour=odour,
        pm10=pm10,
        odour_verdicts=verdicts,
        wav=wav,
        nnn=nnn,
        natura2000=nature,
        explanation=[],
        norm_versions=versions,
        unverified=merge_unverified(flags),
    )
    return scan.model_copy(update={"explanation": explain(scan)})


def scan_farm_from_registry(farm: RegistryFarm) -> ScanFarm:
    """The scan's view of a registry farm: its location and barns (default source height)."""
    return ScanFarm(
        name=f"{farm.name} (UBN {farm.ubn})",
        municipality=farm.municipality,
        location=farm.location,
        housings=farm.housings,
    )
