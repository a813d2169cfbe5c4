"""Registry farms in and out of files: CSV, XLSX, GeoJSON (WGS84) and GeoPackage (RD New).

Every format goes through one validation path (:func:`records.parse_rows`: every row checked
first, every problem reported with place, field, value and reason) and one import
(:func:`import_farms`: nothing written on problems unless ``skip_invalid``, upsert on UBN so a
re-import changes nothing). Per format: ``parse_<fmt>(data) -> ParseResult`` and
``farms_to_<fmt>(farms) -> str | bytes``; :func:`parse` and :func:`dump` dispatch on the format
name, :func:`format_for` picks it from a file name. A file that cannot be read at all raises
:class:`~veekompas.errors.InputError` (field ``FILE``), and so does a file past the import's
limits (:mod:`.limits`: bytes, records, unpacked bytes, seconds), checked while it is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.store.exchange.csv import farms_to_csv, parse_csv
from veekompas.store.exchange.geojson import farms_to_geojson, parse_geojson
from veekompas.store.exchange.gpkg import farms_to_gpkg, parse_gpkg
from veekompas.store.exchange.limits import ImportLimits, check_size, resolved
from veekompas.store.exchange.records import (
    COLUMNS,
    KEPT_PROBLEMS,
    LISTED_PROBLEMS,
    ImportReport,
    ParseResult,
    Problem,
    ProblemSummary,
    import_farms,
    summarise,
)
from veekompas.store.exchange.xlsx import farms_to_xlsx, parse_xlsx
from veekompas.store.farms import FarmRepository

__all__ = [
    "COLUMNS",
    "FORMATS",
    "KEPT_PROBLEMS",
    "LISTED_PROBLEMS",
    "Format",
    "ImportLimits",
    "ImportReport",
    "ParseResult",
    "Problem",
    "ProblemSummary",
    "dump",
    "farms_to_csv",
    "farms_to_geojson",
    "farms_to_gpkg",
    "farms_to_xlsx",
    "format_for",
    "import_csv",
    "import_farms",
    "parse",
    "parse_csv",
    "parse_geojson",
    "parse_gpkg",
    "parse_xlsx",
    "summarise",
]


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    media_type: str
    parse: Callable[[Any, ImportLimits | None], ParseResult]
    dump: Callable[[list[RegistryFarm]], str | bytes]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", (".csv",), "text/csv", parse_csv, farms_to_csv),
        Format(
            "xlsx",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            parse_xlsx,
            farms_to_xlsx,
        ),
        Format(
            "geojson",
            (".geojson", ".json"),
            "application/geo+json",
            parse_geojson,
            farms_to_geojson,
        ),
        Format("gpkg", (".gpkg",), "application/geopackage+sqlite3", parse_gpkg, farms_to_gpkg),
    )
}


def _format(fmt: str, field: str = "format") -> Format:
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        allowed = "|".join(FORMATS)
        raise InputError(field, f"unknown format {fmt!r}; allowed: {allowed}") from None


def format_for(path: str | PurePath, fmt: str | None = None) -> str:
    """The format named by ``fmt`` (``--format``) or else by the file's extension."""
    if fmt:
        return _format(fmt, "--format").name
    suffix = PurePath(path).suffix.lower()
    for f in FORMATS.values():
        if suffix in f.extensions:
            return f.name
    allowed = ", ".join(e for f in FORMATS.values() for e in f.extensions)
    shown = f"extension {suffix!r}" if suffix else "no extension"
    raise InputError(
        "FILE", f"{shown} is not a known format; use {allowed} or --format {'|'.join(FORMATS)}"
    )


def parse(data: bytes | str, fmt: str, bounds: ImportLimits | None = None) -> ParseResult:
    """Validate a file of format ``fmt`` (csv, xlsx, geojson, gpkg) within the import limits
    (default: the settings)."""
    f = _format(fmt)
    if isinstance(data, str) and f.name in ("xlsx", "gpkg"):
        raise InputError("FILE", f"a {f.name} file is binary; pass its bytes")
    lim = resolved(bounds)
    check_size(len(data), lim)
    return f.parse(data, lim)


def dump(farms: list[RegistryFarm], fmt: str) -> bytes:
    """The farms as a file of format ``fmt``, as bytes (text formats in UTF-8)."""
    out = _format(fmt).dump(farms)
    return out.encode("utf-8") if isinstance(out, str) else out


def import_csv(repo: FarmRepository, text: str, *, skip_invalid: bool = False) -> ImportReport:
    """Validate a CSV text and upsert its farms (kept for callers of the first CSV import)."""
    return import_farms(repo, parse_csv(text), skip_invalid=skip_invalid)
