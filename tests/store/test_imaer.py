"""IMAER 6.0 GML in and out (store/imaer) on AERIUS Calculator 2024's own files.

Case files (tests/cases/aerius_2024/README.md): AERIUS Calculator 2024.0.1 exports of one barn,
120 cows x 8.0 kg NH3/animal/yr = 960 kg NH3/yr, heat content 0 MW, spread 2.5 m, emission height
5 m and 30 m, calculation year 2024. The demo farms' factors come from the Rav (table
ammonia_emission_factors, version in force on 1 January of the year); the standard source
characteristics of sector 4110 (5 m, spread 2.5 m, 0 MW) from RIVM's AERIUS Standaard
bronkenmerken 2024 (table aerius_source_characteristics).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from veekompas.calc.emissions import farm_emission
from veekompas.errors import InputError
from veekompas.store import imaer

CASE = Path(__file__).parents[1] / "cases" / "aerius_2024"
IMAER_NS = "{http://imaer.aerius.nl/6.0}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


@pytest.mark.parametrize(("name", "height"), [("input_5m.gml", 5.0), ("input_30m.gml", 30.0)])
def test_case_file_sources(name, height):
    doc = imaer.parse((CASE / name).read_bytes())
    assert doc.metadata.year == 2024
    assert doc.metadata.situation_type == "PROPOSED"
    assert doc.metadata.aerius_version == "2024.0.1_20241009_75e59949f9"
    (source,) = doc.sources
    assert (source.element, source.sector_id, source.label) == (
        "FarmAnimalHousingSource",
        "4110",
        "Koeienstal test",
    )
    assert (source.emission_height_m, source.spread_m, source.heat_content_mw) == (height, 2.5, 0)
    assert source.geometry == "polygon" and len(source.coordinates) == 7
    assert source.coordinates[0] == source.coordinates[-1]
    assert source.emission_kg_per_year == {"NH3": 960.0, "NOX": 0.0, "PM10": 0.0, "NO2": 0.0}
    (housing,) = source.animal_housings
    assert (housing.kind, housing.animal_type, housing.number_of_animals) == ("custom", "COW", 120)
    assert housing.nh3_kg_per_animal_year == 8.0
    assert housing.number_of_animals * housing.nh3_kg_per_animal_year == 960.0
    assert source.established == dt.date(2014, 1, 27)


@pytest.mark.parametrize("name", ["input_5m.gml", "input_30m.gml"])
def test_round_trip_is_byte_identical_on_the_case_files(name):
    """import -> export gives AERIUS' own bytes (namespaces, element order, schemaLocation),
    so import -> export -> import gives the same sources."""
    original = (CASE / name).read_bytes()
    document = imaer.parse(original)
    exported = imaer.dump(document)
    assert exported == original
    assert imaer.parse(exported) == document


def test_export_of_demo_farms_reimports_to_the_same_codes_and_numbers(demo_region):
    farms = demo_region[:40]
    data = imaer.export_farms(farms, situation_type="REFERENCE", year=2024)
    root = ET.fromstring(data)  # well-formed
    assert root.tag == f"{IMAER_NS}FeatureCollectionCalculator"
    assert root.get(f"{XSI}schemaLocation") == imaer.SCHEMA_LOCATION
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    doc = imaer.parse(data)
    assert doc.metadata.situation_type == "REFERENCE" and doc.metadata.year == 2024
    assert "ammonia_emission_factors@2023-03-06" in (doc.metadata.gml_creator or "")
    assert len(doc.sources) == len(farms)
    for farm, source in zip(farms, doc.sources, strict=True):
        emission = farm_emission(farm.housings, on=dt.date(2024, 1, 1))
        assert source.coordinates == ((farm.location.x_rd, farm.location.y_rd),)
        assert source.label == f"{farm.name} (UBN {farm.ubn})"
        assert (source.sector_id, source.emission_height_m, source.spread_m) == ("4110", 5, 2.5)
        assert source.emission_kg_per_year["NH3"] == pytest.approx(emission.total, rel=1e-12)
        assert [h.rav_code for h in source.animal_housings] == [
            h.stalsysteem_code for h in farm.housings
        ]
        assert [h.number_of_animals for h in source.animal_housings] == [
            h.dierplaatsen for h in farm.housings
        ]
        assert [h.nh3_kg_per_animal_year for h in source.animal_housings] == [
            b.factor for b in emission.housings
        ]
        assert [h.animal_type for h in source.animal_housings] == [
            h.animal_category[0] for h in farm.housings
        ]
        total = sum(h.number_of_animals * h.nh3_kg_per_animal_year for h in source.animal_housings)
        assert total == pytest.approx(source.emission_kg_per_year["NH3"])
    assert imaer.dump(doc) == data


def test_omgevingsregeling_codes_are_written_as_standard_housing(demo_region):
    farm = demo_region[0]
    housings = (farm.housings[0].model_copy(update={"stalsysteem_code": "HA1.100"}),)
    data = imaer.export_farms([farm.model_copy(update={"housings": housings})])
    (housing,) = imaer.parse(data).sources[0].animal_housings
    assert (housing.kind, housing.housing_code, housing.animal_type) == (
        "standard",
        "HA1.100",
        "HA1",
    )
    assert b'<imaer:StandardFarmAnimalHousing animalHousingType="HA1.100" animalType="HA1">' in data


def _result_file(receptors: dict[int, tuple[float, float, float]]) -> bytes:
    """An AERIUS result GML with ReceptorPoint features (layout of IMAER-java's v6_0 test
    files: receptorPointId, GM_Point, result/CalculationResult resultType DEPOSITION)."""
    head = (CASE / "input_5m.gml").read_text(encoding="utf-8").split("<imaer:featureMember>")[0]
    members = "".join(
        f'<imaer:featureMember><imaer:ReceptorPoint receptorPointId="{rid}" gml:id="CP.{rid}">'
        f'<imaer:GM_Point><gml:Point srsName="urn:ogc:def:crs:EPSG::28992" gml:id="CP.{rid}.P">'
        f"<gml:pos>{x} {y}</gml:pos></gml:Point></imaer:GM_Point><imaer:result>"
        f'<imaer:CalculationResult resultType="DEPOSITION" substance="NH3">'
        f"<imaer:value>{dep}</imaer:value></imaer:CalculationResult></imaer:result>"
        "</imaer:ReceptorPoint></imaer:featureMember>"
        for rid, (x, y, dep) in receptors.items()
    )
    return (head + members + "</imaer:FeatureCollectionCalculator>").encode()


def test_deposition_of_a_receptor_sums_its_nh3_and_nox_deposition():
    data = _result_file({4_000_000: (1.0, 2.0, 0.25)})
    nox = (
        '<imaer:CalculationResult resultType="DEPOSITION" substance="NOX">'
        "<imaer:value>0.5</imaer:value></imaer:CalculationResult>"
        '<imaer:CalculationResult resultType="CONCENTRATION" substance="NH3">'
        "<imaer:value>9.0</imaer:value></imaer:CalculationResult></imaer:result>"
    )
    data = data.replace(b"</imaer:result>", nox.encode())
    assert imaer.parse(data).depositions == {4_000_000: 0.75}


def test_bad_receptor_id_in_a_result_file_is_refused():
    with pytest.raises(InputError, match="FILE: receptorPointId 'x' is not a number"):
        imaer.parse(_result_file({1: (1.0, 2.0, 3.0)}).replace(b'PointId="1"', b'PointId="x"'))


def test_result_depositions_are_read():
    rows = (CASE / "results_5m.csv").read_text(encoding="utf-8").splitlines()[1:6]
    receptors = {int(r.split(",")[0]): tuple(map(float, r.split(",")[1:])) for r in rows}
    doc = imaer.parse(_result_file(receptors))
    assert doc.sources == ()
    assert doc.depositions == {rid: v[2] for rid, v in receptors.items()}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<imaer:Feature", "FILE: not well-formed XML"),
        (b"<root/>", "FILE: not an IMAER 6.0 FeatureCollectionCalculator"),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b"<imaer:year>2024", b"<imaer:year>x"),
            "FILE: metadata: project year 'x' is not a year",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b"Height>5.0<", b"Height>hoog<"),
            "FILE: source ES.1, height: 'hoog' is not a number",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b">120<", b">12.5<"),
            "FILE: source ES.1, animalHousing 1: numberOfAnimals '12.5' is not a whole number",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b">960.0<", b">NaN<"),
            "FILE: source ES.1, emission: 'NaN' is not a number",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b">2014-01-27<", b">2014-13-27<"),
            "FILE: source ES.1: established '2014-13-27' is not a date",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b"GM_Surface", b"GM_Curve"),
            "FILE: source ES.1: no point or polygon geometry",
        ),
        (
            (CASE / "input_5m.gml").read_bytes().replace(b"<gml:posList>", b"<gml:posList>1 "),
            "FILE: source ES.1: coordinates are not x y pairs",
        ),
    ],
)
def test_bad_files_are_refused_with_one_line(data, message):
    with pytest.raises(InputError) as err:
        imaer.parse(data)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"situation_type": "LATER"}, "situation: 'LATER' is not a situation type; allowed:"),
        ({"year": 1800}, "year: 1800 is not a calculation year"),
    ],
)
def test_bad_export_options_are_refused(demo_region, kwargs, message):
    with pytest.raises(InputError) as err:
        imaer.export_farms(demo_region[:1], **kwargs)
    assert str(err.value).startswith(message)


def test_export_of_no_farms_is_refused():
    with pytest.raises(InputError, match="farms: no farms to export"):
        imaer.export_farms([])
