"""Registry farms in and out of a long CSV: one row per record (farm, housing, animal, crop).

Import validates every row first and reports every problem (row, field, value, reason); with any
problem nothing is written unless ``skip_invalid`` is set, in which case farms with a bad row are
left out whole. Re-importing the same file changes nothing (upsert on UBN).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.store.farms import FarmRepository, NotFoundError

TOP_FIELDS = ("ubn", "name", "kvk", "municipality", "sector", "permitted_nh3_kg_per_year")
FARM_FIELDS = (*TOP_FIELDS, *Location.model_fields, *Succession.model_fields)
CHILD_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "housing": (Housing, "housings"),
    "animal": (AnimalGroup, "animals"),
    "crop": (RegistryCrop, "crops"),
}
CHILD_FIELDS = tuple(f for model, _ in CHILD_MODELS.values() for f in model.model_fields)
COLUMNS = ("record", *FARM_FIELDS, *CHILD_FIELDS)


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field} = {self.value!r}: {self.reason}"


@dataclass
class ParseResult:
    farms: list[RegistryFarm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_ubns: list[str] = field(default_factory=list)


def farms_to_csv(farms: list[RegistryFarm]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for farm in farms:
        top = farm.model_dump(include=set(FARM_FIELDS))
        top |= farm.location.model_dump() | farm.succession.model_dump()
        writer.writerow({"record": "farm", **{k: _cell(top.get(k)) for k in FARM_FIELDS}})
        for record, (_, attr) in CHILD_MODELS.items():
            for child in getattr(farm, attr):
                cells = {k: _cell(v) for k, v in child.model_dump(mode="json").items()}
                writer.writerow({"record": record, "ubn": farm.ubn, **cells})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(raw: dict[str, str], names: Any) -> dict[str, Any]:
    return {k: raw[k].strip() for k in names if (raw.get(k) or "").strip() != ""}


def _problems(exc: ValidationError, row_no: int, raw: dict[str, str]) -> list[Problem]:
    found = []
    for err in exc.errors():
        name = str(err["loc"][-1]) if err["loc"] else "record"
        found.append(Problem(row_no, name, (raw.get(name) or "").strip(), err["msg"]))
    return found


def _farm_from_row(raw: dict[str, str], children: dict[str, list]) -> RegistryFarm:
    return RegistryFarm.model_validate(
        {
            **_clean(raw, TOP_FIELDS),
            "location": _clean(raw, Location.model_fields),
            "succession": _clean(raw, Succession.model_fields),
            **{attr: tuple(items) for attr, items in children.items()},
        }
    )


def parse_csv(text: str) -> ParseResult:
    """Validate every row; farms are returned only for UBNs whose rows are all valid."""
    result = ParseResult()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("record", "ubn") if c not in (reader.fieldnames or [])]
    if missing:
        header = ",".join(reader.fieldnames or [])
        reason = f"missing column(s): {', '.join(missing)}"
        result.problems.append(Problem(1, "header", header, reason))
        return result
    tops: dict[str, dict[str, Any]] = {}
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    bad_ubns: set[str] = set()
    for row_no, raw in enumerate(reader, start=2):
        record, ubn = (raw.get("record") or "").strip(), (raw.get("ubn") or "").strip()
        problems: list[Problem] = []
        if record == "farm":
            try:
                _farm_from_row(raw, {})
            except ValidationError as exc:
                problems = _problems(exc, row_no, raw)
            if ubn in tops:
                problems.append(Problem(row_no, "ubn", ubn, "second farm row for this UBN"))
            tops.setdefault(ubn, raw)
        elif record in CHILD_MODELS:
            model, attr = CHILD_MODELS[record]
            try:
                children[ubn][attr].append(model(**_clean(raw, model.model_fields)))
            except ValidationError as exc:
                problems = _problems(exc, row_no, raw)
        else:
            allowed = ", ".join(("farm", *CHILD_MODELS))
            problems = [
                Problem(row_no, "record", record, f"unknown record type; allowed: {allowed}")
            ]
        if problems:
            result.problems.extend(problems)
            bad_ubns.add(ubn)
    for ubn in children.keys() - tops.keys():
        result.problems.append(Problem(0, "ubn", ubn, "rows for a UBN without a farm row"))
        bad_ubns.add(ubn)
    for ubn, raw in tops.items():
        if ubn in bad_ubns:
            result.skipped_ubns.append(ubn)
            continue
        result.farms.append(_farm_from_row(raw, children[ubn]))
    return result


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False


def import_csv(repo: FarmRepository, text: str, *, skip_invalid: bool = False) -> ImportReport:
    """Validate the whole file, then upsert its farms on UBN in the repository's session.

    With problems and without ``skip_invalid`` nothing is written (``written`` false); the caller
    commits when ``written`` is true.
    """
    parsed = parse_csv(text)
    report = ImportReport(problems=parsed.problems, skipped=parsed.skipped_ubns)
    if parsed.problems and not skip_invalid:
        return report
    for farm in parsed.farms:
        try:
            current = repo.get(farm.ubn)
        except NotFoundError:
            repo.add(farm)
            report.created.append(farm.ubn)
            continue
        saved = repo.update(farm.model_copy(update={"version": current.version}))
        (report.unchanged if saved == current else report.updated).append(farm.ubn)
    report.written = True
    return report
