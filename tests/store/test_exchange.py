"""Registry exchange in every format (CSV, XLSX, GeoJSON, GeoPackage): round trips (property
tests), validate-all-first with --skip-invalid, upsert idempotency, and the CLI's format choice."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from registry_strategies import farm_lists
from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.cli.common import write_atomically
from veekompas.reasons_nl import dutch_unit
from veekompas.store.db import make_engine, session_factory
from veekompas.store.exchange import FORMATS, dump, import_farms, parse, parse_csv
from veekompas.store.farms import FarmRepository

runner = CliRunner()
EXT = {"csv": ".csv", "xlsx": ".xlsx", "geojson": ".geojson", "gpkg": ".gpkg"}


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url, "COLUMNS": "200"})


def content(data: bytes, fmt: str):
    """What a file says: its bytes for the text formats, every cell of an XLSX sheet, every row
    of every GeoPackage table (the export time in gpkg_contents.last_change left out)."""
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return [[(c.value, c.number_format) for c in row] for row in wb.active.iter_rows()]
    if fmt == "gpkg":
        with closing(sqlite3.connect(":memory:")) as db:
            db.deserialize(data)
            db.execute("UPDATE gpkg_contents SET last_change = ''")
            return list(db.iterdump())
    return data


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(farms=farm_lists)
def test_export_then_parse_gives_the_same_farms(fmt, farms):
    parsed = parse(dump(farms, fmt), fmt)
    assert parsed.problems == []
    assert parsed.farms == farms


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(farms=farm_lists)
def test_export_import_into_an_empty_registry_export_is_identical(fmt, farms, migrated_sqlite_url):
    farms = sorted(farms, key=lambda f: f.ubn)  # the registry exports in UBN order
    first = dump(farms, fmt)
    engine = make_engine(migrated_sqlite_url)
    try:
        with session_factory(engine)() as session:
            repo = FarmRepository(session, "test")
            report = import_farms(repo, parse(first, fmt))
            assert report.written and report.created == [f.ubn for f in farms]
            again = dump(list(repo.iter_all()), fmt)
            session.rollback()  # the registry is empty again for the next example
    finally:
        engine.dispose()
    assert content(again, fmt) == content(first, fmt)


GOOD, BAD = farm("900001"), farm("900002")


def _tamper_csv(data: bytes) -> bytes:
    lines = data.decode().splitlines(keepends=True)
    lines[5] = lines[5].replace(",blijver,", ",misschien,")
    lines[7] = lines[7].replace(",390,", ",-3,")
    return "".join(lines).encode()


def _tamper_xlsx(data: bytes) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    header = [c.value for c in ws[1]]
    ws.cell(6, header.index("intent") + 1, "misschien")
    ws.cell(8, header.index("count") + 1, -3.0)  # Excel hands numbers back as floats
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _tamper_geojson(data: bytes) -> bytes:
    doc = json.loads(data)
    doc["features"][1]["properties"]["intent"] = "misschien"
    doc["features"][1]["properties"]["animals"][0]["count"] = -3
    return json.dumps(doc).encode()


def _tamper_gpkg(data: bytes) -> bytes:
    with closing(sqlite3.connect(":memory:")) as db:
        db.deserialize(data)
        db.execute("UPDATE bedrijven SET intent = 'misschien' WHERE ubn = '900002'")
        db.execute("UPDATE dieren SET count = -3 WHERE ubn = '900002'")
        db.commit()
        return db.serialize()


BAD_FILES = {
    "csv": (_tamper_csv, {("row", 6, "intent", "misschien"), ("row", 8, "count", "-3")}),
    "xlsx": (_tamper_xlsx, {("row", 6, "intent", "misschien"), ("row", 8, "count", "-3")}),
    "geojson": (
        _tamper_geojson,
        {("feature", 1, "intent", "misschien"), ("feature", 1, "animals[0].count", "-3")},
    ),
    "gpkg": (
        _tamper_gpkg,
        {("bedrijven row", 2, "intent", "misschien"), ("dieren row", 2, "count", "-3")},
    ),
}


def bad_file(fmt: str) -> bytes:
    return BAD_FILES[fmt][0](dump([GOOD, BAD], fmt))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_bad_file_reports_place_field_value_and_reason_of_every_problem(fmt):
    parsed = parse(bad_file(fmt), fmt)
    assert {(p.unit, p.row, p.field, p.value) for p in parsed.problems} == BAD_FILES[fmt][1]
    reasons = {p.field.rsplit(".")[-1]: p.reason for p in parsed.problems}
    assert reasons["intent"].startswith("Input should be 'stopper', 'blijver' or 'onbekend'")
    assert reasons["count"] == "Input should be greater than or equal to 0"
    assert parsed.farms == [GOOD]
    assert parsed.skipped_ubns == ["900002"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_import_writes_nothing_on_problems_unless_skip_invalid(fmt, migrated_sqlite_url, tmp_path):
    path = tmp_path / f"farms{EXT[fmt]}"
    path.write_bytes(bad_file(fmt))
    refused = cli(migrated_sqlite_url, "farms", "import", str(path))
    assert refused.exit_code == 2
    unit, row, field, value = sorted(BAD_FILES[fmt][1])[-1]
    assert f"fout: {dutch_unit(unit)} {row}, {field} = {value!r}: " in refused.stderr
    assert refused.stderr.endswith("fout: FILE: 2 problemen; niets geïmporteerd\n")
    assert "9000" not in cli(migrated_sqlite_url, "farms", "list").stdout
    partial = cli(migrated_sqlite_url, "farms", "import", str(path), "--skip-invalid")
    assert partial.exit_code == 0, partial.stderr
    assert "nieuw 1, bijgewerkt 0, ongewijzigd 0, overgeslagen 1 (900002)" in partial.stderr
    listed = cli(migrated_sqlite_url, "farms", "list").stdout
    assert "900001" in listed and "900002" not in listed


BAD_ROWS = """\
record,ubn,name,municipality,x_rd,y_rd,intent,stalsysteem_code,animal_category,dierplaatsen,\
category,count,counted_on
farm,900001,Goed,Ede,172000,460000,blijver,,,,,,
housing,900001,,,,,,A4.100,vleeskalveren,300,,,
farm,900002,Fout,Ede,172000,460000,misschien,,,,,,
animal,900002,,,,,,,,,vleeskalveren,-3,2026-04-01
housing,900003,,,,,,A4.100,vleeskalveren,10,,,
bestand,900001,,,,,,,,,,,
"""


def test_csv_rows_without_a_farm_and_unknown_record_types_are_problems():
    parsed = parse_csv(BAD_ROWS)
    found = {(p.row, p.field, p.value) for p in parsed.problems}
    assert found == {
        (4, "intent", "misschien"),
        (5, "count", "-3"),
        (0, "ubn", "900003"),
        (7, "record", "bestand"),
    }
    assert parsed.farms == []
    assert sorted(parsed.skipped_ubns) == ["900001", "900002"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_import_is_idempotent_and_upserts(fmt, database_url, sessions, tmp_path):
    with sessions() as s:
        repo = FarmRepository(s, "admin")
        repo.add(farm("910001"))
        repo.add(farm("910002", municipality="Ede"))
        s.commit()
    path = tmp_path / f"export{EXT[fmt]}"
    exported = cli(database_url, "farms", "export", str(path))
    assert exported.exit_code == 0, exported.stderr
    assert exported.stderr == f"2 bedrijven geschreven naar {path} ({fmt})\n"
    again = cli(database_url, "farms", "import", str(path))
    assert "nieuw 0, bijgewerkt 0, ongewijzigd 2" in again.stderr
    farms = [
        f.model_copy(update={"name": "Nieuwe naam"}) if f.ubn == "910002" else f
        for f in parse(path.read_bytes(), fmt).farms
    ]
    path.write_bytes(dump(farms, fmt))
    changed = cli(database_url, "farms", "import", str(path))
    assert "nieuw 0, bijgewerkt 1, ongewijzigd 1" in changed.stderr
    with sessions() as s:
        assert FarmRepository(s, "x").get("910002").name == "Nieuwe naam"


def test_format_option_overrides_the_extension(migrated_sqlite_url, sessions_sqlite, tmp_path):
    path = tmp_path / "register.txt"
    assert (
        cli(migrated_sqlite_url, "farms", "export", str(path), "--format", "geojson").exit_code == 0
    )
    assert json.loads(path.read_text())["features"][0]["properties"]["ubn"] == "920001"
    imported = cli(migrated_sqlite_url, "farms", "import", str(path), "--format", "GeoJSON")
    assert "ongewijzigd 1" in imported.stderr


@pytest.fixture
def sessions_sqlite(migrated_sqlite_url):
    engine = make_engine(migrated_sqlite_url)
    with session_factory(engine)() as s:
        FarmRepository(s, "admin").add(farm("920001"))
        s.commit()
    yield
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["farms", "export", "x.txt"],
            "fout: FILE: extensie '.txt' is geen bekend formaat; gebruik .csv, .xlsx, .geojson, "
            ".json, .gpkg of --format csv|xlsx|geojson|gpkg\n",
        ),
        (
            ["farms", "import", "x"],
            "fout: FILE: geen extensie is geen bekend formaat; gebruik .csv, .xlsx, .geojson, "
            ".json, .gpkg of --format csv|xlsx|geojson|gpkg\n",
        ),
        (
            ["farms", "import", "x.csv", "--format", "shp"],
            "fout: --format: onbekend formaat 'shp'; toegestaan: csv|xlsx|geojson|gpkg\n",
        ),
    ],
)
def test_unknown_formats_are_one_line_errors(migrated_sqlite_url, args, message):
    result = cli(migrated_sqlite_url, *args)
    assert (result.exit_code, result.stderr) == (2, message)


@pytest.mark.parametrize(
    ("fmt", "data", "message"),
    [
        ("xlsx", b"PK\x03\x04 not a zip", "fout: FILE: geen XLSX-werkboek (BadZipFile)\n"),
        ("gpkg", b"just text", "fout: FILE: geen GeoPackage (geen SQLite-database)\n"),
        ("geojson", b'{"type": "Feature"}', "fout: FILE: verwacht een GeoJSON-FeatureCollection\n"),
        ("csv", b"record,ubn\n\xff\xfe", "fout: FILE: geen UTF-8-tekst (byte 11)\n"),
    ],
)
def test_unreadable_files_are_one_line_errors(migrated_sqlite_url, tmp_path, fmt, data, message):
    path = tmp_path / f"bad{EXT[fmt]}"
    path.write_bytes(data)
    result = cli(migrated_sqlite_url, "farms", "import", str(path))
    assert (result.exit_code, result.stderr) == (2, message)


def test_export_into_a_missing_directory_is_a_one_line_error(migrated_sqlite_url, tmp_path):
    result = cli(migrated_sqlite_url, "farms", "export", str(tmp_path / "nope" / "x.gpkg"))
    assert result.exit_code == 2
    assert result.stderr.startswith("fout: FILE: ") and result.stderr.count("\n") == 1


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "register.gpkg"
    path.write_bytes(b"the old export")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("veekompas.cli.common.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(path, b"the new export")
    assert path.read_bytes() == b"the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["register.gpkg"]
    monkeypatch.undo()
    write_atomically(path, b"the new export")
    assert path.read_bytes() == b"the new export"
