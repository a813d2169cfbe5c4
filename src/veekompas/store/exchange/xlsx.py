"""The registry as an Excel workbook (openpyxl): one sheet ``register`` with the CSV's columns.

Numbers are numbers, dates are dates (yyyy-mm-dd), booleans are booleans, UBN and KvK numbers
are text (so leading zeros survive); the header row is frozen and columns have a width that fits.
Reading accepts what Excel writes back: whole numbers as 12.0, empty cells as None, dates as
datetimes, and a UBN typed as a number.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
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

SHEET = "register"
_MAX_WIDTH = 40


def _cell_value(value: Any) -> Any:
    """XML cannot hold control characters: they are left out of text (names never need them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _number_format(name: str) -> str | None:
    kind = COLUMN_TYPES[name]
    return "yyyy-mm-dd" if kind is dt.date else "@" if kind is str else None


def farms_to_xlsx(farms: list[RegistryFarm]) -> bytes:
    """The workbook as bytes (openpyxl's write-only mode: time and memory linear in rows)."""
    rows = [[_cell_value(r.get(c)) for c in COLUMNS] for f in farms for r in farm_records(f)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    formats = [_number_format(c) for c in COLUMNS]
    for i, name in enumerate(COLUMNS):
        width = max([len(name), *(len(text(row[i])) for row in rows)])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(width, _MAX_WIDTH) + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    bold = Font(bold=True)
    ws.append([_cell(ws, name, font=bold) for name in COLUMNS])
    for row in rows:
        cells = zip(row, formats, strict=True)
        ws.append([None if v is None else _cell(ws, v, number_format=f) for v, f in cells])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(ws: Any, value: Any, *, font: Font | None = None, number_format: str | None = None):
    cell = WriteOnlyCell(ws, value)
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text such as '=x' stays text, never a formula
    return cell


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise InputError("FILE", f"not an XLSX workbook ({type(exc).__name__})") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        return list(ws.iter_rows(values_only=True))
    finally:
        wb.close()


def parse_xlsx(data: bytes) -> ParseResult:
    """Validate every row of sheet ``register`` (or the first sheet); rows numbered as in Excel."""
    rows = _sheet_rows(data)
    header = [text(c) for c in rows[0]] if rows else []
    problems = header_problems(header)
    if problems:
        return ParseResult(problems=problems)
    parsed = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(c is None or text(c) == "" for c in cells):
            continue
        values = {name: v for name, v in zip(header, cells, strict=False) if name}
        parsed.append(Row(text(values.get("record")), values, number))
    return parse_rows(parsed)
