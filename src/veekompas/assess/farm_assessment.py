"""One-farm assessment: size, type, labour and the dwelling criterion per situation.

The same call backs the CLI (``veekompas farm assess``), the API (``POST
/api/v1/farm-assessments``) and the page ``/bedrijf/toets``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from veekompas.assess.explanation import dwelling_text, size_text
from veekompas.assess.policy import DwellingPolicy, choose_policy, dwelling_policy
from veekompas.calc.economic_size import EconomicSize, FarmType, economic_size, farm_type
from veekompas.calc.labour import Labour, labour
from veekompas.calc.provenance import UnverifiedFigure, merge_unverified
from veekompas.calc.rounding import round_half_up
from veekompas.domain import Farm
from veekompas.errors import InputError
from veekompas.norms import NormTable, table, versions

TABLES = (
    "nge_norms",
    "nge_value",
    "so_norms",
    "farm_typology",
    "nge_per_vak",
    "nge_per_mensjaar",
    "labour_norms",
    "dwelling_policy",
)
DISCLAIMER = (
    "Indicatieve berekening met de normen van de genoemde tabellen; de gemeente beoordeelt het "
    "verzoek. Cijfers gemarkeerd als 'niet geverifieerd' zijn niet in een primaire bron "
    "gecontroleerd."
)


class DwellingVerdict(BaseModel):
    """The omvang criterion for a second farm dwelling: VAK >= the profile's minimum.

    The VAK is compared as reported, rounded half up to one decimal (the 2011 request reports
    '2,3 Vak'), so the verdict never contradicts the figure shown. ``meets`` is None when the VAK
    cannot be determined.
    """

    vak: float | None
    min_vak: float
    meets: bool | None
    text: str


class SituationAssessment(BaseModel):
    name: str
    economic_size: EconomicSize
    farm_type: FarmType
    labour: Labour
    dwelling: DwellingVerdict
    explanation: str
    unverified: list[UnverifiedFigure]


class SituationDifference(BaseModel):
    """Change from situation ``base`` to ``other`` (other minus base); None where unknown."""

    base: str
    other: str
    nge: float
    bss_eur: float
    so_eur: float | None
    vak: float | None
    mensjaren: float | None
    nge_per_product: dict[str, float]


class Assessment(BaseModel):
    """Assessment of a farm: per situation, the differences between them, and the norms used."""

    farm_name: str
    municipality: str | None
    norm_year: int
    policy: DwellingPolicy
    situations: list[SituationAssessment]
    differences: list[SituationDifference]
    norm_versions: list[dict]
    unverified: list[UnverifiedFigure]
    disclaimer: str


def norm_years() -> list[int]:
    """Landbouwtelling years that have NGE norms (the allowed ``norm_year`` values)."""
    return sorted({v.valid_from.year for v in versions("nge_norms")})


def norm_tables(norm_year: int) -> dict[str, NormTable]:
    """The tables in force for a Landbouwtelling year; an unknown year is an :class:`InputError`."""
    years = norm_years()
    if norm_year not in years:
        listed = ", ".join(str(y) for y in years)
        raise InputError("norm_year", f"no NGE norms for {norm_year}; years with norms: {listed}")
    on = dt.date(norm_year, 12, 31)
    return {name: table(name, on=on) for name in TABLES}


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


def _difference(base: SituationAssessment, other: SituationAssessment) -> SituationDifference:
    def per_product(s: SituationAssessment) -> dict[str, float]:
        return {ln.code: ln.nge for ln in s.economic_size.lines}

    pa, pb = per_product(base), per_product(other)
    return SituationDifference(
        base=base.name,
        other=other.name,
        nge=other.economic_size.nge_total - base.economic_size.nge_total,
        bss_eur=other.economic_size.bss_eur - base.economic_size.bss_eur,
        so_eur=_diff(base.economic_size.so_eur, other.economic_size.so_eur),
        vak=_diff(base.labour.vak.value, other.labour.vak.value),
        mensjaren=_diff(base.labour.mensjaren.value, other.labour.mensjaren.value),
        nge_per_product={c: pb.get(c, 0.0) - pa.get(c, 0.0) for c in {*pa, *pb}},
    )


def assess_farm(farm: Farm, policy: str | None = None) -> Assessment:
    """Assess every situation of ``farm`` with the norms of ``farm.norm_year``.

    Parameters
    ----------
    farm : Farm
        Validated farm record.
    policy : str, optional
        Policy profile for the dwelling criterion; default: the farm's municipality's, else
        ``default``.

    Raises
    ------
    InputError
        Unknown norm year, category or policy profile.
    """
    norms = norm_tables(farm.norm_year)
    profile = dwelling_policy(
        norms["dwelling_policy"], choose_policy(norms["dwelling_policy"], policy, farm.municipality)
    )
    results: list[SituationAssessment] = []
    for name, situation in farm.situations.items():
        size = economic_size(
            situation,
            norms["nge_norms"],
            norms["nge_value"],
            norms["so_norms"],
            field_prefix=f"situations.{name}.",
        )
        ftype = farm_type(size, norms["farm_typology"])
        work = labour(
            size, ftype, norms["nge_per_vak"], norms["nge_per_mensjaar"], norms["labour_norms"]
        )
        vak = work.vak.value
        meets = None if vak is None else round_half_up(vak, 1) >= profile.min_vak
        verdict = DwellingVerdict(
            vak=vak, min_vak=profile.min_vak, meets=meets, text=dwelling_text(vak, profile, meets)
        )
        results.append(
            SituationAssessment(
                name=name,
                economic_size=size,
                farm_type=ftype,
                labour=work,
                dwelling=verdict,
                explanation=size_text(name, size, ftype, work) + " " + verdict.text,
                unverified=merge_unverified(size.unverified, ftype.unverified, work.unverified),
            )
        )
    differences = [_difference(results[0], other) for other in results[1:]]
    return Assessment(
        farm_name=farm.name,
        municipality=farm.municipality,
        norm_year=farm.norm_year,
        policy=profile,
        situations=results,
        differences=differences,
        norm_versions=[t.citation() for t in norms.values()],
        unverified=merge_unverified(profile.unverified, *(s.unverified for s in results)),
        disclaimer=DISCLAIMER,
    )
