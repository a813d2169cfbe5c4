"""Economic size of a farm: nge and bruto standaardsaldo (bss), standaardopbrengst (SO), farm type.

References
----------
LEI Wageningen UR, Rekenmodule 'Bedrijfsomvang en -type volgens NEG-typering', norms of the
Landbouwtelling 2010, as printed in the appendices of the Principeverzoek tweede bedrijfswoning
Kettelarij, Lochem, 25 February 2011 (tables ``nge_norms``, ``nge_value``).
CBS begrip 780 'NEG-bedrijfstypering'; Commission Regulation (EC) No 1242/2008, Annex II
(table ``farm_typology``).

Notes
-----
The LEI prints each product's nge to 0.1, the total as the rounded sum of the *unrounded* lines,
and bss to 10 euro. Fodder crops that the farm's own grazing livestock use count 0 nge and 0 bss.
Values here are unrounded; rounding belongs to presentation (:func:`round_half_up`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from veekompas.calc.provenance import UnverifiedFigure, unverified_figure
from veekompas.domain import Situation
from veekompas.errors import InputError, unknown_value_message
from veekompas.norms import NormTable

GRAZING_GROUP = "graasdieren"


class ProductLine(BaseModel):
    """One product of a situation with its norm and economic size.

    ``quantity`` is animals present [dier] or area [ha]; ``nge`` [nge] and ``bss_eur`` [euro/yr]
    are unrounded and 0 for own-used fodder crops (``counted`` false).
    """

    code: str
    description: str
    kind: str  # "animal" or "crop"
    quantity: float
    unit: str
    product_group: str
    nge_per_unit: float
    nge_per_unit_published: float
    counted: bool
    nge: float
    bss_eur: float
    so_eur_per_unit: float | None
    so_eur: float | None
    unverified: bool


class EconomicSize(BaseModel):
    """Economic size of one situation.

    Attributes
    ----------
    nge_total : float
        Sum of the unrounded product lines [nge].
    bss_eur : float
        Bruto standaardsaldo [euro/yr] = ``nge_total`` x euro value of one nge.
    so_eur : float or None
        Standaardopbrengst [euro/yr]; None when a product has no SO norm (``so_missing``).
    """

    lines: list[ProductLine]
    nge_total: float
    bss_eur: float
    eur_per_nge: float
    so_eur: float | None
    so_missing: list[str]
    unverified: list[UnverifiedFigure]


def _norm_row(nge: NormTable, code: str, kind: str, field_name: str) -> dict[str, Any]:
    unit = "dier" if kind == "animal" else "ha"
    matching = [c for c in nge.codes() if nge.row(c)["unit"] == unit]
    if code not in matching:
        if code in nge.codes():
            other = "crops (ha)" if kind == "animal" else "animals (count)"
            raise InputError(field_name, f"{code!r} is a product of {other}, not of {kind}s")
        raise InputError(field_name, unknown_value_message(f"{kind} category", code, matching))
    return nge.row(code)


def economic_size(
    situation: Situation,
    nge: NormTable,
    nge_value: NormTable,
    so: NormTable,
    *,
    field_prefix: str = "",
) -> EconomicSize:
    """Nge, bss and SO per product and in total for one situation.

    Parameters
    ----------
    situation : Situation
        Animals present [dier] and crop areas [ha].
    nge : NormTable
        ``nge_norms``: nge per dier or per ha, with product group and fodder-crop flag.
    nge_value : NormTable
        ``nge_value``: euro bss per nge (one row).
    so : NormTable
        ``so_norms``: euro SO per dier or per ha.
    field_prefix : str
        Prefix for field names in error messages (e.g. ``situations.huidig``).

    Raises
    ------
    InputError
        An unknown category (naming close codes) or own fodder without grazing livestock.
    """
    value_row = nge_value.rows[0]
    eur_per_nge = float(value_row["eur_per_nge"])
    unverified: list[UnverifiedFigure] = []
    if value_row["unverified"]:
        unverified.append(unverified_figure(nge_value, value_row))

    items = [("animal", code, float(n), False) for code, n in situation.animals.items()]
    items += [("crop", code, c.ha, c.own_fodder) for code, c in situation.crops.items()]
    rows = {
        code: _norm_row(nge, code, kind, f"{field_prefix}{kind}s.{code}")
        for kind, code, _, _ in items
    }
    has_grazing = any(
        rows[code]["product_group"] == GRAZING_GROUP and qty > 0
        for kind, code, qty, _ in items
        if kind == "animal"
    )

    so_codes = set(so.codes())
    lines: list[ProductLine] = []
    for kind, code, qty, own_fodder in items:
        row = rows[code]
        if own_fodder and not row["fodder_crop"]:
            raise InputError(
                f"{field_prefix}crops.{code}.own_fodder",
                f"{code!r} is not a fodder crop; own_fodder applies only to fodder crops",
            )
        if own_fodder and qty > 0 and not has_grazing:
            raise InputError(
                f"{field_prefix}crops.{code}.own_fodder",
                "true, but the situation has no grazing livestock to use the fodder; "
                "set own_fodder: false or add the animals",
            )
        counted = not (row["fodder_crop"] and own_fodder)
        line_nge = qty * row["nge_per_unit"] if counted else 0.0
        so_row = so.row(code) if code in so_codes else None
        so_per_unit = so_row["so_eur_per_unit"] if so_row else None
        if row["unverified"] and counted and qty > 0:
            unverified.append(unverified_figure(nge, row))
        if so_row and so_row["unverified"] and counted and qty > 0:
            unverified.append(unverified_figure(so, so_row))
        lines.append(
            ProductLine(
                code=code,
                description=row["description"],
                kind=kind,
                quantity=qty,
                unit=row["unit"],
                product_group=row["product_group"],
                nge_per_unit=row["nge_per_unit"],
                nge_per_unit_published=row["nge_per_unit_published"],
                counted=counted,
                nge=line_nge,
                bss_eur=line_nge * eur_per_nge,
                so_eur_per_unit=so_per_unit,
                so_eur=(qty * so_per_unit if counted else 0.0) if so_per_unit is not None else None,
                unverified=bool(row["unverified"]),
            )
        )

    nge_total = sum(line.nge for line in lines)
    so_missing = [ln.code for ln in lines if ln.so_eur is None and ln.counted and ln.quantity > 0]
    so_total = None if so_missing else sum(ln.so_eur or 0.0 for ln in lines)
    return EconomicSize(
        lines=lines,
        nge_total=nge_total,
        bss_eur=nge_total * eur_per_nge,
        eur_per_nge=eur_per_nge,
        so_eur=so_total,
        so_missing=so_missing,
        unverified=unverified,
    )


class FarmType(BaseModel):
    """Farm type and size classes of one situation.

    ``main_type`` is the NEG 8-indeling (e.g. Graasdierbedrijf); ``type41_code``/``type41_name`` the
    41-indeling where the available rules allow (else None, with ``type41_note``);
    ``eu_size_class`` and ``cbs_size_class`` follow from the SO total when it is known.
    """

    main_type: str | None
    main_type_shares: dict[str, float]
    type41_code: str | None
    type41_name: str | None
    type41_note: str
    eu_size_class: str | None
    cbs_size_class: str | None
    unverified: list[UnverifiedFigure]


def _share(rule: dict[str, Any], lines: list[ProductLine], total: float) -> float:
    if rule["basis"] == "all":
        return 1.0
    part = 0.0
    for term in rule["basis"].split("|"):
        kind, _, name = term.partition(":")
        key = "product_group" if kind == "group" else "code"
        part += sum(ln.nge for ln in lines if getattr(ln, key) == name)
    return part / total


def _size_class(rules: list[dict[str, Any]], so_eur: float | None) -> str | None:
    if so_eur is None:
        return None
    for rule in rules:
        upper = rule["upper_eur"]
        if rule["lower_eur"] <= so_eur and (upper is None or so_eur < upper):
            return rule["type_code"]
    return None


def farm_type(size: EconomicSize, typology: NormTable) -> FarmType:
    """NEG main type and 41-type from nge shares; EU and CBS size classes from SO.

    A rule holds when the share of nge from its basis is at least ``min_share`` (CBS: 'tweederde
    of meer'); per level the first rule in table order that holds wins.
    """
    total = size.nge_total
    rules = list(typology.rows)
    holding: dict[str, dict[str, Any]] = {}
    shares: dict[str, float] = {}
    unverified: list[UnverifiedFigure] = []
    main_type = type41_rule = None
    if total > 0:
        groups = sorted({ln.product_group for ln in size.lines})
        shares = {
            g: sum(ln.nge for ln in size.lines if ln.product_group == g) / total for g in groups
        }
        for level in ("hoofdtype", "type41"):
            for rule in (r for r in rules if r["system"] == "NEG" and r["level"] == level):
                if rule["requires"] and rule["requires"] not in holding:
                    continue
                if _share(rule, size.lines, total) >= rule["min_share"] - 1e-12:
                    holding[rule["code"]] = rule
                    if rule["unverified"]:
                        unverified.append(unverified_figure(typology, rule))
                    break
        main_type = next((r for r in holding.values() if r["level"] == "hoofdtype"), None)
        type41_rule = next((r for r in holding.values() if r["level"] == "type41"), None)
    if type41_rule:
        note = type41_rule["note"] or ""
    elif total > 0:
        note = "geen 41-type: de drempels van de overige 41-typen zijn niet beschikbaar"
    else:
        note = "geen typering: het bedrijf heeft 0 nge"
    return FarmType(
        main_type=main_type["type_name"] if main_type else None,
        main_type_shares=shares,
        type41_code=type41_rule["type_code"] if type41_rule else None,
        type41_name=type41_rule["type_name"] if type41_rule else None,
        type41_note=note,
        eu_size_class=_size_class([r for r in rules if r["system"] == "EU"], size.so_eur),
        cbs_size_class=_size_class([r for r in rules if r["system"] == "CBS"], size.so_eur),
        unverified=unverified,
    )
