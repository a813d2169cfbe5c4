"""Emissions of animal housing: dierplaatsen x emission factor of the housing system.

Implemented: NH3 [kg NH3/yr] from the Rav factors (table ``ammonia_emission_factors``), with the
Rav Bijlage 2 feed and management measures as a percentage reduction of the factor. Odour
[OU_E/s] and PM10 [g/yr] follow the same pattern: add a :class:`Substance` that names its dated
factor table and factor column (tables with the same ``code``/``kind`` columns) to
:data:`SUBSTANCES`; nothing else here is NH3-specific.

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
SUBSTANCES: dict[str, Substance] = {NH3.key: NH3}


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
    """One barn: code, factor [unit per dierplaats], measure, emission [unit]."""

    stalsysteem_code: str
    animal_category: str
    description: str
    dierplaatsen: int
    factor: float
    measure: str | None
    reduction_percent: float
    emission: float
    unit: str


class FarmEmission(BaseModel):
    """A farm's emission [unit] with its barns, the table version used and unverified figures."""

    substance: str
    unit: str
    total: float
    housings: list[HousingEmission]
    norm_version: str
    norm_sha256: str
    unverified: list[UnverifiedFigure]


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
        category = index.category[idx[i]]
        given = h.animal_category or category
        if given != category:
            raise InputError(
                "animal_category",
                f"{given!r} does not match Rav code {index.codes[idx[i]]} (category {category})",
            )
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
