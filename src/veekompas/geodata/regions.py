"""Regions: named sets of municipalities (CBS codes of 2024), kept as data.

Three kinds, in this order:

* the regions of ``regions.csv`` here (Regio Foodvalley), each with its source;
* every province of 2024 (its members are the municipalities whose representative point lies in
  it, :func:`~veekompas.geodata.municipalities.province_of_municipality`);
* a deployment's own regions in ``<VEEKOMPAS_DATA_DIR>/regions.csv`` (same columns), which may
  not reuse a slug above.

A region's outline is the union of its municipalities' shapes (shapely, RD New [m]).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import shapely

from veekompas.geodata.municipalities import (
    BOUNDARIES_SOURCE,
    Area,
    municipalities,
    municipality,
    province_of_municipality,
    provinces,
)

PACKAGED_REGIONS = Path(__file__).with_name("regions.csv")
DATA_DIR_REGIONS = "regions.csv"  # the deployment's own regions, in VEEKOMPAS_DATA_DIR
DEFAULT_REGION = "foodvalley"
COLUMNS = ("slug", "name", "members", "source")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


class RegionFileError(ValueError):
    """A regions file that cannot be read: one line naming the file, row and field."""


@dataclass(frozen=True)
class Region:
    """A named set of municipalities; ``members`` are CBS codes (GM0228), in file order."""

    slug: str
    name: str
    kind: str  # regio (packaged) | provincie | eigen (the deployment's file)
    members: tuple[str, ...]
    source: str

    @property
    def municipalities(self) -> tuple[Area, ...]:
        """The member municipalities, sorted by name."""
        areas = [municipality(code) for code in self.members]
        return tuple(sorted((a for a in areas if a is not None), key=lambda a: a.name))

    @property
    def municipality_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.municipalities)

    @property
    def outline(self) -> shapely.Geometry:
        """The union of the members' shapes [RD New, m]."""
        return region_outline(self.members)


@cache
def region_outline(members: tuple[str, ...]) -> shapely.Geometry:
    shapes = [a.geometry for a in municipalities() if a.code in set(members)]
    outline = shapely.union_all(shapes)
    shapely.prepare(outline)
    return outline


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")


def read_regions(path: Path, kind: str) -> tuple[Region, ...]:
    """The regions of one CSV file (columns slug, name, members, source; members are CBS
    codes separated by spaces); :class:`RegionFileError` on the first bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionFileError(f"{path}: niet te lezen ({exc.__class__.__name__})") from None
    rows = list(csv.DictReader(text.splitlines()))
    header = list(rows[0].keys()) if rows else text.splitlines()[0:1]
    missing = [c for c in COLUMNS if rows and c not in rows[0]]
    if missing:
        raise RegionFileError(
            f"{path}: kolom(men) {', '.join(missing)} ontbreken; verwacht: {', '.join(COLUMNS)}"
            f" (gevonden: {', '.join(map(str, header))})"
        )
    regions = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}, regel {number}"
        slug = (row["slug"] or "").strip()
        if not SLUG.match(slug):
            raise RegionFileError(
                f"{where}, slug = {slug!r}: gebruik kleine letters, cijfers en '-' (max. 60)"
            )
        name = (row["name"] or "").strip()
        if not name:
            raise RegionFileError(f"{where}, name: ontbreekt")
        codes = tuple((row["members"] or "").upper().split())
        if not codes:
            raise RegionFileError(f"{where}, members: ontbreekt (CBS-codes zoals GM0228)")
        for code in codes:
            area = municipality(code)
            if area is None or area.code != code:
                raise RegionFileError(
                    f"{where}, members = {code!r}: geen gemeentecode van {BOUNDARIES_SOURCE}"
                    " (bijvoorbeeld GM0228 = Ede)"
                )
        source = (row["source"] or "").strip()
        if not source:
            raise RegionFileError(f"{where}, source: ontbreekt (waar komt de indeling vandaan?)")
        regions.append(Region(slug, name, kind, tuple(dict.fromkeys(codes)), source))
    return tuple(regions)


@cache
def _province_regions() -> tuple[Region, ...]:
    of = province_of_municipality()
    regions = []
    for province in provinces():
        codes = tuple(a.code for a in municipalities() if of[a.name] == province.name)
        regions.append(
            Region(
                f"provincie-{_slug(province.name)}",
                f"Provincie {province.name}",
                "provincie",
                codes,
                BOUNDARIES_SOURCE,
            )
        )
    return tuple(regions)


@cache
def _packaged_regions() -> tuple[Region, ...]:
    return read_regions(PACKAGED_REGIONS, "regio")


def _deployment_regions(data_dir: Path | None) -> tuple[Region, ...]:
    if data_dir is None:
        return ()
    path = data_dir / DATA_DIR_REGIONS
    if not path.is_file():
        return ()
    stat = path.stat()
    return _read_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _read_cached(path: Path, mtime_ns: int, size: int) -> tuple[Region, ...]:
    return read_regions(path, "eigen")


def all_regions(data_dir: Path | None = None) -> tuple[Region, ...]:
    """The packaged regions, the provinces, then the deployment's own regions (if
    ``data_dir`` holds a ``regions.csv``); :class:`RegionFileError` for a bad or clashing file."""
    builtin = (*_packaged_regions(), *_province_regions())
    own = _deployment_regions(data_dir)
    slugs = {r.slug for r in builtin}
    names = {r.name.casefold() for r in builtin}
    for region in own:
        where = f"{data_dir / DATA_DIR_REGIONS}"
        if region.slug in slugs:
            raise RegionFileError(
                f"{where}, slug = {region.slug!r}: bestaat al; kies een andere slug"
            )
        if region.name.casefold() in names:
            raise RegionFileError(
                f"{where}, name = {region.name!r}: bestaat al; kies een andere naam"
            )
        slugs.add(region.slug)
        names.add(region.name.casefold())
    return (*builtin, *own)


def region(slug: str, data_dir: Path | None = None) -> Region | None:
    """The region with this slug (case-insensitive); None if unknown."""
    key = slug.strip().casefold()
    return next((r for r in all_regions(data_dir) if r.slug == key), None)
