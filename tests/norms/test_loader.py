"""The norm-table loader: dated versions, provenance sidecars, released files never edited."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from veekompas import norms
from veekompas.errors import InputError
from veekompas.norms import loader

ISSUE_TABLES = {"nge_norms", "nge_value", "so_norms", "farm_typology", "nge_per_vak",
                "nge_per_mensjaar", "labour_norms", "dwelling_policy"}  # fmt: skip


def test_every_table_has_a_complete_sidecar():
    assert set(norms.table_names()) >= ISSUE_TABLES
    for name in norms.table_names():
        for version in norms.versions(name):
            meta = version.meta
            for key in loader.REQUIRED_META:
                assert meta.get(key) not in (None, ""), f"{version.version}: {key}"
            assert str(meta["valid_from"]) == version.valid_from.isoformat()
            for column, spec in meta["columns"].items():
                assert "unit" in spec and spec.get("description"), f"{name}.{column}"
            assert {"code", "unverified", "source"} <= set(meta["columns"]), name
            for row in version.rows:
                assert row["source"], f"{version.version} {row['code']}: no source"
                assert isinstance(row["unverified"], bool)


def test_table_on_date_picks_the_version_in_force():
    t = norms.table("nge_norms", on=dt.date(2010, 12, 31))
    assert t.version == "nge_norms@2010-01-01"
    assert norms.table("nge_norms").version == t.version


def test_date_before_first_version_is_refused():
    with pytest.raises(InputError, match=r"^date: table nge_norms has no version in force on "
                       r"2009-12-31; its first version is valid from 2010-01-01$"):  # fmt: skip
        norms.table("nge_norms", on=dt.date(2009, 12, 31))


def test_unknown_table_names_close_names():
    with pytest.raises(InputError, match=r"^table: unknown norm table 'nge_norm'; did you mean: "
                       r"nge_norms"):  # fmt: skip
        norms.table("nge_norm")


def test_unknown_code_names_close_codes():
    with pytest.raises(InputError, match="did you mean: melk_en_kalfkoeien"):
        norms.table("nge_norms").row("melk_en_kalfkoe")


def test_citation_names_source_and_checksum():
    c = norms.table("nge_per_vak").citation()
    assert c["version"] == "nge_per_vak@2010-01-01"
    assert "Nge per vak" in c["source_document"]
    assert len(c["sha256"]) == 64


def test_an_edited_released_table_is_refused(tmp_path, monkeypatch):
    shutil.copytree(loader.TABLES_DIR / "nge_per_vak", tmp_path / "nge_per_vak")
    csv_path = tmp_path / "nge_per_vak" / "nge_per_vak_2010-01-01.csv"
    csv_path.write_text(csv_path.read_text().replace(",73,", ",74,"))
    monkeypatch.setattr(loader, "TABLES_DIR", tmp_path)
    with pytest.raises(ValueError, match="released tables are never edited"):
        norms.versions("nge_per_vak")


def test_a_new_dated_version_takes_over_from_its_date(tmp_path, monkeypatch):
    folder = tmp_path / "nge_per_vak"
    shutil.copytree(loader.TABLES_DIR / "nge_per_vak", folder)
    for suffix in (".csv", ".meta.yaml"):
        src = folder / f"nge_per_vak_2010-01-01{suffix}"
        (folder / f"nge_per_vak_2015-01-01{suffix}").write_bytes(src.read_bytes())
    monkeypatch.setattr(loader, "TABLES_DIR", tmp_path)
    assert norms.table("nge_per_vak", on=dt.date(2014, 12, 31)).version == "nge_per_vak@2010-01-01"
    assert norms.table("nge_per_vak", on=dt.date(2015, 1, 1)).version == "nge_per_vak@2015-01-01"
