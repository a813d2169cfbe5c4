"""`veekompas imaer export|import` on a SQLite registry with demo farms: one farm or all, the
written file re-imports to the registry's codes and numbers, bad input is one line and exit 2,
and a failed export leaves an existing file untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.store.imaer import parse

runner = CliRunner()
CASE = Path(__file__).parent / "cases" / "aerius_2024"


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url, "COLUMNS": "200"})


@pytest.fixture
def registry(migrated_sqlite_url, demo_region):
    farms = demo_region[:5]
    engine = make_engine(migrated_sqlite_url)
    with session_factory(engine)() as session:
        repo = FarmRepository(session, "test")
        for farm in farms:
            repo.add(farm)
        session.commit()
    engine.dispose()
    return migrated_sqlite_url, farms


def test_export_one_farm_and_import_it(registry, tmp_path):
    url, farms = registry
    target = tmp_path / "bedrijf.gml"
    result = cli(url, "imaer", "export", farms[2].ubn, "--out", str(target), "--year", "2024")
    assert result.exit_code == 0, result.stderr
    doc = parse(target.read_bytes())
    (source,) = doc.sources
    assert source.label == f"{farms[2].name} (UBN {farms[2].ubn})"
    assert [h.rav_code for h in source.animal_housings] == [
        h.stalsysteem_code for h in farms[2].housings
    ]
    assert doc.metadata.situation_type == "PROPOSED"
    shown = cli(url, "imaer", "import", str(target))
    assert shown.exit_code == 0, shown.stderr
    assert farms[2].housings[0].stalsysteem_code in shown.stdout
    as_json = json.loads(cli(url, "imaer", "import", str(target), "--json").stdout)
    assert as_json["sources"][0]["label"] == source.label


def test_export_all_as_reference(registry, tmp_path):
    url, farms = registry
    target = tmp_path / "regio.gml"
    result = cli(url, "imaer", "export", "--all", "--out", str(target), "--situation", "REFERENCE")
    assert result.exit_code == 0, result.stderr
    doc = parse(target.read_bytes())
    assert doc.metadata.situation_type == "REFERENCE"
    assert sorted(s.label for s in doc.sources) == sorted(f"{f.name} (UBN {f.ubn})" for f in farms)


def test_import_of_the_aerius_case_prints_its_source():
    result = runner.invoke(
        app, ["imaer", "import", str(CASE / "input_5m.gml")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Koeienstal test" in result.stdout and "960,0" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--out", "X"], "fout: UBN: geef één UBN of --all (niet beide)"),
        (["export", "1", "--all", "--out", "X"], "fout: UBN: geef één UBN of --all (niet beide)"),
        (["export", "123", "--out", "X"], "fout: UBN: geen bedrijf met UBN '123'"),
        (
            ["export", "--all", "--out", "X", "--situation", "NU"],
            "fout: --situation: 'NU' is niet toegestaan; kies uit REFERENCE of PROPOSED",
        ),
        (["export", "--all", "--out", "X", "--year", "3000"], "fout: year: 3000 is geen rekenjaar"),
        (["import", "missing.gml"], "fout: FILE: missing.gml is niet te lezen"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(registry, tmp_path, args, message):
    url, _ = registry
    args = [str(tmp_path / a) if a in ("X", "missing.gml") else a for a in args]
    result = cli(url, "imaer", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message.replace("missing.gml", str(tmp_path / "missing.gml")))
    assert result.stderr.count("\n") == 1


def test_failed_export_leaves_the_old_file(registry, tmp_path):
    url, _ = registry
    target = tmp_path / "oud.gml"
    target.write_bytes(b"old")
    result = cli(url, "imaer", "export", "--all", "--out", str(target), "--year", "1700")
    assert result.exit_code == 2
    assert target.read_bytes() == b"old"
    assert list(tmp_path.glob(".oud.gml.*")) == []


def test_bad_gml_is_one_line(tmp_path):
    bad = tmp_path / "kapot.gml"
    bad.write_bytes((CASE / "input_5m.gml").read_bytes()[:500])
    result = runner.invoke(app, ["imaer", "import", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("fout: FILE: geen goedgevormde XML")
    assert result.stderr.count("\n") == 1
