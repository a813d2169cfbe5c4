"""Odour of a livestock farm: fixed distances, odour norms and a P98 concentration screening.

Pure functions the omgevingsscan calls:

- :func:`odour_emission` — the farm's odour emission [ouE/s] per barn (from ``emissions``);
- :func:`fixed_distance_verdicts` — Wgv art. 4 (animals without an odour emission factor: 100 m
  inside / 50 m outside the built-up area) and art. 5 (outside wall of an animal house: 50 / 25 m)
  for each odour-sensitive object, with the rule and the table version;
- :func:`odour_norm` — the P98 norm [ouE/m3] for an object by area type (Wgv art. 3);
- :func:`odour_p98` — P98 of hourly odour concentrations [ouE/m3] at receptor points;
- :func:`odour_verdicts` — P98 at each object against its norm;
- :func:`odour_contours` — P98 on a grid around the farm with contour levels (the norms).

The concentrations are a screening (:mod:`veekompas.calc.odour_dispersion`), labelled
"indicatief — niet de wettelijke V-Stacks-berekening". Coordinates are RD New [m].

References
----------
Wet geurhinder en veehouderij (BWBR0020396), art. 3, 4, 5 and 6; Regeling geurhinder en
veehouderij (BWBR0020711), art. 2 (V-Stacks vergunning) and Bijlage 1; for 2024 on the
Omgevingswet rows of the tables (unverified, carried over from the Wgv).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, Field

from veekompas.calc import odour_dispersion as disp
from veekompas.calc.emissions import odour_emission
from veekompas.calc.provenance import UnverifiedFigure, unverified_figure
from veekompas.errors import InputError
from veekompas.format_nl import number
from veekompas.norms import NormTable, table

LABEL = disp.LABEL


class OdourObject(BaseModel):
    """An odour-sensitive object (geurgevoelig object): a point in RD New [m]."""

    name: str = ""
    x: float
    y: float
    inside_built_up: bool = False
    concentratiegebied: bool = False
    wall_distance_m: float | None = Field(
        default=None, ge=0, description="distance [m] from the nearest barn's outside wall"
    )


class OdourSource(BaseModel):
    """An emission point: RD New x, y [m], odour emission [ouE/s], height and spreads [m].

    Defaults: emission height 5 m and spread 2.5 m, the AERIUS standard source characteristics
    for 'Dierhuisvesting' (sector 4110; RIVM/AERIUS database 2024, after TNO 2022 R11734); lateral
    initial spread 5 m = a 20 m wide barn / 4.3 (US EPA ISC3 user's guide, volume sources).
    """

    x: float
    y: float
    emission_oue_per_s: float = Field(ge=0)
    height_m: float = Field(default=5.0, ge=0, le=50)
    spread_m: float = Field(default=2.5, ge=0)
    lateral_spread_m: float = Field(default=5.0, ge=0)


class Verdict(BaseModel):
    """One object against one rule: the figure, the norm and whether it complies."""

    object: str
    rule: str
    kind: str
    value: float
    norm: float
    unit: str
    complies: bool
    text: str
    table_version: str
    unverified: list[UnverifiedFigure] = []
    label: str | None = None


def _regime_rows(norm: NormTable, kind: str) -> list[dict]:
    rows = [r for r in norm.rows if r["kind"] == kind]
    regime = "omgevingswet" if any(r["regime"] == "omgevingswet" for r in rows) else "wgv"
    return [r for r in rows if r["regime"] == regime]


def _pick(rows: list[dict], inside: bool, conc: bool | None = None) -> dict:
    for r in rows:
        if r["inside_built_up"] == inside and (conc is None or r["concentratiegebied"] == conc):
            return r
    raise InputError("object", "no norm row for this area type")  # tables cover all four


def _flags(norm: NormTable, row: dict) -> list[UnverifiedFigure]:
    return [unverified_figure(norm, row)] if row.get("unverified") else []


def _where(inside: bool) -> str:
    return "binnen de bebouwde kom" if inside else "buiten de bebouwde kom"


def _xy(points: Sequence[Sequence[float]] | np.ndarray, field: str) -> np.ndarray:
    arr = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if not np.all(np.isfinite(arr)):
        raise InputError(field, "coordinates must be finite numbers (RD New, m)")
    return arr


def fixed_distance_verdicts(
    farm_xy: Sequence[float] | Sequence[Sequence[float]],
    objects: Sequence[OdourObject],
    on: dt.date | None = None,
    animals_without_odour_factor: bool = True,
) -> list[Verdict]:
    """Fixed-distance check of each odour-sensitive object.

    Parameters
    ----------
    farm_xy : the farm's emission point(s), RD New [m]; the nearest one counts
    objects : odour-sensitive objects (``inside_built_up`` picks the distance;
        ``wall_distance_m``, when given, is checked against the outside-wall distance)
    on : date that picks the table version (Wgv from 2007, Omgevingswet from 2024)
    animals_without_odour_factor : whether the farm keeps animals without an odour factor
        (A 1, A 2, A 3, A 7 ...; see ``emissions.odour_emission``): only then Wgv art. 4 applies
    """
    norm = table("odour_fixed_distances", on=on)
    farm = _xy(farm_xy, "farm_xy")
    pts = _xy([(o.x, o.y) for o in objects], "objects") if objects else np.empty((0, 2))
    dist = np.sqrt(((pts[:, None, :] - farm[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    no_factor = _regime_rows(norm, "no_odour_factor")
    wall = _regime_rows(norm, "outside_wall")
    out = []
    for obj, d in zip(objects, dist, strict=True):
        checks = []
        if animals_without_odour_factor:
            checks.append((_pick(no_factor, obj.inside_built_up), float(d), "emissiepunt"))
        if obj.wall_distance_m is not None:
            checks.append((_pick(wall, obj.inside_built_up), obj.wall_distance_m, "buitenwand"))
        for row, value, frm in checks:
            ok = value >= row["distance_m"]
            text = (
                f"{obj.name or 'object'}: {number(value, 0)} m vanaf {frm} "
                f"{'>=' if ok else '<'} {number(row['distance_m'], 0)} m "
                f"({_where(obj.inside_built_up)}, {row['code']}): "
                f"{'voldoet' if ok else 'voldoet niet'}"
            )
            out.append(
                Verdict(
                    object=obj.name,
                    rule=row["code"],
                    kind=row["kind"],
                    value=round(value, 1),
                    norm=row["distance_m"],
                    unit="m",
                    complies=ok,
                    text=text,
                    table_version=norm.version,
                    unverified=_flags(norm, row),
                )
            )
    return out


def odour_norm(obj: OdourObject, on: dt.date | None = None) -> tuple[dict, NormTable]:
    """The legal P98 norm row [ouE/m3] for an object's area type, and the table version.

    A municipal geurverordening (Wgv art. 6) may set another value within the table's bounds.
    """
    norm = table("odour_norms", on=on)
    row = _pick(_regime_rows(norm, "standard"), obj.inside_built_up, obj.concentratiegebied)
    return row, norm


def _sources(sources: Sequence[OdourSource]) -> np.ndarray:
    if not sources:
        raise InputError("sources", "at least one odour source is needed")
    return np.array(
        [
            (s.x, s.y, s.emission_oue_per_s, s.height_m, s.spread_m, s.lateral_spread_m)
            for s in sources
        ],
        dtype=np.float64,
    )


def odour_p98(
    sources: Sequence[OdourSource],
    receptors: Sequence[Sequence[float]] | np.ndarray,
    direction_weights: Sequence[float] | None = None,
) -> np.ndarray:
    """P98 of hourly odour concentrations [ouE/m3] at receptor points (RD New x, y [m]).

    Screening, "indicatief — niet de wettelijke V-Stacks-berekening"; see
    :mod:`veekompas.calc.odour_dispersion` and ``docs/odour-model.md``. ``direction_weights``:
    optional share of the hours per wind sector (wind from; first sector centred on north).
    """
    return disp.p98(
        _sources(sources), _xy(receptors, "receptors"), direction_weights=direction_weights
    )


def odour_verdicts(
    sources: Sequence[OdourSource], objects: Sequence[OdourObject], on: dt.date | None = None
) -> list[Verdict]:
    """P98 at each odour-sensitive object against its norm (Wgv art. 3 by area type)."""
    values = odour_p98(sources, [(o.x, o.y) for o in objects]) if objects else []
    out = []
    for obj, value in zip(objects, values, strict=True):
        row, norm = odour_norm(obj, on)
        ok = bool(value <= row["p98_oue_per_m3"])
        area = "concentratiegebied" if obj.concentratiegebied else "buiten concentratiegebied"
        text = (
            f"{obj.name or 'object'}: geurbelasting {number(value, 1)} ouE/m3 (P98) "
            f"{'<=' if ok else '>'} {number(row['p98_oue_per_m3'], 1)} ({area}, "
            f"{_where(obj.inside_built_up)}, {row['code']}): "
            f"{'voldoet' if ok else 'voldoet niet'}, {LABEL}"
        )
        out.append(
            Verdict(
                object=obj.name,
                rule=row["code"],
                kind="p98",
                value=round(float(value), 2),
                norm=row["p98_oue_per_m3"],
                unit="ouE/m3 (P98)",
                complies=ok,
                text=text,
                table_version=norm.version,
                unverified=_flags(norm, row),
                label=LABEL,
            )
        )
    return out


class OdourContours(BaseModel):
    """P98 [ouE/m3] on a regular grid (RD New) and, per contour level, its area and reach."""

    x_m: list[float]
    y_m: list[float]
    p98: list[list[float]]  # rows along y, columns along x
    levels: list[float]
    area_m2: list[float]
    max_distance_m: list[float]
    table_version: str
    label: str = LABEL


def odour_contours(
    sources: Sequence[OdourSource],
    levels: Sequence[float] | None = None,
    half_width_m: float = 1000.0,
    cell_m: float = 20.0,
    on: dt.date | None = None,
) -> OdourContours:
    """P98 on a grid centred on the sources, with contour levels (default: the legal norms).

    For each level: the area [m2] where P98 >= level and the largest distance [m] from the
    sources' centre of a grid cell at or above the level (the contour's reach).
    """
    if not (0 < cell_m <= half_width_m <= 10_000):
        raise InputError("cell_m", "need 0 < cell_m <= half_width_m <= 10000 m")
    src = _sources(sources)
    norm = table("odour_norms", on=on)
    if levels is None:
        levels = sorted({r["p98_oue_per_m3"] for r in _regime_rows(norm, "standard")})
    cx, cy = src[:, 0].mean(), src[:, 1].mean()
    offsets = np.arange(-half_width_m, half_width_m + cell_m / 2, cell_m)
    gx, gy = np.meshgrid(cx + offsets, cy + offsets)
    values = disp.p98(src, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    dist = np.hypot(gx - cx, gy - cy)
    area, reach = [], []
    for level in levels:
        inside = values >= level
        area.append(float(inside.sum() * cell_m**2))
        reach.append(float(dist[inside].max()) if inside.any() else 0.0)
    return OdourContours(
        x_m=(cx + offsets).tolist(),
        y_m=(cy + offsets).tolist(),
        p98=np.round(values, 4).tolist(),
        levels=[float(v) for v in levels],
        area_m2=area,
        max_distance_m=reach,
        table_version=norm.version,
    )


def sources_at(
    farm_xy: Sequence[float], emission_oue_per_s: float, **characteristics: float
) -> list[OdourSource]:
    """One emission point at the farm with its total odour emission (e.g. from
    ``emissions.odour_emission(...).total``)."""
    x, y = _xy(farm_xy, "farm_xy")[0]
    return [OdourSource(x=x, y=y, emission_oue_per_s=emission_oue_per_s, **characteristics)]


__all__ = [
    "LABEL",
    "OdourContours",
    "OdourObject",
    "OdourSource",
    "Verdict",
    "fixed_distance_verdicts",
    "odour_contours",
    "odour_emission",
    "odour_norm",
    "odour_p98",
    "odour_verdicts",
    "sources_at",
]
