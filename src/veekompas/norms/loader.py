"""Dated reference tables with their provenance.

Every table lives in ``tables/<name>/<name>_<valid_from>.csv`` next to a sidecar
``<name>_<valid_from>.meta.yaml`` (source document, table or annex, publisher, year, licence,
unit per column, and the sha256 of the released CSV). A released file is never edited: a change is a
new dated file. :func:`table` answers the version in force on a date.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from veekompas.errors import InputError, unknown_value_message

TABLES_DIR = Path(__file__).parent / "tables"
_FILE_RE = re.compile(r"^(?P<name>[a-z0-9_]+)_(?P<date>\d{4}-\d{2}-\d{2})\.csv$")
_CONVERTERS = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda v: {"true": True, "false": False}[v.strip().lower()],
}
REQUIRED_META = (
    "table",
    "title",
    "valid_from",
    "source_document",
    "table_or_annex",
    "publisher",
    "year",
    "licence",
    "columns",
    "sha256",
)


@dataclass(frozen=True)
class NormTable:
    """One dated version of a reference table.

    ``rows`` are dicts keyed by column name with typed values (``None`` where the cell is empty).
    Rows with ``unverified`` true hold figures that could not be checked in a primary source;
    every result that uses one carries the flag forward.
    """

    name: str
    valid_from: dt.date
    meta: dict[str, Any]
    rows: tuple[dict[str, Any], ...]
    sha256: str
    _by_code: dict[str, dict[str, Any]] = field(repr=False, compare=False, default_factory=dict)

    @property
    def version(self) -> str:
        """``"<name>@<valid_from>"``: the identifier every result cites."""
        return f"{self.name}@{self.valid_from.isoformat()}"

    def codes(self) -> list[str]:
        return [r["code"] for r in self.rows]

    def row(self, code: str, *, field_name: str = "code") -> dict[str, Any]:
        """The row with this ``code``; an :class:`InputError` naming close codes otherwise."""
        try:
            return self._by_code[code]
        except KeyError:
            allowed = self.codes()
            message = unknown_value_message(f"code in {self.version}", code, allowed)
            raise InputError(field_name, message) from None

    def citation(self) -> dict[str, Any]:
        """What a result needs to say about this table: version, source, checksum."""
        m = self.meta
        return {
            "table": self.name,
            "version": self.version,
            "valid_from": self.valid_from.isoformat(),
            "title": m["title"],
            "source_document": m["source_document"],
            "table_or_annex": m["table_or_annex"],
            "publisher": m["publisher"],
            "year": m["year"],
            "sha256": self.sha256,
        }


def norm_document(norm: NormTable) -> dict[str, Any]:
    """A table as one JSON-ready document: citation, columns with units, rows, notes."""
    return {
        "citation": norm.citation(),
        "licence": norm.meta["licence"],
        "notes": norm.meta.get("notes"),
        "columns": norm.meta["columns"],
        "rows": list(norm.rows),
    }


def _parse(path: Path, meta: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    columns: dict[str, dict[str, Any]] = meta["columns"]
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if list(reader.fieldnames or []) != list(columns):
            expected = list(columns)
            raise ValueError(f"{path.name}: columns {reader.fieldnames} differ from {expected}")
        rows = []
        for line_no, raw in enumerate(reader, start=2):
            row: dict[str, Any] = {}
            for col, spec in columns.items():
                cell = (raw[col] or "").strip()
                try:
                    row[col] = _CONVERTERS[spec.get("type", "str")](cell) if cell else None
                except (ValueError, KeyError) as exc:
                    raise ValueError(f"{path.name} line {line_no}, column {col}: {cell!r}") from exc
            rows.append(row)
    return tuple(rows)


@cache
def _load(path: Path) -> NormTable:
    meta_path = path.with_suffix(".meta.yaml")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    missing = [k for k in REQUIRED_META if k not in meta]
    if missing:
        raise ValueError(f"{meta_path.name}: sidecar lacks {', '.join(missing)}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != meta["sha256"]:
        raise ValueError(
            f"{path.name} differs from its released version (sha256 in the sidecar): released "
            "tables are never edited, add a new dated file instead"
        )
    rows = _parse(path, meta)
    match = _FILE_RE.match(path.name)
    assert match is not None
    return NormTable(
        name=match["name"],
        valid_from=dt.date.fromisoformat(match["date"]),
        meta=meta,
        rows=rows,
        sha256=digest,
        _by_code={r["code"]: r for r in rows if r.get("code") is not None},
    )


def table_names() -> list[str]:
    """Names of all tables that have at least one dated version."""
    return sorted(p.name for p in TABLES_DIR.iterdir() if p.is_dir() and any(p.glob("*.csv")))


def versions(name: str) -> list[NormTable]:
    """All dated versions of a table, oldest first."""
    folder = TABLES_DIR / name
    files = sorted(folder.glob(f"{name}_*.csv")) if folder.is_dir() else []
    if not files:
        raise InputError("table", unknown_value_message("norm table", name, table_names()))
    return [_load(f) for f in files]


def table(name: str, on: dt.date | None = None) -> NormTable:
    """The version of table ``name`` in force on date ``on`` (default: the newest).

    Raises
    ------
    InputError
        For an unknown table (naming close names) or a date before its first version.
    """
    all_versions = versions(name)
    if on is None:
        return all_versions[-1]
    in_force = [v for v in all_versions if v.valid_from <= on]
    if not in_force:
        first = all_versions[0].valid_from.isoformat()
        raise InputError(
            "date",
            f"table {name} has no version in force on {on.isoformat()}; its first version is "
            f"valid from {first}",
        )
    return in_force[-1]


def table_summaries() -> list[dict[str, Any]]:
    """Every table: the newest version's citation, all version ids, row and unverified counts."""
    summaries = []
    for name in table_names():
        all_versions = versions(name)
        newest = all_versions[-1]
        summaries.append(
            {
                **newest.citation(),
                "versions": [v.version for v in all_versions],
                "rows": len(newest.rows),
                "unverified_rows": sum(1 for r in newest.rows if r.get("unverified")),
            }
        )
    return summaries
