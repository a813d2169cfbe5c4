"""Labour need of a farm: VAK, mensjaren and KWIN hours.

References
----------
LEI Bedrijven-Informatienet, tables 'Nge per vak op de verschillende bedrijfstypen in Nederland,
naar grootteklasse gemeten in nge' and 'Nge per mensjaar op enkele bedrijfstypen, naar
grootteklasse', as quoted in the Principeverzoek tweede bedrijfswoning Kettelarij, Lochem,
25 February 2011 (tables ``nge_per_vak``, ``nge_per_mensjaar``); 1 mensjaar = 1,700 hours
(table ``labour_norms``, row ``mensjaar_hours``); KWIN-Veehouderij hours per animal or ha
(table ``labour_norms``, product rows).

Notes
-----
A farm type or size class without a norm row gets no figure (``None`` with a reason), never a
guessed one. Size classes are (lower, upper]: 'meer dan 100 nge' excludes 100.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from veekompas.calc.economic_size import EconomicSize, FarmType
from veekompas.calc.provenance import UnverifiedFigure, unverified_figure
from veekompas.format_nl import number
from veekompas.norms import NormTable


class NormRatio(BaseModel):
    """A labour figure from an nge-per-unit norm: ``value`` = nge_total / ``nge_per_unit``.

    ``value`` is None when no norm row fits the farm type and size (``reason`` says why).
    """

    value: float | None
    nge_per_unit: float | None
    norm_code: str | None
    norm_description: str | None
    reason: str


class LabourHours(BaseModel):
    """KWIN labour hours [h/yr] per product and in total, and their mensjaren (hours / 1,700).

    ``hours_total`` is None when a product lacks a KWIN norm (``missing``).
    """

    hours_per_product: dict[str, float]
    missing: list[str]
    hours_total: float | None
    mensjaar_hours: float
    mensjaren_from_hours: float | None


class Labour(BaseModel):
    vak: NormRatio
    mensjaren: NormRatio
    hours: LabourHours
    unverified: list[UnverifiedFigure]


def _fits(row: dict[str, Any], ftype: FarmType, nge_total: float) -> bool:
    kind, _, name = row["farm_type"].partition(":")
    if kind == "hoofdtype" and ftype.main_type != name:
        return False
    if kind == "type41" and not (ftype.type41_code or "").startswith(name):
        return False
    low, high = row["size_min_nge"], row["size_max_nge"]
    return (low is None or nge_total > low) and (high is None or nge_total <= high)


def _ratio(
    norms: NormTable, column: str, ftype: FarmType, nge_total: float, unverified: list
) -> NormRatio:
    row = next((r for r in norms.rows if _fits(r, ftype, nge_total)), None)
    if row is None:
        described = ftype.type41_name or ftype.main_type or "onbekend type"
        known = "; ".join(r["description"] for r in norms.rows)
        return NormRatio(
            value=None,
            nge_per_unit=None,
            norm_code=None,
            norm_description=None,
            reason=f"geen norm in {norms.version} voor {described} van {number(nge_total)} nge "
            f"(beschikbaar: {known})",
        )
    if row["unverified"]:
        unverified.append(unverified_figure(norms, row))
    return NormRatio(
        value=nge_total / row[column],
        nge_per_unit=row[column],
        norm_code=row["code"],
        norm_description=row["description"],
        reason=row["note"] or "",
    )


def labour_hours(size: EconomicSize, labour_norms: NormTable, unverified: list) -> LabourHours:
    """KWIN hours per product (quantity x hours per unit) and mensjaren at 1,700 h each."""
    mensjaar = labour_norms.row("mensjaar_hours")
    rows = {r["code"]: r for r in labour_norms.rows if r["code"] != "mensjaar_hours"}
    per_product: dict[str, float] = {}
    missing: list[str] = []
    for line in size.lines:
        if line.quantity == 0:
            continue
        row = rows.get(line.code)
        if row is None:
            missing.append(line.code)
            continue
        if row["unverified"]:
            unverified.append(unverified_figure(labour_norms, row))
        per_product[line.code] = line.quantity * row["hours_per_unit"]
    total = None if missing else sum(per_product.values())
    hours_per_mensjaar = float(mensjaar["hours_per_unit"])
    return LabourHours(
        hours_per_product=per_product,
        missing=missing,
        hours_total=total,
        mensjaar_hours=hours_per_mensjaar,
        mensjaren_from_hours=None if total is None else total / hours_per_mensjaar,
    )


def labour(
    size: EconomicSize,
    ftype: FarmType,
    nge_per_vak: NormTable,
    nge_per_mensjaar: NormTable,
    labour_norms: NormTable,
) -> Labour:
    """VAK [volwaardige arbeidskrachten], mensjaren [person-years] and KWIN hours [h/yr].

    Parameters
    ----------
    size, ftype
        Economic size [nge] and farm type of the situation.
    nge_per_vak, nge_per_mensjaar : NormTable
        LEI norms [nge per VAK], [nge per mensjaar] by farm type and size class.
    labour_norms : NormTable
        Hours per mensjaar and KWIN hours per animal or ha.
    """
    unverified: list[UnverifiedFigure] = []
    return Labour(
        vak=_ratio(nge_per_vak, "nge_per_vak", ftype, size.nge_total, unverified),
        mensjaren=_ratio(nge_per_mensjaar, "nge_per_mensjaar", ftype, size.nge_total, unverified),
        hours=labour_hours(size, labour_norms, unverified),
        unverified=unverified,
    )
