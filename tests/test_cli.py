"""The command line: published Lochem figures, JSON with norm versions, one-line errors (exit 2)."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from bad_inputs import BAD_FARMS
from veekompas.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "160"})


def test_farm_assess_prints_the_published_figures(lochem_farm_file):
    """Figures of the 2011 Lochem request (tests/cases/lochem_2011/README.md)."""
    result = run("farm", "assess", str(lochem_farm_file))
    assert result.exit_code == 0, result.output
    out = result.output
    for figure in ("165,0", "5,5", "240,9", "12,3", "17,8", "170,4 nge", "270,9 nge",
                   "€ 242.020", "€ 384.710", "Graasdierbedrijf",
                   "4110 Sterk gespecialiseerd melkveebedrijf", "2,3 (73 nge per VAK)",
                   "3,7 (73 nge per VAK)", "3,9 (69 nge per mensjaar)", "voldoet (minimaal 2 VAK)",
                   "1,204", "0,176", "0,254"):  # fmt: skip
        assert figure in out, figure
    assert "Normtabellen: nge_norms@2010-01-01" in out
    assert "Niet geverifieerd" in out


def test_farm_assess_json_has_the_full_result_and_norm_versions(lochem_farm_file):
    result = run("farm", "assess", str(lochem_farm_file), "--json", "--policy", "default")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["policy"]["code"] == "default"
    assert [s["name"] for s in data["situations"]] == ["huidig", "gewenst"]
    assert round(data["situations"][1]["economic_size"]["nge_total"], 1) == 270.9
    assert "nge_norms@2010-01-01" in {v["version"] for v in data["norm_versions"]}
    assert all(len(v["sha256"]) == 64 for v in data["norm_versions"])


@pytest.mark.parametrize(("case", "farm", "message"), BAD_FARMS, ids=[c[0] for c in BAD_FARMS])
def test_bad_farm_gives_one_line_and_exit_2(tmp_path, case, farm, message):
    path = tmp_path / f"{case}.yaml"
    path.write_text(yaml.safe_dump(farm), encoding="utf-8")
    result = run("farm", "assess", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"fout: {message}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nsituations: {huidig: {animals: {melk_en_kalfkoeien: 1}\n",
         "FILE: bad.yaml is geen geldige YAML op regel 3, kolom 1: expected ',' or '}', but got"),
        ("", "farm: het bestand is leeg; een bedrijf heeft name en situations nodig"),
        ("- 1\n- 2\n", "farm: verwacht een mapping met name en situations, niet [1, 2]"),
    ],
    ids=["malformed", "empty-file", "not-a-mapping"],
)  # fmt: skip
def test_bad_file_gives_one_line_and_exit_2(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("farm", "assess", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"fout: {message}")
    assert result.stderr.count("\n") == 1


def test_missing_file_and_unknown_policy(tmp_path, lochem_farm_file):
    result = run("farm", "assess", str(tmp_path / "nope.yaml"))
    assert (result.exit_code, result.stderr.count("\n")) == (2, 1)
    assert "nope.yaml bestaat niet" in result.stderr
    result = run("farm", "assess", str(lochem_farm_file), "--policy", "amsterdam")
    assert result.exit_code == 2
    allowed = "toegestaan: barneveld, default, ede, lochem"
    assert result.stderr == f"fout: policy: onbekend beleidsprofiel 'amsterdam'; {allowed}\n"


def test_norms_list_and_show():
    result = run("norms", "list")
    assert result.exit_code == 0
    for name in ("nge_norms", "nge_per_vak", "labour_norms", "dwelling_policy"):
        assert name in result.output
    result = run("norms", "show", "nge_per_vak")
    assert result.exit_code == 0
    assert "Bedrijven-Informatienet" in result.output and "73" in result.output
    data = json.loads(run("norms", "show", "nge_norms", "--json").output)
    assert data["citation"]["version"] == "nge_norms@2010-01-01"
    assert {r["code"] for r in data["rows"]} >= {"melk_en_kalfkoeien", "snijmais"}


def test_norms_show_errors():
    result = run("norms", "show", "nge")
    assert result.exit_code == 2 and result.stderr.startswith("fout: table: onbekende normtabel")
    result = run("norms", "show", "nge_norms", "--on", "2009-01-01")
    assert result.exit_code == 2 and "de eerste versie geldt vanaf 01-01-2010" in result.stderr
    result = run("norms", "show", "nge_norms", "--on", "gisteren")
    assert result.stderr == "fout: --on: 'gisteren' is geen datum; gebruik JJJJ-MM-DD\n"


def test_serve_takes_host_and_port_from_settings(monkeypatch, tmp_path):
    import uvicorn

    monkeypatch.setenv("VEEKOMPAS_DATA_DIR", str(tmp_path))  # serve migrates its database

    calls = {}
    monkeypatch.setattr(
        uvicorn, "run", lambda app, host, port, **options: calls.update(h=host, p=port)
    )
    monkeypatch.setenv("VEEKOMPAS_PORT", "8123")
    assert run("serve").exit_code == 0
    assert calls == {"h": "127.0.0.1", "p": 8123}
    assert run("serve", "--port", "9000", "--host", "0.0.0.0").exit_code == 0
    assert calls == {"h": "0.0.0.0", "p": 9000}
