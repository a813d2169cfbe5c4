"""Regions as data (geodata/regions.py): Regio Foodvalley's eight members with their source, a
region per province, a deployment's own regions file and its one-line errors, and outlines."""

from pathlib import Path

import pytest
import shapely

from veekompas.geodata import municipalities as m
from veekompas.geodata.regions import (
    DEFAULT_REGION,
    RegionFileError,
    all_regions,
    read_regions,
    region,
)

FOODVALLEY = {
    "Barneveld", "Ede", "Nijkerk", "Renswoude", "Rhenen", "Scherpenzeel", "Veenendaal",
    "Wageningen",
}  # fmt: skip


def test_foodvalley_is_the_default_with_its_eight_members_and_a_source():
    fv = region(DEFAULT_REGION)
    assert fv is not None and fv.name == "Regio Foodvalley" and fv.kind == "regio"
    assert set(fv.municipality_names) == FOODVALLEY
    assert "Omroep Gelderland" in fv.source


def test_every_province_is_a_region_of_all_its_municipalities():
    provinces = [r for r in all_regions() if r.kind == "provincie"]
    assert len(provinces) == 12
    members = [code for r in provinces for code in r.members]
    assert len(members) == len(set(members)) == 342  # each municipality in one province
    utrecht = region("provincie-utrecht")
    assert {"Renswoude", "Rhenen", "Veenendaal"} <= set(utrecht.municipality_names)
    assert "Ede" not in utrecht.municipality_names
    assert region("Provincie-Fryslan").name == "Provincie Fryslân"  # slug without the accent


def test_the_outline_is_the_union_of_the_members():
    fv = region("foodvalley")
    areas = sum(a.geometry.area for a in fv.municipalities)
    # the generalised members overlap a little (0.05 %) along shared borders
    assert fv.outline.area == pytest.approx(areas, rel=1e-3) and fv.outline.area <= areas
    ede = m.municipality("Ede").geometry
    assert shapely.contains(fv.outline, shapely.point_on_surface(ede))
    apeldoorn = m.municipality("Apeldoorn").geometry
    assert not shapely.contains(fv.outline, shapely.point_on_surface(apeldoorn))


def _write(path: Path, rows: str) -> Path:
    path.write_text("slug,name,members,source\n" + rows, encoding="utf-8")
    return path


def test_a_deployment_adds_its_own_regions_in_the_data_dir(tmp_path):
    _write(tmp_path / "regions.csv", "vallei-oost,Vallei oost,GM0228 gm0203,eigen indeling 2026\n")
    own = region("vallei-oost", tmp_path)
    assert own is not None and own.kind == "eigen"
    assert own.municipality_names == ("Barneveld", "Ede")
    assert region("vallei-oost") is None  # not without the data dir
    assert [r.slug for r in all_regions(tmp_path)][-1] == "vallei-oost"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Bad Slug,X,GM0228,bron\n", "slug = 'Bad Slug'"),
        ("x,,GM0228,bron\n", "name: ontbreekt"),
        ("x,X,,bron\n", "members: ontbreekt"),
        ("x,X,GM9999,bron\n", "members = 'GM9999'"),
        ("x,X,Ede,bron\n", "members = 'EDE'"),
        ("x,X,GM0228,\n", "source: ontbreekt"),
    ],
)
def test_a_bad_regions_file_is_one_line_naming_row_and_field(tmp_path, row, message):
    path = _write(tmp_path / "regions.csv", row)
    with pytest.raises(RegionFileError) as exc:
        read_regions(path, "eigen")
    text = str(exc.value)
    assert "regel 2" in text and message in text and "\n" not in text


def test_a_deployment_region_may_not_take_a_builtin_slug_or_name(tmp_path):
    _write(tmp_path / "regions.csv", "foodvalley,Mijn Foodvalley,GM0228,bron\n")
    with pytest.raises(RegionFileError, match="slug = 'foodvalley': bestaat al"):
        all_regions(tmp_path)
    _write(tmp_path / "regions.csv", "fv,regio foodvalley,GM0228,bron\n")
    with pytest.raises(RegionFileError, match="name = 'regio foodvalley': bestaat al"):
        all_regions(tmp_path)


def test_a_regions_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("naam,gemeenten\nX,GM0228\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="kolom"):
        read_regions(path, "eigen")
