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


def farms_to_xlsx(farms: list[RegistryFarm]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in COLUMNS]
    for farm in farms:
        for record in farm_records(farm):
            values = [_cell_value(record.get(c)) for c in COLUMNS]
            ws.append(values)
            for cell, value in zip(ws[ws.max_row], values, strict=True):
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text such as '=x' stays text, never a formula
            widths = [max(w, len(text(v))) for w, v in zip(widths, values, strict=True)]
    for i, (name, width) in enumerate(zip(COLUMNS, widths, strict=True), start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = min(width, _MAX_WIDTH) + 2
        kind = COLUMN_TYPES[name]
        number_format = "yyyy-mm-dd" if kind is dt.date else "@" if kind is str else None
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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
