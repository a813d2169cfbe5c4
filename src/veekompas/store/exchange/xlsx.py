"""The registry as an Excel workbook (openpyxl): one sheet ``register`` with the CSV's columns.

Numbers are numbers, dates are dates (yyyy-mm-dd), booleans are booleans, UBN and KvK numbers
are text (so leading zeros survive); the header row is frozen and columns have a width that fits.
Reading accepts what Excel writes back: whole numbers as 12.0, empty cells as None, dates as
datetimes, and a UBN typed as a number.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from zlib import error as zlib_error

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.store.exchange.limits import (
    ImportLimits,
    counted,
    megabytes,
    resolved,
    too_many_records,
)
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
# Reading: columns past this one are not read (the layout has 25; unknown columns are ignored
# anyway), rows past Excel's last row neither; at most this many parts in the zip.
MAX_COLUMNS = 100
EXCEL_MAX_ROWS = 1_048_576
MAX_PARTS = 1_000
# A row element of SpreadsheetML (any namespace prefix), found in the sheet's XML as it unzips.
_ROW_TAG = re.compile(rb"<(?:[\w.-]{1,32}:)?row[\s/>]")
_ROW_TAG_MAX = 40  # bytes: longer than any match of _ROW_TAG


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


def _check_zip(data: bytes, lim: ImportLimits) -> None:
    """An XLSX is a zip: refuse one that unpacks to more than the limit, or has a sheet of more
    rows than the record limit, before openpyxl reads it (openpyxl walks a whole sheet when it
    has no dimension element). zipfile never gives more bytes than an entry declares, so the
    declared sizes bound the unpacking; openpyxl loads the shared strings whole: they get an
    eighth of the limit. Every part is searched for rows, wherever the workbook puts its sheets.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                shown = f"{len(parts)} parts; at most {MAX_PARTS}"
                raise InputError("FILE", f"not an XLSX workbook ({shown})")
            unpacked = sum(p.file_size for p in parts)
            strings = sum(p.file_size for p in parts if p.filename.endswith("haredStrings.xml"))
            if unpacked > lim.max_unpacked_bytes or strings > lim.max_unpacked_bytes // 8:
                raise InputError(
                    "FILE",
                    f"the workbook unpacks to {megabytes(unpacked)}, more than the "
                    f"{megabytes(lim.max_unpacked_bytes)} an import may unpack (setting "
                    "VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES): split the file, e.g. per gemeente",
                )
            for part in parts:
                _count_rows(archive, part, lim.max_records)
    except InputError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, zlib_error):
        raise InputError("FILE", "not an XLSX workbook (BadZipFile)") from None


def _count_rows(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int) -> None:
    """Count the row elements of a part as it unzips, keeping nothing: a sheet of more than
    ``limit`` records (plus the header) is refused before openpyxl parses a cell."""
    rows, carry = 0, b""
    with archive.open(part) as xml:
        while True:
            chunk = xml.read(1 << 20)
            buffer = carry + chunk
            # a match starting before `cut` lies wholly in this buffer; later ones are carried
            cut = len(buffer) if not chunk else max(0, len(buffer) - _ROW_TAG_MAX)
            rows += sum(1 for m in _ROW_TAG.finditer(buffer) if m.start() < cut)
            if rows > limit + 1:
                raise too_many_records(limit)
            if not chunk:
                return
            carry = buffer[cut:]


def _blank(cells: tuple[Any, ...]) -> bool:
    return all(c is None or text(c) == "" for c in cells)


def _sheet_rows(data: bytes, lim: ImportLimits) -> tuple[list[str], list[Row]]:
    """The header (row 1) and a Row of every row that is not blank, numbered as in Excel, with
    the values of the layout's columns only (other columns are not kept)."""
    _check_zip(data, lim)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise InputError("FILE", f"not an XLSX workbook ({type(exc).__name__})") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(max_row=EXCEL_MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        numbered = enumerate(rows, start=1)
        first = next(numbered, None)
        header = [text(c) for c in first[1]] if first else []
        known = set(COLUMNS)
        where = {name: i for i, name in enumerate(header) if name in known}  # the last one wins
        filled = ((n, r) for n, r in numbered if not _blank(r))
        found = []
        for number, cells in counted(filled, lim.max_records):
            values = {name: cells[i] if i < len(cells) else None for name, i in where.items()}
            found.append(Row(text(values.get("record")), values, number))
        return header, found
    except InputError:
        raise
    except Exception as exc:
        raise InputError("FILE", f"not a readable XLSX workbook ({type(exc).__name__})") from None
    finally:
        wb.close()


def parse_xlsx(data: bytes, bounds: ImportLimits | None = None) -> ParseResult:
    """Validate every row of sheet ``register`` (or the first sheet); rows numbered as in Excel."""
    header, rows = _sheet_rows(data, resolved(bounds))
    problems = header_problems(header)
    if problems:
        return ParseResult(problems=problems)
    return parse_rows(rows)
