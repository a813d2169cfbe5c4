"""The registry as an OGC GeoPackage 1.3 in RD New (EPSG:28992), written with the stdlib sqlite3.

Layer ``bedrijven``: one point per farm (column ``geom``) with the farm's fields; attribute
tables ``stallen``, ``dieren`` and ``gewassen`` with one row per housing, animal group and crop,
keyed by ``ubn``. The file has what the specification requires of a vector GeoPackage (the
application_id and user_version pragmas, gpkg_spatial_ref_sys with the three required rows and
EPSG:28992, gpkg_contents, gpkg_geometry_columns, geometries as GeoPackage binary: the 'GP'
header followed by a little-endian WKB point) and no extensions (no spatial index). Reading also
takes a file that GDAL wrote with the same layer and columns (any geometry column name, an
envelope in the header, either byte order). Problems name the table and the row id.

Reading is guarded, as the file is the user's: it is opened read-only and immutable
(``mode=ro&immutable=1``), with ``trusted_schema`` off, an authorizer that allows nothing but
reading the GeoPackage tables this module reads (no functions, no recursive queries, no writes,
so no view or trigger of the file runs) and a progress handler that stops after
``VEEKOMPAS_GPKG_READ_SECONDS``. The layer and attribute tables must be real tables (a view is
refused) and their rows are counted against ``VEEKOMPAS_IMPORT_MAX_RECORDS`` while they are read.

References
----------
OGC GeoPackage Encoding Standard 1.3.1 (OGC 12-128r18, 2021): clause 1.1.1.1 (application_id
0x47504B47 'GPKG', user_version 10300), 1.1.2 (gpkg_spatial_ref_sys, required rows 4326, -1, 0),
1.1.3 (gpkg_contents), 2.1.3 (geometry encoding, GeoPackageBinary header), 2.1.5
(gpkg_geometry_columns).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pyproj import CRS

from veekompas import __version__
from veekompas.domain.registry import RegistryFarm
from veekompas.errors import InputError
from veekompas.store.exchange.limits import ImportLimits, counted, resolved
from veekompas.store.exchange.records import (
    CHILD_MODELS,
    COLUMN_TYPES,
    FARM_FIELDS,
    ParseResult,
    Problem,
    Row,
    child_values,
    farm_records,
    parse_rows,
)

LAYER = "bedrijven"
TABLES = {"housing": "stallen", "animal": "dieren", "crop": "gewassen"}
GEOMETRY = "geom"
SRS_ID = 28992
APPLICATION_ID = 0x47504B47  # 'GPKG'
USER_VERSION = 10300  # GeoPackage 1.3.0
FARM_COLUMNS = tuple(f for f in FARM_FIELDS if f not in ("x_rd", "y_rd"))
SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE"}
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{n}" {SQL_TYPES[COLUMN_TYPES[n]]}' for n in names)


def _child_columns(record: str) -> tuple[str, ...]:
    return ("ubn", *CHILD_MODELS[record][0].model_fields)


def _insert(table: str, names: tuple[str, ...]) -> str:
    quoted = ", ".join(f'"{n}"' for n in names)
    return f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(names))})'


def _point_blob(x: float, y: float) -> bytes:
    """GeoPackageBinary: 'GP', version 0, flags 0b1 (little endian, no envelope), srs_id, WKB."""
    return b"GP" + struct.pack("<BBi", 0, 1, SRS_ID) + struct.pack("<BIdd", 1, 1, x, y)


def _point_xy(blob: bytes | None) -> tuple[float, float]:
    """x, y of a GeoPackageBinary point (either byte order, with or without an envelope)."""
    if blob is None:
        raise ValueError("no geometry")
    if not isinstance(blob, bytes) or len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None or flags & 0b10000:
        raise ValueError("empty geometry or unknown envelope")
    wkb = blob[8 + envelope :]
    order = "<" if wkb[:1] == b"\x01" else ">"
    (kind,) = struct.unpack_from(order + "I", wkb, 1)
    if kind % 1000 != 1 and kind & 0xFFFF != 1:  # ISO 1, 1001, 2001, 3001 and EWKB Z/M flags
        raise ValueError("not a point")
    return struct.unpack_from(order + "dd", wkb, 5)


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _create(db: sqlite3.Connection, farms: list[RegistryFarm]) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {USER_VERSION}")
    db.executescript(
        """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
          organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
          definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,
          data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
          srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL UNIQUE
          REFERENCES gpkg_contents(table_name), column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL REFERENCES gpkg_spatial_ref_sys(srs_id),
          z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
        """
    )
    undefined = "undefined"
    rd_new = CRS.from_epsg(SRS_ID).to_wkt("WKT1_GDAL")
    srs = [
        ("Undefined cartesian SRS", -1, "NONE", -1, undefined, "undefined cartesian coordinates"),
        ("Undefined geographic SRS", 0, "NONE", 0, undefined, "undefined geographic coordinates"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, CRS.from_epsg(4326).to_wkt("WKT1_GDAL"), None),
        ("Amersfoort / RD New", SRS_ID, "EPSG", SRS_ID, rd_new, None),
    ]
    db.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", srs)
    xs = [f.location.x_rd for f in farms]
    ys = [f.location.y_rd for f in farms]
    bounds = (min(xs), min(ys), max(xs), max(ys)) if farms else (None, None, None, None)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    note = f"veekompas {__version__}: bedrijvenregister"
    contents = [(LAYER, "features", LAYER, note, now, *bounds, SRS_ID)]
    blank = (None,) * 5
    contents += [(t, "attributes", t, note, now, *blank) for t in TABLES.values()]
    db.executemany("INSERT INTO gpkg_contents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", contents)
    geometry_column = (LAYER, GEOMETRY, SRS_ID)
    db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', ?, 0, 0)", geometry_column)
    db.execute(
        f'CREATE TABLE "{LAYER}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, "{GEOMETRY}" POINT, '
        f"{_columns(FARM_COLUMNS)}, UNIQUE (ubn))"
    )
    for record, table in TABLES.items():
        db.execute(
            f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, '
            f"{_columns(_child_columns(record))})"
        )


def farms_to_gpkg(farms: list[RegistryFarm]) -> bytes:
    """The GeoPackage as bytes (built in memory; the caller writes it to a file atomically)."""
    with closing(sqlite3.connect(":memory:")) as db:
        _create(db, farms)
        insert_farm = _insert(LAYER, (GEOMETRY, *FARM_COLUMNS))
        for farm in farms:
            top = next(farm_records(farm))
            blob = _point_blob(farm.location.x_rd, farm.location.y_rd)
            db.execute(insert_farm, (blob, *(_value(top[n]) for n in FARM_COLUMNS)))
            for record, items in child_values(farm).items():
                names = _child_columns(record)
                rows = [(farm.ubn, *(_value(c[n]) for n in names[1:])) for c in items]
                db.executemany(_insert(TABLES[record], names), rows)
        db.commit()
        return db.serialize()


# The tables a read may touch; the authorizer refuses every other table and every other action.
META_TABLES = ("sqlite_master", "gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys")
_PROGRESS_STEPS = 1_000  # SQLite virtual machine steps between two looks at the clock
MAX_VALUE_BYTES = 1024 * 1024  # one text or blob value (SQLITE_LIMIT_LENGTH); ours are short


def _authorizer(allowed: set[str]):  # type: ignore[no-untyped-def]
    """Allow SELECT and reading the ``allowed`` tables (lower case); deny the rest: functions,
    recursive queries, pragmas, attaching, writes, any other table (a view's or a trigger's)."""

    def check(action: int, arg1: str | None, arg2: str | None, db: str | None, _: str | None):
        if action == sqlite3.SQLITE_SELECT:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and db == "main" and (arg1 or "").lower() in allowed:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 == "table_xinfo":
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    return check


def _guard(db: sqlite3.Connection, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    db.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
    db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    db.execute("PRAGMA trusted_schema = OFF")  # no SQL functions in the schema's expressions
    # the schema is parsed (not run) here, before the authorizer, which would refuse its reads
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    db.set_authorizer(_authorizer({*META_TABLES, LAYER, *TABLES.values()}))


def _check_table(db: sqlite3.Connection, name: str) -> None:
    """Only a real table is read: a view (or a virtual table) could run anything."""
    found = db.execute(
        "SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE", (name,)
    ).fetchone()
    if found is None:
        raise InputError("FILE", f"no table '{name}' in this GeoPackage")
    kind, sql = found
    if kind != "table" or str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
        shown = "a view" if kind == "view" else "a virtual table" if kind == "table" else kind
        raise InputError("FILE", f"'{name}' is {shown}; a GeoPackage is read from tables only")


def _stored_columns(db: sqlite3.Connection, table: str, wanted: set[str]) -> str:
    """The ``wanted`` columns the table has, quoted: other columns are not read, nor is a
    generated column (computed when read, with any function)."""
    info = db.execute(f'PRAGMA table_xinfo("{table}")').fetchall()  # cid, name, ..., hidden
    names = [str(row[1]) for row in info if row[-1] == 0 and str(row[1]) in wanted]
    return ", ".join(['rowid AS "__rowid"', *('"' + n.replace('"', '""') + '"' for n in names)])


def _table_rows(
    db: sqlite3.Connection, table: str, wanted: set[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    _check_table(db, table)
    columns = _stored_columns(db, table, wanted)
    cursor = db.execute(f'SELECT {columns} FROM "{table}" ORDER BY rowid')
    names = [d[0] for d in cursor.description]
    for raw in cursor:
        values = dict(zip(names, raw, strict=True))
        yield values.pop("__rowid"), values


def _rows(db: sqlite3.Connection) -> Iterator[Row]:
    for table in META_TABLES[1:]:
        _check_table(db, table)
    found = db.execute(
        "SELECT g.column_name, s.organization, s.organization_coordsys_id "
        "FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s USING (srs_id) "
        "WHERE g.table_name = ?",
        (LAYER,),
    ).fetchone()
    if found is None:
        raise InputError("FILE", f"no point layer '{LAYER}' in this GeoPackage")
    geometry, organization, code = found
    if (str(organization).upper(), code) != ("EPSG", SRS_ID):
        crs = f"{organization}:{code}"
        raise InputError("FILE", f"layer '{LAYER}' is in {crs}; it must be in EPSG:{SRS_ID}")
    unit = f"{LAYER} row"
    for number, values in _table_rows(db, LAYER, {geometry, *FARM_COLUMNS}):
        blob = values.pop(geometry, None)
        try:
            values["x_rd"], values["y_rd"] = _point_xy(blob)
        except (ValueError, TypeError, struct.error) as exc:
            problem = Problem(number, geometry, "", f"must be a point ({exc})", unit)
            yield Row("farm", values, number, unit, problems=(problem,), reported=("x_rd", "y_rd"))
            continue
        yield Row("farm", values, number, unit)
    present = {r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")}
    for record, table in TABLES.items():
        if table in present:
            for number, values in _table_rows(db, table, set(_child_columns(record))):
                yield Row(record, values, number, f"{table} row")


def _read(path: Path, lim: ImportLimits) -> list[Row]:
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        _guard(db, lim.gpkg_seconds)
        try:
            return list(counted(_rows(db), lim.max_records))
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise InputError(
                    "FILE",
                    f"reading the GeoPackage took more than {lim.gpkg_seconds:g} s (setting "
                    "VEEKOMPAS_GPKG_READ_SECONDS)",
                ) from None
            if "not authorized" in str(exc) or "prohibited" in str(exc):
                raise InputError(
                    "FILE", f"the GeoPackage asks for more than reading its tables ({exc})"
                ) from None
            raise


def parse_gpkg(data: bytes, bounds: ImportLimits | None = None) -> ParseResult:
    """Validate every farm and every row of the attribute tables; see records.parse_rows."""
    if data[:16] != b"SQLite format 3\x00":
        raise InputError("FILE", "not a GeoPackage (no SQLite database)")
    if data[18:20] == b"\x02\x02":  # a WAL-mode file: read it as a rollback-journal one
        data = data[:18] + b"\x01\x01" + data[20:]
    with tempfile.TemporaryDirectory(prefix="veekompas-gpkg-") as directory:
        path = Path(directory) / "import.gpkg"
        path.write_bytes(data)
        try:
            rows = _read(path, resolved(bounds))
        except sqlite3.DatabaseError as exc:
            raise InputError("FILE", f"not a readable GeoPackage ({exc})") from None
    return parse_rows(rows)
