"""Emissions of animal housing: dierplaatsen x emission factor of the housing system.

Implemented: NH3 [kg NH3/yr] from the Rav factors (table ``ammonia_emission_factors``), with the
Rav Bijlage 2 feed and management measures as a percentage reduction of the factor; odour
[ouE/s] from the Rgv factors (``odour_emission_factors``, Rgv codes; a Rav code is mapped to its
Rgv row by :mod:`veekompas.calc.rgv`), see :func:`odour_emission`; PM10 [g/yr] from the InfoMil /
fijnstoflijst factors by Rav code (``pm10_emission_factors``), see :func:`pm10_emission`. A
:class:`Substance` names its dated factor table and factor column (tables with the same
``code``/``kind`` columns).

References
----------
Regeling ammoniak en veehouderij (Rav), BWBR0013629, art. 2 and Bijlage 1 (emission factor per
dierplaats per jaar per housing system) and Bijlage 2 (reduction percentages), consolidated
2015-08-03, with the amendments of 2018, 2019 (in force 2020-01-01), 2021 and 2023.

Notes
-----
The factor table is chosen by date (the version in force). A barn's emission is
``dierplaatsen * factor * (1 - reduction_percent / 100)``. Group headings of the Rav have no
factor of their own and are refused with their sub-codes. Valid for the Rav regime (until
2024-01-01); the Omgevingsregeling bijlage V codes (HA4.100, ...) are not in the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
from pydantic import BaseModel

from veekompas.calc import rgv
from veekompas.calc.provenance import UnverifiedFigure, merge_unverified, unverified_figure
from veekompas.errors import InputError, close_matches
from veekompas.norms import NormTable, table


@dataclass(frozen=True)
class Substance:
    """One emitted substance: its dated factor table, factor column and unit."""

    key: str
    table: str
    factor_column: str
    unit: str


class HousingLike(Protocol):
    """What a barn needs here (``domain.registry.Housing`` has it)."""

    stalsysteem_code: str
    animal_category: str
    dierplaatsen: int


NH3 = Substance("nh3", "ammonia_emission_factors", "nh3_kg_per_dierplaats_per_year", "kg NH3/jaar")
ODOUR = Substance("odour", "odour_emission_factors", "odour_oue_per_s_per_dier", "ouE/s")
PM10 = Substance("pm10", "pm10_emission_factors", "pm10_g_per_dierplaats_per_year", "g PM10/jaar")
SUBSTANCES: dict[str, Substance] = {s.key: s for s in (NH3, ODOUR, PM10)}


def normalise_code(code: str) -> str:
    """'A 4.100' -> 'A4.100' (the Rav prints a space after the letter; the table has none)."""
    return "".join(str(code).split()).upper()


@dataclass(frozen=True)
class FactorIndex:
    """One factor-table version as arrays, for vectorised look-ups of many barns."""

    norm: NormTable
    substance: Substance
    codes: tuple[str, ...]
    factor: np.ndarray  # [unit per dierplaats], float64, aligned with codes
    category: tuple[str, ...]
    position: dict[str, int]

    def _refuse(self, code: str) -> InputError:
        norm = self.norm
        row = norm._by_code.get(code)
        if row is not None and row["kind"] == "group_heading":
            subs = [c for c in self.codes if c.startswith(code + ".")]
            return InputError(
                "stalsysteem_code",
                f"{code!r} is a group heading in {norm.version} without a factor of its own; "
                f"choose one of {', '.join(subs)}",
            )
        if row is not None and row["kind"] == "reduction":
            return InputError(
                "stalsysteem_code",
                f"{code!r} is a Bijlage 2 measure, not a housing system; give it as a measure",
            )
        hint = close_matches(code, self.codes)
        text = f"unknown Rav code {code!r} in {norm.version}"
        if hint:
            text += f"; did you mean: {', '.join(hint)}?"
        return InputError(
            "stalsysteem_code",
            f"{text} ({len(self.codes)} codes: veekompas norms show {norm.name})",
        )

    def indices(self, codes: Sequence[str]) -> np.ndarray:
        """Positions of ``codes`` in :attr:`codes`; an InputError for the first bad one."""
        out = np.empty(len(codes), dtype=np.intp)
        pos = self.position
        for i, code in enumerate(codes):
            j = pos.get(code)
            if j is None:
                j = pos.get(normalise_code(code))
                if j is None:
                    raise self._refuse(normalise_code(code))
            out[i] = j
        return out

    def factors(self, codes: Sequence[str]) -> np.ndarray:
        """Emission factor [unit per dierplaats] of each code."""
        return self.factor[self.indices(codes)]

    def unverified(self, codes: Sequence[str]) -> list[UnverifiedFigure]:
        rows = (self.norm._by_code[self.codes[j]] for j in set(self.indices(codes).tolist()))
        return [unverified_figure(self.norm, r) for r in rows if r.get("unverified")]


@cache
def _index(name: str, valid_from: dt.date, substance: Substance) -> FactorIndex:
    norm = table(name, on=valid_from)
    rows = [
        r for r in norm.rows if r["kind"] == "factor" and r[substance.factor_column] is not None
    ]
    codes = tuple(r["code"] for r in rows)
    return FactorIndex(
        norm=norm,
        substance=substance,
        codes=codes,
        factor=np.array([r[substance.factor_column] for r in rows], dtype=np.float64),
        category=tuple(r["animal_category_code"] for r in rows),
        position={c: i for i, c in enumerate(codes)},
    )


def factor_index(on: dt.date | None = None, substance: Substance = NH3) -> FactorIndex:
    """The factors in force on ``on`` (default: the newest table version)."""
    norm = table(substance.table, on=on)
    return _index(substance.table, norm.valid_from, substance)


def emissions(
    codes: Sequence[str],
    dierplaatsen: Sequence[int] | np.ndarray,
    on: dt.date | None = None,
    reduction_percent: Sequence[float] | np.ndarray | None = None,
    substance: Substance = NH3,
) -> np.ndarray:
    """Emission [substance unit] of many barns at once (vectorised).

    Parameters
    ----------
    codes : housing-system codes (Rav codes), one per barn
    dierplaatsen : animal places per barn [-]
    on : date that picks the factor-table version (default: newest)
    reduction_percent : Bijlage 2 reduction per barn [%] (default 0)
    """
    places = np.asarray(dierplaatsen, dtype=np.float64)
    if places.shape != (len(codes),):
        raise InputError("dierplaatsen", f"{places.size} values for {len(codes)} codes")
    if np.any(places < 0):
        raise InputError("dierplaatsen", "must be 0 or more")
    result = places * factor_index(on, substance).factors(codes)
    if reduction_percent is not None:
        result *= 1.0 - np.asarray(reduction_percent, dtype=np.float64) / 100.0
    return result


def totals_per_farm(
    farm_of_barn: np.ndarray, barn_emission: np.ndarray, n_farms: int
) -> np.ndarray:
    """Sum barn emissions per farm (``farm_of_barn`` = farm index of each barn)."""
    return np.bincount(farm_of_barn, weights=barn_emission, minlength=n_farms)


class HousingEmission(BaseModel):
    """One barn: code, factor [unit per dierplaats], measure, emission [unit].

    ``factor`` and ``emission`` are None when the barn has no factor for this substance; then
    ``status`` says why (e.g. 'geen geuremissiefactor: vaste afstand'). ``factor_code`` is the row
    of the factor table used when it differs from the Rav code (the Rgv row for odour).
    """

    stalsysteem_code: str
    animal_category: str
    description: str
    dierplaatsen: int
    factor: float | None
    measure: str | None
    reduction_percent: float
    emission: float | None
    unit: str
    factor_code: str | None = None
    status: str = "emissiefactor"
    mapping: str | None = None


class FarmEmission(BaseModel):
    """A farm's emission [unit] with its barns, the table version used and unverified figures."""

    substance: str
    unit: str
    total: float
    housings: list[HousingEmission]
    norm_version: str
    norm_sha256: str
    unverified: list[UnverifiedFigure]
    code_table_version: str | None = None


def _measure(norm: NormTable, measure: str, category: str) -> float:
    code = normalise_code(measure)
    allowed = [
        r["code"]
        for r in norm.rows
        if r["kind"] == "reduction" and r["animal_category_code"] == category
    ]
    if code not in allowed:
        text = f"{measure!r} is not a Bijlage 2 measure for category {category} in {norm.version}"
        hint = f"allowed: {', '.join(allowed)}" if allowed else "this category has none"
        raise InputError("measure", f"{text}; {hint}")
    return float(norm._by_code[code]["reduction_percent"])


def check_category(index: FactorIndex, j: int, given: str | None, *, strict: bool) -> str:
    """The Rav animal category of code ``index.codes[j]``; an InputError when ``given`` differs
    from it (``strict``), or, not strict, when ``given`` is another Rav category of the table
    (a registry may name its animals in words, e.g. ``vleeskalveren``)."""
    category = index.category[j]
    given = given or category
    if given != category and (strict or given in set(index.category)):
        raise InputError(
            "animal_category",
            f"{given!r} does not match Rav code {index.codes[j]} (category {category})",
        )
    return category


def check_housing(code: str, animal_category: str | None, on: dt.date | None = None) -> None:
    """The check the omgevingsscan makes of a barn (:func:`farm_emission`), for input that is
    stored (registry import, API, edit form): the code has a factor in the table in force on
    ``on``, else an InputError naming close codes; a Rav category given must be the code's."""
    index = factor_index(on)
    check_category(index, int(index.indices([code])[0]), animal_category, strict=False)


def farm_emission(
    housings: Sequence[HousingLike],
    on: dt.date | None = None,
    measures: dict[int, str] | None = None,
    substance: Substance = NH3,
) -> FarmEmission:
    """Emission of a farm's barns (``domain.registry.Housing`` or objects alike).

    ``measures`` maps a barn's position to one Bijlage 2 measure code (e.g. ``A1-B2-BEWEIDEN``).
    A barn whose ``animal_category`` differs from its code's Rav category is refused.
    """
    index = factor_index(on, substance)
    codes = [h.stalsysteem_code for h in housings]
    idx = index.indices(codes)
    places = np.array([h.dierplaatsen for h in housings], dtype=np.float64)
    reduction = np.zeros(len(codes))
    barns = []
    for i, h in enumerate(housings):
        category = check_category(index, int(idx[i]), h.animal_category, strict=True)
        measure = (measures or {}).get(i)
        if measure:
            reduction[i] = _measure(index.norm, measure, category)
    values = places * index.factor[idx] * (1.0 - reduction / 100.0)
    for i, h in enumerate(housings):
        row = index.norm._by_code[index.codes[idx[i]]]
        barns.append(
            HousingEmission(
                stalsysteem_code=row["code"],
                animal_category=index.category[idx[i]],
                description=row["description"],
                dierplaatsen=int(h.dierplaatsen),
                factor=float(index.factor[idx[i]]),
                measure=normalise_code(measures[i]) if measures and measures.get(i) else None,
                reduction_percent=float(reduction[i]),
                emission=float(values[i]),
                unit=substance.unit,
            )
        )
    return FarmEmission(
        substance=substance.key,
        unit=substance.unit,
        total=float(values.sum()),
        housings=barns,
        norm_version=index.norm.version,
        norm_sha256=index.norm.sha256,
        unverified=merge_unverified(index.unverified(codes)),
    )


NO_ODOUR_FACTOR = "geen geuremissiefactor: vaste afstand"
NOT_MAPPED = "niet te koppelen aan een Rgv-geuremissiefactor"
NO_PM10_FACTOR = "geen fijnstofemissiefactor gevonden"


@cache
def _rgv_matches(rav_from: dt.date, odour_from: dt.date) -> dict[str, rgv.RgvMatch]:
    rav = table(NH3.table, on=rav_from)
    odour = table(ODOUR.table, on=odour_from).rows
    return {r["code"]: rgv.match(r, odour) for r in rav.rows if r["kind"] == "factor"}


def rgv_matches(on: dt.date | None = None) -> dict[str, rgv.RgvMatch]:
    """Rav code -> its Rgv odour row (:class:`~veekompas.calc.rgv.RgvMatch`) on ``on``."""
    return _rgv_matches(table(NH3.table, on=on).valid_from, table(ODOUR.table, on=on).valid_from)


def odour_factors(codes: Sequence[str], on: dt.date | None = None) -> np.ndarray:
    """Odour factor [ouE/s per dier] of many Rav codes at once; NaN where there is none.

    Bad codes are refused as in :func:`emissions`; a code whose category has no odour factor (or
    that cannot be mapped to the Rgv) gives NaN.
    """
    index = factor_index(on, NH3)
    matches = rgv_matches(on)
    odour = table(ODOUR.table, on=on)
    per_code = np.array(
        [
            odour._by_code[m.code][ODOUR.factor_column] if m.status == "factor" else np.nan
            for m in (matches[c] for c in index.codes)
        ],
        dtype=np.float64,
    )
    return per_code[index.indices(codes)]


def _barn(h: HousingLike, row: dict, **values) -> HousingEmission:
    return HousingEmission(
        stalsysteem_code=row["code"],
        animal_category=row["animal_category_code"],
        description=row["description"],
        dierplaatsen=int(h.dierplaatsen),
        measure=None,
        reduction_percent=0.0,
        **values,
    )


def _rav_rows(housings: Sequence[HousingLike], on: dt.date | None) -> tuple[NormTable, list]:
    index = factor_index(on, NH3)
    idx = index.indices([h.stalsysteem_code for h in housings])
    rows = [index.norm._by_code[index.codes[j]] for j in idx]
    for h, row in zip(housings, rows, strict=True):
        if h.animal_category and h.animal_category != row["animal_category_code"]:
            raise InputError(
                "animal_category",
                f"{h.animal_category!r} does not match Rav code {row['code']} "
                f"(category {row['animal_category_code']})",
            )
        if h.dierplaatsen < 0:
            raise InputError("dierplaatsen", "must be 0 or more")
    return index.norm, rows


def odour_emission(
    housings: Sequence[HousingLike],
    on: dt.date | None = None,
    rgv_codes: dict[int, str] | None = None,
) -> FarmEmission:
    """Odour emission [ouE/s] of a farm's barns from their Rav codes (Rgv Bijlage 1).

    Each Rav code is mapped to its Rgv row (:mod:`veekompas.calc.rgv`); ``rgv_codes`` maps a
    barn's position to an Rgv row code (e.g. ``A4-08``) to choose the row yourself. A barn whose
    category has no odour factor (A 1, A 2, A 3, A 7 ...) is reported with status
    'geen geuremissiefactor: vaste afstand' and no figure (not 0); the total covers the other
    barns. Where several Rgv rows fit, the highest factor is used and flagged.

    References
    ----------
    Regeling geurhinder en veehouderij (BWBR0020711), art. 1 and Bijlage 1, consolidated
    2015-08-03: geuremissie = aantal dieren x geuremissiefactor [ouE/s per dier].
    """
    rav_norm, rows = _rav_rows(housings, on)
    odour = table(ODOUR.table, on=on)
    matches = rgv_matches(on)
    barns, flags, total = [], [], 0.0
    for i, (h, row) in enumerate(zip(housings, rows, strict=True)):
        m = matches[row["code"]]
        given = (rgv_codes or {}).get(i)
        if given:
            code = normalise_code(given)
            picked = odour._by_code.get(code)
            if picked is None or picked["animal_category_code"] != row["animal_category_code"]:
                allowed = [
                    r["code"]
                    for r in odour.rows
                    if r["animal_category_code"] == row["animal_category_code"]
                ]
                raise InputError(
                    "rgv_code",
                    f"{given!r} is not an Rgv row of category {row['animal_category_code']} in "
                    f"{odour.version}; allowed: {', '.join(allowed) or 'none'}",
                )
            status = "factor" if picked["kind"] == "factor" else "no_factor"
            m = rgv.RgvMatch(status, code, "Rgv row given", (code,))
        if m.status != "factor":
            status = NO_ODOUR_FACTOR if m.status == "no_factor" else NOT_MAPPED
            barns.append(
                _barn(
                    h,
                    row,
                    factor=None,
                    emission=None,
                    unit=ODOUR.unit,
                    status=status,
                    factor_code=m.code,
                    mapping=m.reason,
                )
            )
            continue
        rgv_row = odour._by_code[m.code]
        factor = float(rgv_row[ODOUR.factor_column])
        value = h.dierplaatsen * factor
        total += value
        barns.append(
            _barn(
                h,
                row,
                factor=factor,
                emission=value,
                unit=ODOUR.unit,
                factor_code=m.code,
                mapping=m.reason,
            )
        )
        if rgv_row.get("unverified"):
            flags.append(unverified_figure(odour, rgv_row))
        factors = {odour._by_code[c][ODOUR.factor_column] for c in m.candidates}
        if len(factors) > 1:
            note = f"Rav {row['code']}: {m.reason}; give the Rgv row to be exact"
            flags.append(
                UnverifiedFigure(table=odour.version, code=f"{row['code']}->{m.code}", note=note)
            )
    return FarmEmission(
        substance=ODOUR.key,
        unit=ODOUR.unit,
        total=total,
        housings=barns,
        norm_version=odour.version,
        norm_sha256=odour.sha256,
        unverified=merge_unverified(flags),
        code_table_version=rav_norm.version,
    )


def pm10_emission(housings: Sequence[HousingLike], on: dt.date | None = None) -> FarmEmission:
    """PM10 emission [g/yr] of a farm's barns: dierplaatsen x the factor of the Rav code.

    A valid Rav code without a PM10 factor in the table (e.g. veal calves A 4, young stock A 3)
    is reported with status 'geen fijnstofemissiefactor gevonden' and no figure.

    References
    ----------
    InfoMil, 'Emissiefactoren per diercategorie' and IenW, 'Emissiefactoren fijn stof voor
    veehouderij' (fijnstoflijst); see the sidecar of ``pm10_emission_factors``.
    """
    rav_norm, rows = _rav_rows(housings, on)
    pm10 = table(PM10.table, on=on)
    barns, flags, total = [], [], 0.0
    for h, row in zip(housings, rows, strict=True):
        hit = pm10._by_code.get(row["code"])
        if hit is None:
            barns.append(
                _barn(h, row, factor=None, emission=None, unit=PM10.unit, status=NO_PM10_FACTOR)
            )
            continue
        factor = float(hit[PM10.factor_column])
        total += h.dierplaatsen * factor
        barns.append(
            _barn(
                h,
                row,
                factor=factor,
                emission=h.dierplaatsen * factor,
                unit=PM10.unit,
                factor_code=hit["infomil_row"],
            )
        )
        if hit.get("unverified"):
            flags.append(unverified_figure(pm10, hit))
    return FarmEmission(
        substance=PM10.key,
        unit=PM10.unit,
        total=total,
        housings=barns,
        norm_version=pm10.version,
        norm_sha256=pm10.sha256,
        unverified=merge_unverified(flags),
        code_table_version=rav_norm.version,
    )
