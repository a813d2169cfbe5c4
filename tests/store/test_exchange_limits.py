"""Bounded imports: every format counts records while it reads and stops at the limit with one
line naming the limit and its setting (a million-row CSV, a 200,000-row XLSX of under a MB),
with little memory; XLSX unpacked size, the file size, a capped problem report; and a
GeoPackage that is read from real tables only, with an authorizer and a time budget."""

from __future__ import annotations

import io
import sqlite3
import tracemalloc
import zipfile
from contextlib import closing

import pytest
from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.errors import InputError
from veekompas.store.exchange import (
    KEPT_PROBLEMS,
    ImportLimits,
    dump,
    farms_to_gpkg,
    farms_to_xlsx,
    parse,
    parse_gpkg,
)
from veekompas.store.exchange.geojson import _features
from veekompas.store.exchange.gpkg import _guard

MB = 1024 * 1024
TOO_MANY = (
    "FILE: more than {n} records (farm, housing, animal and crop rows); at most {n} are imported "
    "at once (setting VEEKOMPAS_IMPORT_MAX_RECORDS): split the file, e.g. per gemeente"
)
runner = CliRunner()


def refused_with_peak(data: bytes, fmt: str, bounds: ImportLimits | None = None):
    """The InputError of parsing ``data`` and the peak of Python memory while parsing [MB]."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            parse(data, fmt, bounds)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    return str(err.value), peak


def million_row_csv() -> bytes:
    return b"record,ubn,name\n" + b"farm,1234567,Boer\n" * 1_000_000


def xlsx_with_rows(n: int) -> bytes:
    """A workbook whose sheet has ``n`` rows of one cell under the header, written as XML
    directly (a fraction of a second; about 0.1 MB zipped for 200,000 rows)."""
    template = zipfile.ZipFile(io.BytesIO(farms_to_xlsx([])))
    sheet = next(p for p in template.namelist() if p.startswith("xl/worksheets/sheet"))
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>farm</t></is></c></row>' % (i, i)
        for i in range(2, n + 2)
    )
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>record</t></is></c></row>'
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>' + header + rows + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part in template.namelist():
            z.writestr(part, xml if part == sheet else template.read(part))
    return out.getvalue()


# --- records counted while reading ----------------------------------------------------------


def test_a_million_row_csv_is_refused_at_the_limit_with_little_memory():
    data = million_row_csv()
    assert 15 * MB < len(data) < 20 * MB  # under the upload limit: the row limit refuses it
    message, peak = refused_with_peak(data, "csv")
    assert message == TOO_MANY.format(n=100_000)
    assert peak < 300 - len(data) / MB  # (the case took 7.8 GB) - besides the file


def test_a_small_xlsx_of_200_000_rows_is_refused_before_openpyxl_reads_its_cells():
    data = xlsx_with_rows(200_000)
    assert len(data) < MB
    message, peak = refused_with_peak(data, "xlsx")
    assert message == TOO_MANY.format(n=100_000)
    assert peak < 300  # the 0.78 MB XLSX took 3.5 GB


def test_an_xlsx_at_the_limit_is_read():
    parsed = parse(xlsx_with_rows(1_000), "xlsx", ImportLimits(max_records=1_000))
    assert len(parsed.problems) == 1 and parsed.problems[0].field == "header"  # no ubn column


def test_an_xlsx_that_unpacks_past_the_limit_is_refused():
    data = xlsx_with_rows(50_000)  # about 3.5 MB of sheet XML
    with pytest.raises(InputError) as err:
        parse(data, "xlsx", ImportLimits(max_unpacked_bytes=MB))
    assert str(err.value).startswith("FILE: the workbook unpacks to ")
    assert str(err.value).endswith(
        ", more than the 1.0 MB an import may unpack (setting VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES)"
        ": split the file, e.g. per gemeente"
    )


def test_an_xlsx_row_number_far_past_excel_is_not_walked_to():
    data = xlsx_with_rows(1).replace(b'<row r="2"><c r="A2"', b'<row r="999999999"><c r="A9"')
    parsed = parse(data, "xlsx")  # openpyxl would yield 10^9 empty rows without max_row
    assert parsed.farms == []


def collection(*features: bytes) -> bytes:
    return b'{"type": "FeatureCollection", "features": [' + b",".join(features) + b"]}"


def test_a_geojson_past_the_limit_is_refused_while_streaming():
    feature = b'{"type": "Feature", "geometry": null, "properties": {}}'
    data = collection(*[feature] * 3_000)
    message, peak = refused_with_peak(data, "geojson", ImportLimits(max_records=1_000))
    assert message == TOO_MANY.format(n=1_000) and peak < 50
    animals = b",".join([b"{}"] * 2_000)
    nested = b'{"type": "Feature", "properties": {"animals": [' + animals + b"]}}"
    with pytest.raises(InputError) as err:
        parse(collection(nested), "geojson", ImportLimits(max_records=1_000))
    assert str(err.value) == TOO_MANY.format(n=1_000)  # nested records count too


def test_a_geojson_of_many_empty_objects_is_refused_by_its_json_containers():
    junk = b'{"type": "Feature", "properties": {"x": [' + b",".join([b"[]"] * 20_000) + b"]}}"
    with pytest.raises(InputError) as err:
        parse(collection(junk), "geojson", ImportLimits(max_records=1_000))
    assert str(err.value) == TOO_MANY.format(n=1_000)


def geopackage(statements: list[str], farms=None) -> bytes:
    """Our own export of one farm, then ``statements`` run on it."""
    with closing(sqlite3.connect(":memory:")) as db:
        db.deserialize(farms_to_gpkg(farms or [farm("930001")]))
        for sql in statements:
            db.execute(sql)
        db.commit()
        return db.serialize()


MANY_BARNS = (
    "INSERT INTO stallen (ubn, stalsysteem_code, animal_category, dierplaatsen) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15000) "
    "SELECT '930001', 'A4.100', 'vleeskalveren', 10 FROM n"
)


def test_a_geopackage_past_the_limit_is_refused_while_its_rows_are_read():
    data = geopackage([MANY_BARNS])
    message, peak = refused_with_peak(data, "gpkg", ImportLimits(max_records=10_000))
    assert message == TOO_MANY.format(n=10_000)
    assert peak < 300


def test_a_file_larger_than_the_import_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "groot.csv"
    path.write_bytes(million_row_csv())
    env = {"VEEKOMPAS_IMPORT_MAX_BYTES": str(MB), "VEEKOMPAS_DATABASE_URL": "sqlite://"}
    result = runner.invoke(app, ["farms", "import", str(path)], env=env)
    assert (result.exit_code, result.stderr) == (
        2,
        "fout: FILE: 17,2 MB is groter dan de 1,0 MB die een import mag zijn (instelling "
        "VEEKOMPAS_IMPORT_MAX_BYTES). Splits het bestand op, bijvoorbeeld per gemeente.\n",
    )
    with pytest.raises(InputError, match="VEEKOMPAS_IMPORT_MAX_BYTES"):
        parse(b"x" * 2_000, "csv", ImportLimits(max_bytes=1_000))


def test_the_cli_refuses_a_million_rows_in_one_line(tmp_path):
    path = tmp_path / "miljoen.csv"
    path.write_bytes(million_row_csv())
    env = {"VEEKOMPAS_IMPORT_MAX_RECORDS": "5000", "VEEKOMPAS_DATABASE_URL": "sqlite://"}
    result = runner.invoke(app, ["farms", "import", str(path)], env=env)
    assert (result.exit_code, result.stderr) == (
        2,
        "fout: FILE: het bestand heeft meer dan 5.000 rijen (bedrijven, stallen, dieren en "
        "gewassen); er worden er hoogstens 5.000 tegelijk geïmporteerd (instelling "
        "VEEKOMPAS_IMPORT_MAX_RECORDS). Splits het bestand op, bijvoorbeeld per gemeente.\n",
    )


# --- the problem report is capped ------------------------------------------------------------


def bad_csv(n: int) -> bytes:
    """``n`` farm rows, each with a bad UBN; every tenth also a bad sector."""
    head = dump([farm("930001")], "csv").split(b"\n")[0]
    row = dump([farm("930001")], "csv").split(b"\n")[1]
    rows = [row.replace(b"930001", b"x%d" % i, 1) for i in range(n)]
    rows = [r.replace(b",overig,", b",geit,") if i % 10 == 0 else r for i, r in enumerate(rows)]
    return head + b"\n" + b"\n".join(rows) + b"\n"


def test_the_cli_lists_100_problems_then_counts_the_rest_per_field(migrated_sqlite_url, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_bytes(bad_csv(150))
    env = {"VEEKOMPAS_DATABASE_URL": migrated_sqlite_url}
    result = runner.invoke(app, ["farms", "import", str(path)], env=env)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) == 102
    assert lines[0] == "fout: rij 2, ubn = 'x0': moet 1 tot 10 cijfers zijn"
    assert lines[100] == "fout: en nog 65 problemen (ubn 59, sector 6)"
    assert lines[101] == "fout: FILE: 165 problemen; niets geïmporteerd"


def test_a_parse_keeps_the_first_problems_and_counts_the_others():
    parsed = parse(bad_csv(3_000), "csv")
    assert len(parsed.problems) == KEPT_PROBLEMS
    assert parsed.problem_count == 3_300
    assert sum(parsed.unlisted.values()) == 3_300 - KEPT_PROBLEMS
    assert set(parsed.unlisted) == {"ubn", "sector"}


# --- GeoPackage: tables only, nothing but reads, a time budget ------------------------------

RECURSIVE = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"


def test_a_geopackage_whose_layer_is_a_recursive_view_is_refused_at_once():
    data = geopackage(
        [
            "ALTER TABLE bedrijven RENAME TO echt",
            f"CREATE VIEW bedrijven AS {RECURSIVE} SELECT echt.* FROM n, echt",  # never ends
        ]
    )
    with pytest.raises(InputError) as err:
        parse_gpkg(data)
    assert str(err.value) == "FILE: 'bedrijven' is a view; a GeoPackage is read from tables only"


@pytest.mark.parametrize("table", ["gpkg_contents", "gpkg_geometry_columns", "stallen"])
def test_a_geopackage_with_another_table_as_a_view_is_refused(table):
    data = geopackage([f"ALTER TABLE {table} RENAME TO echt", f"CREATE VIEW {table} AS "
                       f"{RECURSIVE} SELECT echt.* FROM n, echt"])  # fmt: skip
    with pytest.raises(InputError) as err:
        parse_gpkg(data)
    assert str(err.value) == f"FILE: '{table}' is a view; a GeoPackage is read from tables only"


def test_triggers_in_a_geopackage_never_run():
    """A trigger runs only on a write, and the reader cannot write (read-only, immutable, the
    authorizer allows reads only): a file with triggers on every table reads normally. (GDAL
    writes triggers into every GeoPackage, so a trigger alone is no reason to refuse one.)"""
    triggers = [
        f"CREATE TRIGGER t_{table}_{when} {when} INSERT ON {table} BEGIN "
        f"INSERT INTO gpkg_contents (table_name, data_type) {RECURSIVE} SELECT i, 'x' FROM n; END"
        for table in ("bedrijven", "stallen", "dieren", "gewassen", "gpkg_contents")
        for when in ("BEFORE", "AFTER")
    ]
    parsed = parse_gpkg(geopackage(triggers))
    assert parsed.problems == [] and parsed.farms == [farm("930001")]


def test_the_guarded_connection_only_reads_the_expected_tables(tmp_path):
    path = tmp_path / "a.gpkg"
    path.write_bytes(geopackage(["CREATE TABLE geheim (x)"]))
    with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as db:
        _guard(db, seconds=10)
        assert db.execute("SELECT ubn FROM stallen").fetchall() == [("930001",)]
        for sql in (
            "SELECT * FROM geheim",
            "INSERT INTO stallen (ubn) VALUES ('1')",
            f"{RECURSIVE} SELECT i FROM n LIMIT 1",
            "SELECT printf('%.*c', 1000000000, 'x')",
            "PRAGMA writable_schema = ON",
            "ATTACH DATABASE ':memory:' AS other",
        ):
            with pytest.raises(
                sqlite3.DatabaseError, match=r"not authorized|prohibited|too many attached"
            ):
                db.execute(sql)


def test_a_generated_column_is_not_computed():
    heavy = "printf('%.*c', 1000000000, 'x')"  # 1 GB, computed on every read
    data = geopackage([f"ALTER TABLE stallen ADD COLUMN zwaar TEXT AS ({heavy}) VIRTUAL"])
    parsed = parse_gpkg(data)  # the column is left out; the farm reads as before
    assert parsed.problems == [] and parsed.farms == [farm("930001")]


def test_reading_a_geopackage_stops_after_its_time_budget():
    data = geopackage([MANY_BARNS])
    with pytest.raises(InputError) as err:
        parse_gpkg(data, ImportLimits(gpkg_seconds=1e-6))
    assert str(err.value) == (
        "FILE: reading the GeoPackage took more than 1e-06 s (setting VEEKOMPAS_GPKG_READ_SECONDS)"
    )


def test_a_geojson_keeps_only_the_keys_of_the_registry():
    """Unknown keys are skipped as they stream by, so they cost no memory; values are counted
    against the records (40 per record) and nesting is bounded."""
    junk = b",".join(b'"k%d": [1, 2, 3]' % i for i in range(20_000))
    feature = (
        b'{"type": "Feature", "junk": {' + junk + b'}, "geometry": {"type": "Point", '
        b'"coordinates": [5.6, 52.1], "extra": [' + b"0," * 5_000 + b'0]}, "properties": '
        b'{"ubn": "930001", "name": "Boer", "municipality": "Ede", "unknown": {' + junk + b"}}}"
    )
    (read,) = _features(collection(feature), ImportLimits())
    assert set(read) == {"type", "geometry", "properties"}
    assert read["geometry"] == {"type": "Point", "coordinates": [5.6, 52.1]}
    assert read["properties"] == {"ubn": "930001", "name": "Boer", "municipality": "Ede"}
    assert parse(collection(feature), "geojson").problems == []
    many = b'{"type": "Feature", "properties": {"name": [' + b"1," * 1_000 + b"1]}}"
    with pytest.raises(InputError) as err:
        parse(collection(many), "geojson", ImportLimits(max_records=10))
    assert str(err.value) == TOO_MANY.format(n=10)  # 1,001 values for one record
    deep = b'{"type": "Feature", "properties": {"name": ' + b"[" * 30 + b"]" * 30 + b"}}"
    with pytest.raises(InputError) as err:
        parse(collection(deep), "geojson")
    assert str(err.value) == "FILE: JSON nested deeper than 20 levels"


def test_a_wide_csv_keeps_only_the_layout_columns():
    extra = 50_000
    header = b"record,ubn," + b",".join(b"x%d" % i for i in range(extra))
    rows = b"".join(b"farm,%d" % i + b"," * extra + b"\n" for i in range(100))
    data = header + b"\n" + rows  # 5.6 MB: 5 million cells, two of them per row in the layout
    tracemalloc.start()
    try:
        parsed = parse(data, "csv")
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    # name, x_rd and y_rd missing on every row (the municipality would follow from the location)
    assert len(parsed.problems) == 300
    assert peak < 100  # every cell kept would take some 400 MB
