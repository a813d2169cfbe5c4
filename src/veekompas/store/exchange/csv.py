"""The registry as a long CSV: one row per record (farm, housing, animal, crop), columns COLUMNS.

UTF-8 (a byte-order mark is accepted on reading), ``\\n`` line ends, empty cells for no value,
booleans as true/false and dates as ISO 8601. A text cell that a spreadsheet would take for a
formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is written with a leading ``'``, which reading
removes again (:mod:`veekompas.csv_cells`), so export -> import gives the same farms.
"""

from __future__ import annotations

import csv
import io

from veekompas.csv_cells import quote_cell, unquote_cell
from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.store.exchange.limits import ImportLimits, counted, resolved, too_many_records
from veekompas.store.exchange.records import (
    COLUMN_TYPES,
    COLUMNS,
    ParseResult,
    Row,
    farm_records,
    header_problems,
    parse_rows,
    text,
)


def farms_to_csv(farms: list[RegistryFarm]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for farm in farms:
        for record in farm_records(farm):
            writer.writerow({k: _cell(k, v) for k, v in record.items()})
    return out.getvalue()


def _cell(column: str, value: object) -> str:
    return quote_cell(text(value)) if COLUMN_TYPES[column] is str else text(value)


def _unquoted(raw: dict) -> dict:
    """A read row with the export's formula quoting removed from its text columns."""
    return {k: unquote_cell(v) if COLUMN_TYPES.get(k) is str else v for k, v in raw.items()}


def _count_records(text: str, limit: int) -> None:
    """A first pass that keeps nothing: a file of more than ``limit`` records is refused
    before any row is built (a million rows cost a fraction of a second, no memory)."""
    records = 0
    for row in csv.reader(io.StringIO(text)):
        if row:
            records += 1
            if records > limit + 1:  # the header is not a record
                raise too_many_records(limit)


def parse_csv(data: bytes | str, bounds: ImportLimits | None = None) -> ParseResult:
    """Validate every row (the header is row 1); see :func:`records.parse_rows`. Only the
    layout's columns are kept (others are ignored), so a row costs little memory however wide
    the file is."""
    lim = resolved(bounds)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("FILE", f"not UTF-8 text (byte {exc.start})") from None
    data = data.removeprefix("\ufeff")
    try:
        _count_records(data, lim.max_records)
        reader = csv.reader(io.StringIO(data))
        header = next(reader, [])
        problems = header_problems(header)
        if problems:
            return ParseResult(problems=problems)
        known = set(COLUMNS)
        where = {name: i for i, name in enumerate(header) if name in known}  # the last one wins
        filled = (cells for cells in reader if cells)  # blank lines are no records
        rows = []
        for number, cells in enumerate(counted(filled, lim.max_records), start=2):
            raw = {name: cells[i] if i < len(cells) else None for name, i in where.items()}
            rows.append(Row(text(raw.get("record")), _unquoted(raw), number))
    except csv.Error as exc:
        raise InputError("FILE", f"not a readable CSV file ({exc})") from None
    return parse_rows(rows)
