"""The columns of the farm list ``/bedrijven`` and of its CSV and XLSX exports: one definition,
so the page and the files show the same fields under the same Dutch headers.

Every role that may list farms (all but ``publiek``, see :mod:`veekompas.region.access`) sees
every field of the farms within its reach; the reach itself limits the rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from veekompas.assess.rav_labels import category_label
from veekompas.csv_cells import quote_cell
from veekompas.domain.registry import RegistryFarm
from veekompas.labels_nl import INTENT_LABELS, SECTOR_LABELS, SUCCESSOR_LABELS

SHEET = "bedrijven"


@dataclass(frozen=True)
class Column:
    """``value(farm, year)`` is the cell as a file holds it (text, whole number or None);
    ``numeric`` columns are right-aligned and shown with Dutch digit grouping on the page."""

    key: str
    header: str
    value: Callable[[RegistryFarm, int], Any]
    numeric: bool = False


def age(farm: RegistryFarm, year: int) -> int | None:
    """The farmer's age [years] in ``year`` (``year`` minus the birth year)."""
    born = farm.succession.farmer_birth_year
    return None if born is None else year - born


def _categories(farm: RegistryFarm) -> str:
    codes = dict.fromkeys(h.animal_category for h in farm.housings)
    return "; ".join(category_label(c) for c in codes)


COLUMNS: tuple[Column, ...] = (
    Column("ubn", "UBN", lambda f, _: f.ubn),
    Column("naam", "Naam", lambda f, _: f.name),
    Column("gemeente", "Gemeente", lambda f, _: f.municipality),
    Column("plaats", "Plaats", lambda f, _: f.location.place),
    Column("sector", "Sector", lambda f, _: SECTOR_LABELS[f.sector]),
    Column("geboortejaar", "Geboortejaar boer", lambda f, _: f.succession.farmer_birth_year, True),
    Column("leeftijd", "Leeftijd", age, True),
    Column("opvolger", "Opvolger", lambda f, _: SUCCESSOR_LABELS[f.succession.successor]),
    Column("voornemen", "Voornemen", lambda f, _: INTENT_LABELS[f.succession.intent]),
    Column("stopjaar", "Gepland stopjaar", lambda f, _: f.succession.planned_stop_year, True),
    Column("regeling", "Opkoopregeling", lambda f, _: f.succession.buyout_scheme),
    Column("diercategorieen", "Diercategorieën (Rav)", lambda f, _: _categories(f)),
    Column(
        "dierplaatsen", "Dierplaatsen", lambda f, _: sum(h.dierplaatsen for h in f.housings), True
    ),
    Column(
        "nh3",
        "Vergunde NH3 (kg/jaar)",
        lambda f, _: (
            None if f.permitted_nh3_kg_per_year is None else round(f.permitted_nh3_kg_per_year)
        ),
        True,
    ),
)
# the page leaves out what is long or repeated there (the export has every column)
PAGE_COLUMNS = tuple(c for c in COLUMNS if c.key not in ("geboortejaar", "diercategorieen"))


def rows(farms: Iterable[RegistryFarm], year: int) -> Iterable[list[Any]]:
    for farm in farms:
        yield [c.value(farm, year) for c in COLUMNS]


def to_csv(farms: Iterable[RegistryFarm], year: int) -> bytes:
    """UTF-8 CSV with a byte order mark (so Excel reads the accents), comma-separated; text that
    a spreadsheet would take for a formula gets a leading quote (:mod:`veekompas.csv_cells`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in rows(farms, year):
        writer.writerow(["" if v is None else quote_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _cell(ws: Any, value: Any, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = quote_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, never a formula
    if font:
        cell.font = font
    return cell


def to_xlsx(farms: Iterable[RegistryFarm], year: int) -> bytes:
    """One sheet ``bedrijven``: the header in bold and frozen, numbers as numbers."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    widths = [len(c.header) + 2 for c in COLUMNS]
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = max(width, 12)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([_cell(ws, c.header, bold) for c in COLUMNS])
    for row in rows(farms, year):
        ws.append([None if v is None else _cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
