"""The demo region's data files (``demo/data/``, provenance in its README.md), read once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


SOURCES_FILE = "livestock_nh3_sources_4_provinces.csv"


@dataclass(frozen=True)
class Sources:
    """The permitted NH3 sources: id, place, RD New x/y [m], permitted NH3 [kg/yr] and the
    source's main animal category ('' where it gave none)."""

    source_id: tuple[str, ...]
    place: tuple[str, ...]
    x_rd: np.ndarray
    y_rd: np.ndarray
    nh3_kg_per_year: np.ndarray
    main_category: tuple[str, ...]


@cache
def sources() -> Sources:
    rows = _rows(SOURCES_FILE)
    return Sources(
        source_id=tuple(r["id"] for r in rows),
        place=tuple(r["place"].strip() for r in rows),
        x_rd=np.array([float(r["x_rd"]) for r in rows]),
        y_rd=np.array([float(r["y_rd"]) for r in rows]),
        nh3_kg_per_year=np.array([float(r["nh3_kg_per_year"]) for r in rows]),
        main_category=tuple(r["main_category"].strip() for r in rows),
    )


@cache
def category_sectors() -> dict[str, str | None]:
    """The source's main animal category -> registry sector; None: the category names no
    animal and the sector is drawn (category_sector.csv)."""
    return {r["main_category"]: r["sector"] or None for r in _rows("category_sector.csv")}


@cache
def buyout_schemes() -> dict[str, tuple[str | None, str]]:
    """Sector -> (Lbv-plus or None, the other scheme open to it) (buyout_schemes.csv)."""
    return {
        r["sector"]: (r["plus_scheme"] or None, r["other_scheme"])
        for r in _rows("buyout_schemes.csv")
    }


@cache
def hotspot_municipalities() -> frozenset[str]:
    lines = (DATA / "hotspot_municipalities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


@cache
def sector_shares() -> dict[str, dict[str, float]]:
    """Zone -> sector -> share of farms (sector_distribution.csv); a zone is a gemeente,
    ``veal_hotspot`` or ``rest``."""
    shares: dict[str, dict[str, float]] = {}
    for r in _rows("sector_distribution.csv"):
        shares.setdefault(r["zone"], {})[r["sector"]] = float(r["share"])
    return shares


@cache
def succession_parameters() -> dict[str, float]:
    """Code -> value (succession.csv): age shares, successor shares, Lbv rates, weights."""
    return {r["code"]: float(r["value"]) for r in _rows("succession.csv")}


@cache
def stop_year_shares() -> dict[int, float]:
    """Planned stop year -> share of stoppers (the ``stop_year_*`` rows of succession.csv)."""
    par = succession_parameters()
    return {
        int(code.removeprefix("stop_year_")): share
        for code, share in par.items()
        if code.startswith("stop_year_")
    }


@dataclass(frozen=True)
class SectorSystems:
    """Housing systems of a sector: main (traditional / low-emission) and a second barn."""

    traditional: str
    low_emission: str
    second: str
    category: dict[str, str]
    low_emission_share: float


@cache
def housing_systems() -> dict[str, SectorSystems]:
    by_sector: dict[str, dict[str, dict[str, str]]] = {}
    for r in _rows("housing_systems.csv"):
        key = r["period"] if r["role"] == "main" else "second"
        by_sector.setdefault(r["sector"], {})[key] = r
    return {
        sector: SectorSystems(
            traditional=rows["traditional"]["stalsysteem_code"],
            low_emission=rows["low_emission"]["stalsysteem_code"],
            second=rows["second"]["stalsysteem_code"],
            category={r["stalsysteem_code"]: r["animal_category"] for r in rows.values()},
            low_emission_share=float(rows["traditional"]["low_emission_share"]),
        )
        for sector, rows in by_sector.items()
    }
