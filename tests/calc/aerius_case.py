"""The AERIUS 2024 single-farm case (tests/cases/aerius_2024_single_farm): a minimal reading of
its two IMAER 6.0 input GMLs (source polygon, emission height, spread, NH3) and its results."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CASE = Path(__file__).parents[1] / "cases" / "aerius_2024_single_farm"
NS = {"imaer": "http://imaer.aerius.nl/6.0", "gml": "http://www.opengis.net/gml/3.2"}


@dataclass(frozen=True)
class ImaerSource:
    label: str
    ring_xy: np.ndarray  # [m] RD New, closed ring
    emission_height_m: float
    spread_m: float
    nh3_kg_per_year: float


def read_imaer_source(path: Path) -> ImaerSource:
    """The one FarmAnimalHousingSource of an AERIUS input file."""
    root = ET.parse(path).getroot()
    src = root.find(".//imaer:FarmAnimalHousingSource", NS)
    assert src is not None, f"{path.name}: no FarmAnimalHousingSource"
    chars = src.find(".//imaer:EmissionSourceCharacteristics", NS)
    pos = src.find(".//gml:Polygon/gml:exterior/gml:LinearRing/gml:posList", NS)
    srs = src.find(".//gml:Polygon", NS).get("srsName")
    assert srs.endswith("28992"), srs
    coords = np.array(pos.text.split(), dtype=float).reshape(-1, 2)
    nh3 = next(
        float(e.find("imaer:value", NS).text)
        for e in src.findall("imaer:emission/imaer:Emission", NS)
        if e.get("substance") == "NH3"
    )
    return ImaerSource(
        label=src.find("imaer:label", NS).text,
        ring_xy=coords,
        emission_height_m=float(chars.find("imaer:emissionHeight", NS).text),
        spread_m=float(chars.find("imaer:spread", NS).text),
        nh3_kg_per_year=nh3,
    )


def read_results(path: Path) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Receptor ids, x, y [m RD New] and AERIUS NH3 deposition [mol N/ha/yr]."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["receptor_id"] for r in rows]
    x, y, dep = (
        np.array([float(r[k]) for r in rows])
        for k in ("x_rd", "y_rd", "deposition_nh3_mol_per_ha_year")
    )
    return ids, x, y, dep


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties get their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_vals = values[order]
    rank = np.empty(len(values))
    rank[order] = np.arange(1, len(values) + 1)
    _, first, counts = np.unique(sorted_vals, return_index=True, return_counts=True)
    for f, c in zip(first, counts, strict=True):
        if c > 1:
            rank[order[f : f + c]] = f + (c + 1) / 2
    return rank


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks."""
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])
