"""What every exchange format shares: the long record layout, ONE validation path from raw rows
to farms and problems, and ONE import (upsert on UBN).

A format only turns its file into :class:`Row` objects (one per farm, housing, animal or crop,
values as the file holds them: text, numbers, dates, booleans or None) and farms back into its
file. :func:`parse_rows` validates every row first and reports every problem with the place it
was found (``row 4``, ``feature 2``, ``stallen row 7``), the field, the value and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from veekompas.calc.emissions import check_housing
from veekompas.domain.farm_municipality import municipality_warning
from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.errors import InputError
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
RECORDS = ("farm", *CHILD_MODELS)


def _field_types() -> dict[str, type]:
    """The Python type of every column (str, int, float, bool or date), None removed."""
    found: dict[str, type] = {"record": str}
    models = (RegistryFarm, Location, Succession, *(m for m, _ in CHILD_MODELS.values()))
    for model in models:
        for name, info in model.model_fields.items():
            hint = info.annotation
            if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
                hint = next(a for a in typing.get_args(hint) if a is not type(None))
            if typing.get_origin(hint) is typing.Literal:
                hint = str
            found.setdefault(name, hint if isinstance(hint, type) else object)
    return {name: found[name] for name in COLUMNS}


COLUMN_TYPES = _field_types()


@dataclass(frozen=True)
class Problem:
    """One bad value: where (``unit`` and number), which field, the value as text, and why."""

    row: int
    field: str
    value: str
    reason: str
    unit: str = "row"

    def __str__(self) -> str:
        return f"{self.unit} {self.row}, {self.field} = {self.value!r}: {self.reason}"


# A report lists at most LISTED_PROBLEMS problems and counts the rest per field; a parse keeps
# at most KEPT_PROBLEMS in detail (a file of 100,000 bad records would otherwise hold millions).
LISTED_PROBLEMS = 100
KEPT_PROBLEMS = 1_000


def field_name(name: str) -> str:
    """The field a problem is about, without the place in the record (``housings[0].``)."""
    return re.sub(r"^.*\.", "", re.sub(r"\[\d+\]", "", name))


@dataclass
class ParseResult:
    farms: list[RegistryFarm] = field(default_factory=list)
    # the first KEPT_PROBLEMS problems in the order found; the others counted per field
    problems: list[Problem] = field(default_factory=list)
    skipped_ubns: list[str] = field(default_factory=list)
    # UBN -> (unit, number) of its farm row, so later checks (roles) can name the row too.
    places: dict[str, tuple[str, int]] = field(default_factory=dict)
    unlisted: Counter[str] = field(default_factory=Counter)
    # not problems: the farm is imported as given (a municipality the location does not match)
    warnings: list[Problem] = field(default_factory=list)

    def add_problems(self, found: Iterable[Problem]) -> None:
        for problem in found:
            if len(self.problems) < KEPT_PROBLEMS:
                self.problems.append(problem)
            else:
                self.unlisted[field_name(problem.field)] += 1

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(self.unlisted.values())


@dataclass(frozen=True)
class ProblemSummary:
    """What a report shows: the first problems, and how many more there are per field."""

    listed: list[Problem]
    more: int
    more_per_field: dict[str, int]  # most frequent first

    @property
    def total(self) -> int:
        return len(self.listed) + self.more

    def more_text(self) -> str:
        """'and 99900 more problems (dierplaatsen 50000, ubn 49900)'; '' when all are listed."""
        if not self.more:
            return ""
        fields = ", ".join(f"{name} {n}" for name, n in self.more_per_field.items())
        word = "problem" if self.more == 1 else "problems"
        return f"and {self.more} more {word} ({fields})"


def summarise(
    problems: list[Problem], unlisted: Counter[str] | None = None, limit: int = LISTED_PROBLEMS
) -> ProblemSummary:
    more = Counter(unlisted or {})
    more.update(field_name(p.field) for p in problems[limit:])
    return ProblemSummary(problems[:limit], sum(more.values()), dict(more.most_common()))


@dataclass(frozen=True)
class Row:
    """One record read from a file, before validation.

    ``record`` is farm, housing, animal or crop; ``values`` maps column names to raw values;
    ``unit``/``number`` say where it was found; ``prefix`` goes before field names in problems
    (``housings[0].``); ``problems`` are what the format itself found wrong (a geometry that is
    not a point): they make the row bad like a validation error does, and ``reported`` names
    the fields they stand for (x_rd, y_rd), whose validation errors are then not repeated.
    """

    record: str
    values: dict[str, Any]
    number: int
    unit: str = "row"
    prefix: str = ""
    problems: tuple[Problem, ...] = ()
    reported: tuple[str, ...] = ()


def text(value: Any) -> str:
    """A raw or typed value as text: '' for None, true/false, ISO dates, 12 for 12.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _normalise(name: str, value: Any) -> Any:
    """Undo what spreadsheets and GIS tools do to values: 900001.0 for the UBN text '900001',
    a midnight datetime for a date, padding around text."""
    if isinstance(value, str):
        return value.strip()
    kind = COLUMN_TYPES.get(name)
    if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
        return text(value)
    if kind is dt.date and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clean(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {k: _normalise(k, values[k]) for k in names if not _blank(values.get(k))}


def farm_records(farm: RegistryFarm) -> Iterator[dict[str, Any]]:
    """The long layout of one farm: its farm row, then one row per housing, animal and crop;
    typed values (float, int, date, bool, str or None) keyed by column."""
    top = farm.model_dump(include=set(TOP_FIELDS))
    yield {"record": "farm", **top, **farm.location.model_dump(), **farm.succession.model_dump()}
    for record, (_, attr) in CHILD_MODELS.items():
        for child in getattr(farm, attr):
            yield {"record": record, "ubn": farm.ubn, **child.model_dump()}


def child_values(farm: RegistryFarm) -> dict[str, list[dict[str, Any]]]:
    """The farm's housings, animals and crops as typed dicts, keyed by record type."""
    return {r: [c.model_dump() for c in getattr(farm, a)] for r, (_, a) in CHILD_MODELS.items()}


def header_problems(names: Iterable[Any], *, row: int = 1, unit: str = "row") -> list[Problem]:
    """A table without the ``record`` and ``ubn`` columns cannot be read at all."""
    names = [text(n) for n in names if n is not None]
    missing = [c for c in ("record", "ubn") if c not in names]
    if not missing:
        return []
    reason = f"missing column(s): {', '.join(missing)}"
    return [Problem(row, "header", ",".join(names), reason, unit)]


def _problems(exc: ValidationError, row: Row) -> list[Problem]:
    found = []
    for err in exc.errors():
        name = str(err["loc"][-1]) if err["loc"] else "record"
        if name in row.reported:
            continue
        value = text(row.values.get(name))
        found.append(Problem(row.number, row.prefix + name, value, err["msg"], row.unit))
    return found


def _housing_problems(housing: Housing, row: Row) -> list[Problem]:
    """A housing code without a factor in the NH3 table in force today (close codes named), or
    a Rav category that is not the code's: checked as the omgevingsscan checks it."""
    try:
        check_housing(housing.stalsysteem_code, housing.animal_category, dt.date.today())
    except InputError as exc:
        value = text(row.values.get(exc.field))
        return [Problem(row.number, row.prefix + exc.field, value, exc.message, row.unit)]
    return []


def _farm(values: dict[str, Any], children: dict[str, list]) -> RegistryFarm:
    return RegistryFarm.model_validate(
        {
            **_clean(values, TOP_FIELDS),
            "location": _clean(values, Location.model_fields),
            "succession": _clean(values, Succession.model_fields),
            **{attr: tuple(items) for attr, items in children.items()},
        }
    )


def parse_rows(rows: Iterable[Row]) -> ParseResult:
    """Validate every row; farms are returned only for UBNs whose rows are all valid."""
    result = ParseResult()
    tops: dict[str, Row] = {}
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    bad_ubns: set[str] = set()
    for row in rows:
        ubn = text(_normalise("ubn", row.values.get("ubn")))
        found: list[Problem] = list(row.problems)
        if row.record == "farm":
            try:
                _farm(row.values, {})
            except ValidationError as exc:
                found += _problems(exc, row)
            if ubn in tops:
                found.append(Problem(row.number, "ubn", ubn, "second farm for this UBN", row.unit))
            tops.setdefault(ubn, row)
            result.places.setdefault(ubn, (row.unit, row.number))
        elif row.record in CHILD_MODELS:
            model, attr = CHILD_MODELS[row.record]
            try:
                child = model(**_clean(row.values, model.model_fields))
            except ValidationError as exc:
                found += _problems(exc, row)
            else:
                children[ubn][attr].append(child)
                if isinstance(child, Housing):
                    found += _housing_problems(child, row)
        else:
            reason = f"unknown record type; allowed: {', '.join(RECORDS)}"
            found.append(Problem(row.number, "record", row.record, reason, row.unit))
        if found:
            result.add_problems(found)
            bad_ubns.add(ubn)
    for ubn in sorted(children.keys() - tops.keys()):
        result.add_problems([Problem(0, "ubn", ubn, "rows for a UBN without a farm row")])
        bad_ubns.add(ubn)
    for ubn, row in tops.items():
        if ubn in bad_ubns:
            result.skipped_ubns.append(ubn)
            continue
        farm = _farm(row.values, children[ubn])
        result.farms.append(farm)
        if _blank(row.values.get("municipality")):
            continue  # derived from the location, so it matches
        loc = farm.location
        warning = municipality_warning(farm.municipality, loc.x_rd, loc.y_rd)
        if warning and len(result.warnings) < KEPT_PROBLEMS:
            value = text(row.values.get("municipality"))
            result.warnings.append(Problem(row.number, "municipality", value, warning, row.unit))
    return result


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    unlisted: Counter[str] = field(default_factory=Counter)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self, limit: int = LISTED_PROBLEMS) -> ProblemSummary:
        return summarise(self.problems, self.unlisted, limit)


def import_farms(
    repo: FarmRepository, parsed: ParseResult, *, skip_invalid: bool = False
) -> ImportReport:
    """Upsert the parsed farms on UBN in the repository's session (any format).

    With problems and without ``skip_invalid`` nothing is written (``written`` false); the caller
    commits when ``written`` is true. A farm equal to the stored one counts as unchanged.
    """
    report = ImportReport(
        problems=parsed.problems,
        skipped=parsed.skipped_ubns,
        unlisted=parsed.unlisted,
        warnings=parsed.warnings,
    )
    if parsed.problem_count and not skip_invalid:
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
