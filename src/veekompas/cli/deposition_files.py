"""The work of `veekompas deposition run` (cli/deposition.py): reading the CSV files of sources
and receptors, running the NH3 screening model, writing the result. Imported only by that
command, as it loads numba and the plume code."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import numpy as np
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from veekompas.calc.deposition import (
    LABEL,
    DepositionResult,
    Receptors,
    Sources,
    concat_sources,
    deposition,
    make_receptors,
    point_sources,
    rectangle_sources,
)
from veekompas.cli.common import err, fail, say, write_atomically
from veekompas.csv_cells import quote_cell
from veekompas.errors import InputError
from veekompas.format_nl import count, number

POINT_COLUMNS = ("x_rd", "y_rd")
RECTANGLE_COLUMNS = ("xmin_rd", "ymin_rd", "xmax_rd", "ymax_rd")
SOURCE_COLUMNS = ("emission_height_m", "spread_m", "nh3_kg_per_year")


def _rows(path: Path, what: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(what, f"cannot read {path}: {exc.__class__.__name__}") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, list(reader)


def _column(rows, name: str, ids: list[str], what: str) -> np.ndarray:
    values = np.empty(len(rows))
    for i, row in enumerate(rows):
        cell = (row.get(name) or "").strip()
        try:
            values[i] = float(cell)
        except ValueError:
            raise InputError(
                name, f"{what} row {i + 2} (id {ids[i]}): {cell!r} is not a number"
            ) from None
    return values


def _ids(header: list[str], rows, what: str) -> list[str]:
    key = next((k for k in ("id", f"{what[:-1]}_id") if k in header), None)
    if key is None:
        raise InputError("id", f"{what} file needs an 'id' column; columns are {header}")
    ids = [(r.get(key) or "").strip() for r in rows]
    if any(not i for i in ids):
        raise InputError("id", f"{what} row {ids.index('') + 2}: empty id")
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError("id", f"{what}: id {dup!r} occurs more than once")
    return ids


def read_sources(path: Path) -> Sources:
    """Sources CSV: id, x_rd, y_rd (point) or xmin_rd, ymin_rd, xmax_rd, ymax_rd (rectangle),
    emission_height_m, spread_m, nh3_kg_per_year; a file may mix points and rectangles."""
    header, rows = _rows(path, "sources")
    if not rows:
        raise InputError("sources", f"{path} holds no sources")
    ids = _ids(header, rows, "sources")
    missing = [c for c in SOURCE_COLUMNS if c not in header]
    has_point = all(c in header for c in POINT_COLUMNS)
    has_rect = all(c in header for c in RECTANGLE_COLUMNS)
    if missing or not (has_point or has_rect):
        need = ", ".join(SOURCE_COLUMNS)
        raise InputError(
            "sources",
            f"columns needed: id, x_rd, y_rd or xmin_rd, ymin_rd, xmax_rd, ymax_rd, and {need}; "
            f"found {', '.join(header)}",
        )
    h, s, e = (_column(rows, c, ids, "sources") for c in SOURCE_COLUMNS)
    is_rect = np.array(
        [has_rect and bool((r.get("xmin_rd") or "").strip()) for r in rows], dtype=bool
    )
    parts = []
    if is_rect.any():
        idx = np.flatnonzero(is_rect)
        sub = [rows[i] for i in idx]
        sub_ids = [ids[i] for i in idx]
        bounds = [_column(sub, c, sub_ids, "sources") for c in RECTANGLE_COLUMNS]
        parts.append(rectangle_sources(sub_ids, *bounds, h[idx], s[idx], e[idx]))
    if (~is_rect).any():
        if not has_point:
            raise InputError("xmin_rd", "sources: a row without rectangle bounds needs x_rd, y_rd")
        idx = np.flatnonzero(~is_rect)
        sub = [rows[i] for i in idx]
        sub_ids = [ids[i] for i in idx]
        xy = [_column(sub, c, sub_ids, "sources") for c in POINT_COLUMNS]
        parts.append(point_sources(sub_ids, *xy, h[idx], s[idx], e[idx]))
    return concat_sources(parts)


def read_receptors(path: Path) -> Receptors:
    """Receptors CSV: id, x_rd, y_rd (RD New, m)."""
    header, rows = _rows(path, "receptors")
    if not rows:
        raise InputError("receptors", f"{path} holds no receptors")
    ids = _ids(header, rows, "receptors")
    for c in POINT_COLUMNS:
        if c not in header:
            raise InputError(c, f"receptors file needs columns id, x_rd, y_rd; found {header}")
    x, y = (_column(rows, c, ids, "receptors") for c in POINT_COLUMNS)
    return make_receptors(ids, x, y)


def result_csv(result: DepositionResult, receptors: Receptors) -> bytes:
    """One row per receptor; every row carries the label."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["receptor_id", "x_rd", "y_rd", "deposition_mol_n_per_ha_year", "opmerking"])
    for rid, x, y, dep in zip(
        result.receptor_ids,
        receptors.x_m,
        receptors.y_m,
        result.deposition_mol_n_per_ha_year,
        strict=True,
    ):
        writer.writerow(
            [quote_cell(str(rid), numeric_text=True), f"{x:.3f}", f"{y:.3f}", f"{dep:.6g}", LABEL]
        )
    return buf.getvalue().encode("utf-8")


def run_deposition(sources: Path, receptors: Path, out_file: Path, cutoff_km: float) -> None:
    """Compute, write ``out_file`` and print the summary (stdout); progress goes to stderr."""
    try:
        if not (np.isfinite(cutoff_km) and 0 < cutoff_km <= 100):
            raise InputError("cutoff_km", f"{cutoff_km:g} is not a distance of 0-100 km")
        if not out_file.parent.is_dir():
            raise InputError("out", f"folder {out_file.parent} does not exist")
        src = read_sources(sources)
        rec = read_receptors(receptors)
        started = time.perf_counter()
        with Progress(
            TextColumn("depositie"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} rekenpunten"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("depositie", total=len(rec))
            result = deposition(
                src,
                rec,
                cutoff_m=cutoff_km * 1000,
                chunk_size=2048,
                progress=lambda n: bar.advance(task, n),
            )
        write_atomically(out_file, result_csv(result, rec))
    except InputError as exc:
        fail(exc)
    seconds = time.perf_counter() - started
    highest = float(result.deposition_mol_n_per_ha_year.max()) if len(rec) else 0.0
    say(
        f"{count(len(src), 'bron', 'bronnen')} x {count(len(rec), 'rekenpunt', 'rekenpunten')} "
        f"({count(result.pairs_evaluated, 'paar', 'paren')} binnen {_km(cutoff_km)} km) in "
        f"{number(seconds, 1)} s; hoogste depositie {_significant(highest)} mol N/ha/jaar"
    )
    say(f"Geschreven: {out_file}")
    say(f"Let op: {LABEL}.")
    if result.unverified:
        tables = sorted({f"{u.table} {u.code}" for u in result.unverified})
        say("Onzeker (unverified): " + ", ".join(tables))


def _km(value: float) -> str:
    """``25.0`` -> ``'25'``, ``2.5`` -> ``'2,5'``."""
    return f"{value:g}".replace(".", ",")


def _significant(value: float) -> str:
    """Four significant digits in Dutch notation: ``0.012345`` -> ``'0,01235'``."""
    if value == 0:
        return "0"
    decimals = max(0, 3 - int(np.floor(np.log10(abs(value)))))
    return number(value, decimals)
