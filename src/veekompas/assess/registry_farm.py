"""Everything the farm page shows about one registry farm, computed from its record: emissions
(NH3, odour, PM10 with their table versions), the omgevingsscan summary and, where the NGE norms
allow it, the size and labour assessment.

Registry animals are counted per Rav animal category (``A1``, ``A4``, ...); the NGE norms are per
LEI product (``melk_en_kalfkoeien``, ...). Only a category that matches one product is mapped:
Rav A1 "melk- en kalfkoeien ouder dan 2 jaar" is the LEI product "Melk- en kalfkoeien". Rav A3
"vrouwelijk jongvee tot 2 jaar" spans two NGE products (< 1 jaar and 1-2 jaar) and cannot be
split without the animals' ages; veal calves (A4, "vleeskalveren tot circa 8 maanden") and every
other category have no NGE norm in the package. Those animals are listed as not assessed: no
norm is invented.

References
----------
Regeling ammoniak en veehouderij, Bijlage 1, diercategorieën A 1 and A 4 as named in InfoMil,
"Rav-wijziging 11 maart 2020" (Staatscourant 2020, 7734),
https://www.infomil.nl/onderwerpen/landbouw/ammoniak/rav-0/wijzigingen-rav/11-maart-2020/.
A 3 as named in Rav Bijlage 1 (BWBR0013629); that name was not checked against a second source.
"""

from __future__ import annotations

from pydantic import BaseModel

from veekompas.assess.environment_scan import environment_scan, scan_farm_from_registry
from veekompas.assess.farm_assessment import Assessment, assess_farm
from veekompas.calc.emissions import FarmEmission, farm_emission, odour_emission, pm10_emission
from veekompas.domain import parse_farm
from veekompas.domain.registry import RegistryFarm
from veekompas.domain.scan import ScanRequest
from veekompas.errors import InputError

# Rav animal category -> NGE product code (only one-to-one matches; see module docstring)
RAV_TO_NGE: dict[str, str] = {"A1": "melk_en_kalfkoeien"}
NO_NGE_REASON: dict[str, str] = {
    "A3": "vrouwelijk jongvee tot 2 jaar valt in twee NGE-producten (< 1 jaar en 1-2 jaar); "
    "zonder leeftijden niet te verdelen",
    "A4": "vleeskalveren: geen NGE-norm beschikbaar",
}
NGE_CROPS = ("snijmais", "grasland_blijvend")
NORM_YEAR = 2010


class Emissions(BaseModel):
    """One substance's result, or why it could not be computed."""

    substance: str
    result: FarmEmission | None
    error: str | None = None


class ScanSummary(BaseModel):
    nearest_area: str | None
    nearest_distance_m: float | None
    stikstofvracht_mol_per_year: float | None
    explanation: list[str]
    norm_versions: list[str]
    error: str | None = None


class NotAssessed(BaseModel):
    category: str
    count: int
    reason: str


class SizeAssessment(BaseModel):
    """The size/labour assessment of the farm's mapped animals and crops (``None`` if none)."""

    assessment: Assessment | None
    mapped: dict[str, str]
    not_assessed: list[NotAssessed]
    note: str


class FarmReport(BaseModel):
    farm: RegistryFarm
    emissions: list[Emissions]
    scan: ScanSummary
    size: SizeAssessment

    def norm_versions(self) -> list[str]:
        """Every norm-table version (``name@valid_from``) the report rests on, once, sorted."""
        found = {e.result.norm_version for e in self.emissions if e.result}
        found |= set(self.scan.norm_versions)
        if self.size.assessment:
            found |= {v["version"] for v in self.size.assessment.norm_versions}
        return sorted(found)


def _emissions(farm: RegistryFarm) -> list[Emissions]:
    out = []
    for name, fn in (("nh3", farm_emission), ("odour", odour_emission), ("pm10", pm10_emission)):
        try:
            out.append(Emissions(substance=name, result=fn(farm.housings)))
        except InputError as exc:
            out.append(Emissions(substance=name, result=None, error=str(exc)))
    return out


def scan_summary(farm: RegistryFarm) -> ScanSummary:
    """The omgevingsscan (default policy profile) reduced to what the farm page shows."""
    try:
        scan = environment_scan(ScanRequest(farm=scan_farm_from_registry(farm)))
    except InputError as exc:
        return ScanSummary(
            nearest_area=None,
            nearest_distance_m=None,
            stikstofvracht_mol_per_year=None,
            explanation=[],
            norm_versions=[],
            error=str(exc),
        )
    nature = scan.natura2000
    vracht = nature.stikstofvracht
    return ScanSummary(
        nearest_area=nature.nearest_area,
        nearest_distance_m=nature.nearest_distance_m,
        stikstofvracht_mol_per_year=vracht.mol_per_year if vracht else None,
        explanation=scan.explanation,
        norm_versions=scan.norm_versions,
    )


def size_assessment(farm: RegistryFarm) -> SizeAssessment:
    """Size and labour (``assess_farm``) of the animals and crops that have an NGE norm."""
    animals: dict[str, int] = {}
    mapped: dict[str, str] = {}
    skipped: list[NotAssessed] = []
    for group in farm.animals:
        code = RAV_TO_NGE.get(group.category)
        if code is None:
            reason = NO_NGE_REASON.get(group.category, "geen NGE-norm voor deze diercategorie")
            skipped.append(NotAssessed(category=group.category, count=group.count, reason=reason))
            continue
        mapped[group.category] = code
        animals[code] = animals.get(code, 0) + group.count
    crops = {
        c.crop: {"ha": c.ha, "own_fodder": c.own_fodder} for c in farm.crops if c.crop in NGE_CROPS
    }
    note = (
        "Omvang en arbeid volgens de NGE-normen (Landbouwtelling 2010) van de dieren en gewassen "
        "met een norm; dieren zonder norm tellen niet mee."
    )
    if not animals and not crops:
        note = "Geen dieren of gewassen met een NGE-norm: omvang en arbeid zijn niet te bepalen."
        return SizeAssessment(assessment=None, mapped=mapped, not_assessed=skipped, note=note)
    data = {
        "name": farm.name,
        "municipality": farm.municipality,
        "norm_year": NORM_YEAR,
        "situations": {"huidig": {"animals": animals, "crops": crops}},
    }
    try:
        assessment = assess_farm(parse_farm(data))
    except InputError as exc:  # e.g. own fodder without NGE grazing animals: the page still shows
        note = f"Omvang en arbeid zijn met deze dieren en gewassen niet te bepalen ({exc})."
        return SizeAssessment(assessment=None, mapped=mapped, not_assessed=skipped, note=note)
    return SizeAssessment(assessment=assessment, mapped=mapped, not_assessed=skipped, note=note)


def farm_report(farm: RegistryFarm) -> FarmReport:
    return FarmReport(
        farm=farm, emissions=_emissions(farm), scan=scan_summary(farm), size=size_assessment(farm)
    )
