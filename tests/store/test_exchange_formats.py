"""What each exchange format promises beyond the round trip: XLSX as Excel keeps it, GeoJSON by
RFC 7946, and a GeoPackage that GDAL (through pyogrio) reads in EPSG:28992 - and GDAL's own
GeoPackages read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import struct
import warnings
import zipfile
from contextlib import closing

import numpy as np
import openpyxl
import pyogrio
import pytest
from pyogrio import raw
from test_farms import farm

from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.errors import InputError
from veekompas.store.exchange import (
    COLUMNS,
    farms_to_csv,
    farms_to_geojson,
    farms_to_gpkg,
    farms_to_xlsx,
    parse_csv,
    parse_geojson,
    parse_gpkg,
    parse_xlsx,
)
from veekompas.store.exchange.gpkg import APPLICATION_ID, USER_VERSION

FARMS = [farm("930001"), farm("930002", municipality="Ede", calves=120)]


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_has_typed_cells_a_frozen_header_and_fitting_columns():
    ws = openpyxl.load_workbook(io.BytesIO(farms_to_xlsx(FARMS)))["register"]
    header = [c.value for c in ws[1]]
    assert tuple(header) == COLUMNS
    assert ws.freeze_panes == "A2" and all(c.font.bold for c in ws[1])
    col = {name: i + 1 for i, name in enumerate(header)}
    farm_row, animal_row = 2, 4
    assert ws.cell(farm_row, col["x_rd"]).value == 172_000.0
    assert ws.cell(farm_row, col["x_rd"]).data_type == "n"
    assert (ws.cell(farm_row, col["ubn"]).value, ws.cell(farm_row, col["ubn"]).number_format) == (
        "930001",
        "@",
    )
    counted = ws.cell(animal_row, col["counted_on"])
    assert (counted.value, counted.number_format) == (dt.datetime(2026, 4, 1), "yyyy-mm-dd")
    assert ws.cell(5, col["own_fodder"]).value is False
    letter = openpyxl.utils.get_column_letter
    assert ws.column_dimensions[letter(col["name"])].width == len("Bedrijf 930001") + 2
    assert (
        ws.column_dimensions[letter(col["stalsysteem_code"])].width == len("stalsysteem_code") + 2
    )


def test_xlsx_reads_what_excel_writes_back():
    """Whole numbers as floats, a UBN typed as a number, dates as datetimes, empty cells as
    None, a blank row, another sheet name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    header = ["record", "ubn", "name", "municipality", "x_rd", "y_rd", "kvk", "farmer_birth_year"]
    header += ["stalsysteem_code", "animal_category", "dierplaatsen", "year_built"]
    header += ["category", "count", "counted_on", "crop", "ha", "own_fodder"]
    ws.append(header)
    ws.append(["farm", 930003.0, "Maatschap", "Ede", 172000.0, 460000.25, "01234567", 1961.0])
    ws.append([None] * len(header))
    ws.append(["housing", 930003, *[None] * 6, "A4.100", "vleeskalveren", 300.0, None])
    ws.append(["animal", "930003", *[None] * 10, "vleeskalveren", 280.0, dt.datetime(2026, 4, 1)])
    ws.append(["crop", "930003", *[None] * 13, "snijmais", 5.0, True])
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_xlsx(out.getvalue())
    assert parsed.problems == []
    assert parsed.farms == [
        RegistryFarm(
            ubn="930003",
            name="Maatschap",
            kvk="01234567",
            municipality="Ede",
            location=Location(x_rd=172_000, y_rd=460_000.25),
            housings=(
                Housing(
                    stalsysteem_code="A4.100", animal_category="vleeskalveren", dierplaatsen=300
                ),
            ),
            animals=(
                AnimalGroup(category="vleeskalveren", count=280, counted_on=dt.date(2026, 4, 1)),
            ),
            crops=(RegistryCrop(crop="snijmais", ha=5, own_fodder=True),),
            succession=Succession(farmer_birth_year=1961),
        )
    ]


def test_xlsx_problems_name_the_excel_row():
    wb = openpyxl.load_workbook(io.BytesIO(farms_to_xlsx(FARMS[:1])))
    ws = wb.active
    header = [c.value for c in ws[1]]
    ws.cell(4, header.index("counted_on") + 1, dt.datetime(2026, 4, 1, 10, 30))
    ws.cell(3, header.index("dierplaatsen") + 1, 12.5)
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_xlsx(out.getvalue())
    assert [str(p) for p in parsed.problems] == [
        "row 3, dierplaatsen = '12.5': Input should be a valid integer, got a number with a "
        "fractional part",
        "row 4, counted_on = '2026-04-01 10:30:00': Datetimes provided to dates should have zero "
        "time - e.g. be exact dates",
    ]
    assert parsed.farms == [] and parsed.skipped_ubns == ["930001"]


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', '=HYPERLINK("http://x","y")', "+1", "@A1"])
def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(name):
    tricky = FARMS[0].model_copy(update={"name": name})
    data = farms_to_xlsx([tricky])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["C2"].value == name and ws["C2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element anywhere
    assert parse_xlsx(data).farms == [tricky]


# --- CSV --------------------------------------------------------------------------------------


def test_csv_quotes_text_that_a_spreadsheet_would_calculate_and_reads_it_back():
    tricky = FARMS[1].model_copy(
        update={
            "name": '=HYPERLINK("http://x","y")',
            "location": Location(x_rd=170000, y_rd=450000, place="@SUM(1)"),
        }
    )
    data = farms_to_csv([FARMS[0], tricky])
    rows = list(csv.DictReader(io.StringIO(data)))
    farm_row = next(r for r in rows if r["record"] == "farm" and r["ubn"] == tricky.ubn)
    assert farm_row["name"] == '\'=HYPERLINK("http://x","y")'
    assert farm_row["place"] == "'@SUM(1)"
    assert farm_row["x_rd"] == "170000"  # numbers stay numbers
    firsts = {v[0] for r in rows for v in r.values() if v}
    assert not firsts & set("=+-@\t\r")
    assert parse_csv(data).farms == [FARMS[0], tricky]


def test_csv_import_reads_a_hand_made_quote_as_the_spreadsheet_does():
    """A quoted formula typed in a spreadsheet ('=1) is the text =1; 's-Hertogenbosch stays."""
    data = farms_to_csv([FARMS[0]]).replace(FARMS[0].name, "'=1", 1)
    assert parse_csv(data).farms[0].name == "=1"
    data = farms_to_csv([FARMS[0]]).replace(FARMS[0].name, "'s-Hertogenbosch", 1)
    assert parse_csv(data).farms[0].name == "'s-Hertogenbosch"


# --- GeoJSON ----------------------------------------------------------------------------------


def test_geojson_is_an_rfc7946_feature_collection_in_wgs84():
    doc = json.loads(farms_to_geojson(FARMS))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946 section 4
    feature = doc["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 3.2 < lon < 7.3 and 50.7 < lat < 53.6  # [longitude, latitude], the Netherlands
    assert all(len(repr(c).split(".")[1]) <= 9 for c in (lon, lat))
    props = feature["properties"]
    assert "x_rd" not in props and props["place"] == "Voorthuizen"
    assert props["animals"] == [
        {"category": "vleeskalveren", "count": 390, "counted_on": "2026-04-01"}
    ]
    assert props["intent"] == "blijver" and props["permitted_nh3_kg_per_year"] == 1400.0


def test_geojson_problems_name_the_feature_and_the_nested_record():
    point = {"type": "Point", "coordinates": [5.6, 52.1, 12.5]}  # a height is allowed
    props = {"ubn": "930004", "name": "Goed", "municipality": "Ede"}
    features = [
        {"type": "Feature", "geometry": point, "properties": props},
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [20.0, 60.0]},
            "properties": {**props, "ubn": "1"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": []},
            "properties": {**props, "ubn": "2", "housings": {"a": 1}},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": ["a", 1]},
            "properties": {**props, "ubn": "3", "crops": [{"crop": "x", "ha": -1}, 5]},
        },
        {"type": "Feature", "geometry": None},
    ]
    parsed = parse_geojson(json.dumps({"type": "FeatureCollection", "features": features}))
    assert [str(p) for p in parsed.problems] == [
        "feature 1, x_rd = '969352.162': Input should be less than or equal to 300000",
        "feature 1, y_rd = '1424599.577': Input should be less than or equal to 630000",
        "feature 2, geometry = '[]': must be a GeoJSON Point",
        "feature 2, housings = '{\"a\": 1}': must be an array",
        "feature 3, crops[0].ha = '-1': Input should be greater than or equal to 0",
        "feature 3, geometry = '[\"a\", 1]': coordinates must be [longitude, latitude] in degrees",
        "feature 3, crops[1] = '5': must be an object",
        "feature 4, properties = '': must be a Feature with a 'properties' object",
    ]
    assert [f.ubn for f in parsed.farms] == ["930004"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{", "FILE: not valid JSON (parse error: premature EOF)"),
        ('{"type": "FeatureCollection"}', "FILE: a FeatureCollection needs a 'features' array"),
        ("[]", "FILE: expected a GeoJSON FeatureCollection"),
    ],
)
def test_geojson_that_is_not_a_feature_collection_is_refused(data, message):
    with pytest.raises(InputError) as err:
        parse_geojson(data)
    assert str(err.value) == message


# --- GeoPackage -------------------------------------------------------------------------------


@pytest.fixture
def gpkg_path(tmp_path):
    path = tmp_path / "register.gpkg"
    path.write_bytes(farms_to_gpkg(FARMS))
    return path


def test_gdal_reads_the_points_in_rd_new(gpkg_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a GDAL complaint about the file fails the test
        info = pyogrio.read_info(gpkg_path, layer="bedrijven")
        meta, _, geometry, fields = raw.read(gpkg_path, layer="bedrijven")
        layers = pyogrio.list_layers(gpkg_path)
    assert (info["crs"], info["geometry_type"], info["features"]) == ("EPSG:28992", "Point", 2)
    assert meta["crs"] == "EPSG:28992"
    points = [struct.unpack("<xIdd", g) for g in geometry]
    assert points == [(1, f.location.x_rd, f.location.y_rd) for f in FARMS]
    assert list(fields[list(meta["fields"]).index("ubn")]) == ["930001", "930002"]
    assert {tuple(x) for x in layers} == {
        ("bedrijven", "Point"),
        ("stallen", None),
        ("dieren", None),
        ("gewassen", None),
    }
    meta, _, _, fields = raw.read(gpkg_path, layer="dieren")
    assert meta["ogr_types"][list(meta["fields"]).index("counted_on")] == "OFTDate"
    assert list(fields[list(meta["fields"]).index("count")]) == [390, 110]


def test_geopackage_header_tables_and_reference_systems(gpkg_path):
    with closing(sqlite3.connect(gpkg_path)) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x47504B47
        assert db.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION == 10300
        srs = db.execute("SELECT srs_id, organization FROM gpkg_spatial_ref_sys").fetchall()
        assert sorted(srs) == [(-1, "NONE"), (0, "NONE"), (4326, "EPSG"), (28992, "EPSG")]
        assert db.execute("SELECT * FROM gpkg_geometry_columns").fetchall() == [
            ("bedrijven", "geom", "POINT", 28992, 0, 0)
        ]
        contents = db.execute("SELECT table_name, data_type, min_x FROM gpkg_contents").fetchall()
        assert contents[0] == ("bedrijven", "features", 172_000.0)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_geopackage_written_by_gdal_is_read(tmp_path):
    path = tmp_path / "gdal.gpkg"
    wkb = np.array([struct.pack("<BIdd", 1, 1, 172_000.5, 460_000.25)], dtype=object)
    names = ["ubn", "name", "municipality", "permitted_nh3_kg_per_year", "farmer_birth_year"]
    values = [["930005"], ["Van GDAL"], ["Ede"], [12.0], [1961]]
    arrays = [np.array(v, dtype=object if isinstance(v[0], str) else None) for v in values]
    raw.write(
        path,
        wkb,
        arrays,
        names,
        layer="bedrijven",
        driver="GPKG",
        crs="EPSG:28992",
        geometry_type="Point",
    )
    names = ["ubn", "stalsysteem_code", "animal_category", "dierplaatsen"]
    values = [["930005"], ["A4.100"], ["vleeskalveren"], [300]]
    arrays = [np.array(v, dtype=object if isinstance(v[0], str) else None) for v in values]
    raw.write(path, None, arrays, names, layer="stallen", driver="GPKG", append=True)
    parsed = parse_gpkg(path.read_bytes())
    assert parsed.problems == []
    assert parsed.farms == [
        RegistryFarm(
            ubn="930005",
            name="Van GDAL",
            municipality="Ede",
            location=Location(x_rd=172_000.5, y_rd=460_000.25),
            housings=(
                Housing(
                    stalsysteem_code="A4.100", animal_category="vleeskalveren", dierplaatsen=300
                ),
            ),
            succession=Succession(farmer_birth_year=1961),
            permitted_nh3_kg_per_year=12.0,
        )
    ]


def test_geopackage_in_another_crs_or_without_the_layer_is_refused(tmp_path):
    path = tmp_path / "wgs84.gpkg"
    wkb = np.array([struct.pack("<BIdd", 1, 1, 5.6, 52.1)], dtype=object)
    raw.write(
        path,
        wkb,
        [np.array(["1"], dtype=object)],
        ["ubn"],
        layer="bedrijven",
        driver="GPKG",
        crs="EPSG:4326",
        geometry_type="Point",
    )
    with pytest.raises(InputError) as err:
        parse_gpkg(path.read_bytes())
    assert str(err.value) == "FILE: layer 'bedrijven' is in EPSG:4326; it must be in EPSG:28992"
    raw.write(
        tmp_path / "other.gpkg",
        wkb,
        [np.array(["1"], dtype=object)],
        ["ubn"],
        layer="farms",
        driver="GPKG",
        crs="EPSG:28992",
        geometry_type="Point",
    )
    with pytest.raises(InputError) as err:
        parse_gpkg((tmp_path / "other.gpkg").read_bytes())
    assert str(err.value) == "FILE: no point layer 'bedrijven' in this GeoPackage"


def test_geopackage_problems_name_table_and_row(gpkg_path):
    with closing(sqlite3.connect(gpkg_path)) as db:
        db.execute("UPDATE bedrijven SET geom = NULL WHERE ubn = '930002'")
        db.execute("UPDATE stallen SET dierplaatsen = 'veel' WHERE ubn = '930001'")
        db.commit()
    parsed = parse_gpkg(gpkg_path.read_bytes())
    assert [str(p) for p in parsed.problems] == [
        "bedrijven row 2, geom = '': must be a point (no geometry)",
        "stallen row 1, dierplaatsen = 'veel': Input should be a valid integer, unable to parse "
        "string as an integer",
    ]
    assert parsed.farms == [] and parsed.skipped_ubns == ["930001", "930002"]
