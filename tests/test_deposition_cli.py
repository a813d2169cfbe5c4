"""`veekompas deposition run`: CSV in, CSV out (atomic), one-line errors with exit 2."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from veekompas.calc.deposition import LABEL
from veekompas.cli import app

runner = CliRunner()

SOURCES = (
    "id,x_rd,y_rd,xmin_rd,ymin_rd,xmax_rd,ymax_rd,emission_height_m,spread_m,nh3_kg_per_year\n"
    "stal1,170000,450000,,,,,5,2.5,1200\n"
    "cel7,,,171000,451000,172000,452000,5,2.5,3000\n"
)
RECEPTORS = "id,x_rd,y_rd\nr1,170500,450500\nr2,180000,460000\nr3,230000,450000\n"


def run(*args: str):
    return runner.invoke(app, ["deposition", "run", *args], env={"COLUMNS": "160"})


def _files(tmp_path, sources=SOURCES, receptors=RECEPTORS):
    s, r = tmp_path / "bronnen.csv", tmp_path / "punten.csv"
    s.write_text(sources, encoding="utf-8")
    r.write_text(receptors, encoding="utf-8")
    return s, r


def test_run_writes_one_row_per_receptor_with_the_label(tmp_path):
    s, r = _files(tmp_path)
    out = tmp_path / "depositie.csv"
    result = run("--sources", str(s), "--receptors", str(r), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the result is the file; the summary is a message (stderr)
    assert LABEL in result.stderr
    assert "wind_direction_sectors@1990-01-01" in result.stderr  # unverified wind rose named
    assert "2 bronnen x 3 rekenpunten" in result.stderr  # Dutch numbers and plurals
    assert " km) in " in result.stderr and "," in result.stderr.split(" km) in ")[1][:4]
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["receptor_id"] for row in rows] == ["r1", "r2", "r3"]
    assert {row["opmerking"] for row in rows} == {LABEL}
    values = [float(row["deposition_mol_n_per_ha_year"]) for row in rows]
    assert values[0] > values[1] > 0  # r2 lies 14 km away
    assert values[2] == 0.0  # r3 lies 60 km away, beyond 25 km


def test_receptor_ids_that_a_spreadsheet_would_calculate_are_quoted(tmp_path):
    receptors = "id,x_rd,y_rd\n=1+1,170500,450500\n-7,180000,460000\n"
    s, r = _files(tmp_path, receptors=receptors)
    out = tmp_path / "depositie.csv"
    assert run("--sources", str(s), "--receptors", str(r), "--out", str(out)).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        ids = [row["receptor_id"] for row in csv.DictReader(fh)]
    assert ids == ["'=1+1", "-7"]  # a formula is quoted, a negative number id stays a number


def test_cutoff_option(tmp_path):
    s, r = _files(tmp_path)
    out = tmp_path / "d.csv"
    assert (
        run(
            "--sources", str(s), "--receptors", str(r), "--out", str(out), "--cutoff-km", "5"
        ).exit_code
        == 0
    )
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert float(rows[1]["deposition_mol_n_per_ha_year"]) == 0.0


@pytest.mark.parametrize(
    ("sources", "receptors", "extra", "message"),
    [
        (
            SOURCES.replace("1200", "veel"),
            RECEPTORS,
            [],
            "nh3_kg_per_year: bronnen rij 2 (id stal1): 'veel' is geen getal",
        ),
        (
            SOURCES.replace(",5,2.5,1200", ",5,7,1200"),
            RECEPTORS,
            [],
            "spread_m: rij stal1: de spreiding mag niet groter zijn dan de emissiehoogte",
        ),
        ("id,x,y\n1,2,3\n", RECEPTORS, [], "sources: nodig zijn de kolommen id, x_rd, y_rd of"),
        (
            SOURCES,
            "id,x_rd,y_rd\nr1,170500,52.1\n",
            [],
            "y_rd: rij r1: 52,1 is geen RD New-y in meters (289.000 tot 629.000)",
        ),
        (
            SOURCES,
            "id,x_rd,y_rd\nr1,1,450000\nr1,2,450000\n",
            [],
            "id: rekenpunten: id 'r1' komt meer dan eens voor",
        ),
        (
            SOURCES,
            RECEPTORS,
            ["--cutoff-km", "-3"],
            "cutoff_km: -3 is geen afstand van 0 tot 100 km",
        ),
    ],
    ids=["not-a-number", "spread", "columns", "wgs84-y", "duplicate-id", "cutoff"],
)
def test_bad_input_one_line_exit_2_and_nothing_written(
    tmp_path, sources, receptors, extra, message
):
    s, r = _files(tmp_path, sources, receptors)
    out = tmp_path / "uit.csv"
    result = run("--sources", str(s), "--receptors", str(r), "--out", str(out), *extra)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fout: {message}")
    assert result.stderr.count("\n") == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".uit")] == []


def test_missing_file_is_one_line(tmp_path):
    s, _ = _files(tmp_path)
    result = run(
        "--sources",
        str(s),
        "--receptors",
        str(tmp_path / "nee.csv"),
        "--out",
        str(tmp_path / "o.csv"),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("fout: receptors: ")
    assert "is niet te lezen (FileNotFoundError)" in result.stderr
    assert result.stderr.count("\n") == 1


def test_existing_output_is_replaced_whole(tmp_path):
    s, r = _files(tmp_path)
    out = tmp_path / "d.csv"
    out.write_text("oud\n", encoding="utf-8")
    assert run("--sources", str(s), "--receptors", str(r), "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("receptor_id,")
