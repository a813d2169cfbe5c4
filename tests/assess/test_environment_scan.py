"""The omgevingsscan: each verdict follows from its inputs and the named policy profile.

The deposition and odour models are tested in tests/calc against AERIUS and physics; here the
scan is checked for putting them together right: the threshold of each profile (Beleidsregels
Stikstof en Natura 2000 Gelderland 2011, art. 1: 0,5% of the KDW, 1% for the Rijntakken; PAS
2015: 0,05 mol/ha/jaar), the Wav 250 m zone (Wav art. 4, 6), the Wgv fixed distances (art. 4,
5: 50/100 m) and the nearest Natura 2000 area by plane geometry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from veekompas.assess.environment_scan import environment_scan
from veekompas.calc.geometry import distance_to_area
from veekompas.cli import app
from veekompas.domain.registry import Housing
from veekompas.domain.scan import ScanRequest
from veekompas.errors import InputError
from veekompas.geodata import natura2000_area

CASE = Path(__file__).parents[1] / "cases" / "scan_demo" / "scan.yaml"


@pytest.fixture(scope="module")
def demo_request() -> ScanRequest:
    return ScanRequest.model_validate(yaml.safe_load(CASE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def demo_scan(demo_request):
    return environment_scan(demo_request)


def test_nearest_area_and_distance_by_geometry(demo_scan, demo_request):
    loc = demo_request.farm.location
    veluwe = natura2000_area("veluwe")
    expected = float(distance_to_area([[loc.x_rd, loc.y_rd]], veluwe.polygons)[0])
    assert demo_scan.natura2000.nearest_area == "Veluwe"
    assert demo_scan.natura2000.nearest_distance_m == pytest.approx(expected, abs=0.1)
    assert all(j.distance_m <= 25_000 for j in demo_scan.natura2000.areas)


def test_gelderland_2011_threshold_is_half_a_percent_of_the_kdw(demo_scan):
    for judged in demo_scan.natura2000.areas:
        d = judged.deposition
        if d.kdw_mol_per_ha_year is None:
            assert judged.exceeds is None
            continue
        percent = 1.0 if d.area == "rijntakken" else 0.5
        assert judged.threshold_mol_per_ha_year == pytest.approx(
            percent / 100 * d.kdw_mol_per_ha_year
        )
        assert judged.exceeds == (d.max_mol_per_ha_year > judged.threshold_mol_per_ha_year)
    assert any(j.exceeds for j in demo_scan.natura2000.areas)  # 1,8 t NH3 at 584 m of the Veluwe
    assert "belemmering: Veluwe" in " ".join(demo_scan.explanation)


def test_other_profiles_use_their_absolute_threshold(demo_request):
    for profile, limit in (("pas-2015", 0.05), ("aerius-2024", 0.005)):
        scan = environment_scan(demo_request.model_copy(update={"policy": profile}))
        assert {j.threshold_mol_per_ha_year for j in scan.natura2000.areas} == {limit}
        assert scan.policy["code"] == profile
    flagged = environment_scan(demo_request.model_copy(update={"policy": "aerius-2024"}))
    assert any(f.code == "aerius-2024" for f in flagged.unverified)


def test_unknown_policy_names_the_allowed_ones(demo_request):
    with pytest.raises(InputError, match=r"^policy: unknown policy profile 'gelderland'; did you"):
        environment_scan(demo_request.model_copy(update={"policy": "gelderland"}))


def _square(x: float, y: float, half: float = 100.0) -> dict:
    ring = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half]]
    return {"name": "vak", "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.mark.parametrize(("gap_m", "in_zone"), [(0.0, True), (249.0, True), (251.0, False)])
def test_wav_zone_of_250_m(demo_request, gap_m, in_zone):
    loc = demo_request.farm.location
    area = _square(loc.x_rd + 100 + gap_m, loc.y_rd)  # its west edge lies gap_m east of the farm
    data = demo_request.model_dump() | {
        "wav_areas": [area],
        "nnn_areas": [_square(loc.x_rd, loc.y_rd)],
    }
    scan = environment_scan(ScanRequest.model_validate(data))
    assert scan.wav.distance_m == pytest.approx(gap_m)
    assert scan.wav.obstacle is in_zone
    assert scan.nnn.inside and scan.nnn.obstacle
    assert ("ligt in een zone van 250 m" in scan.explanation[2]) is in_zone


def test_fixed_distance_for_dairy_without_an_odour_factor(demo_request):
    """Dairy cows (A 1) have no odour factor: Wgv art. 4 asks 50 m outside the built-up area."""
    dairy = Housing(stalsysteem_code="A1.100", animal_category="A1", dierplaatsen=120)
    farm = demo_request.farm.model_copy(update={"housings": (dairy,)})
    loc = farm.location
    near = {"name": "buren", "x_rd": loc.x_rd + 40, "y_rd": loc.y_rd}
    data = demo_request.model_dump() | {"farm": farm.model_dump(), "odour_objects": [near]}
    scan = environment_scan(ScanRequest.model_validate(data))
    assert scan.odour.total == 0
    fixed = [v for v in scan.odour_verdicts if v.kind != "p98"]
    assert fixed and not fixed[0].complies and fixed[0].norm == 50
    assert "Geur:" in scan.explanation[1] and "belemmering (buren" in scan.explanation[1]


def test_the_scan_says_what_it_rests_on(demo_scan):
    names = {v.split("@")[0] for v in demo_scan.norm_versions}
    assert {
        "ammonia_emission_factors",
        "odour_emission_factors",
        "scan_policy",
        "natura2000_kdw",
        "concentration_areas",
    } <= names
    assert demo_scan.natura2000.label == "indicatief — niet de wettelijke AERIUS-berekening"
    assert any(f.table.startswith("wind_direction_sectors") for f in demo_scan.unverified)
    assert demo_scan.explanation[-1].startswith("Conclusie: ")
    text = " ".join(demo_scan.explanation)
    assert "(1,29% van de KDW van 714 mol/ha/jaar, H2330 Zandverstuivingen)" in text
    assert "present:" not in text  # the table's English note stays out of the Dutch text
    total = sum(h.emission for h in demo_scan.nh3.housings)
    assert demo_scan.nh3.total == pytest.approx(total) == pytest.approx(371 * 3.5 + 211 * 2.5)


def test_cli_prints_the_complete_scan_and_json(tmp_path):
    runner = CliRunner()
    done = runner.invoke(app, ["farm", "scan", str(CASE)], env={"COLUMNS": "160"})
    assert done.exit_code == 0, done.output
    for part in (
        "Emissies:",
        "Geur:",
        "WAV:",
        "NNN (voorheen EHS):",
        "Natura 2000:",
        "Stikstofvracht:",
        "Conclusie:",
        "Normtabellen:",
    ):
        assert part in done.output
    as_json = runner.invoke(app, ["farm", "scan", str(CASE), "--json", "--policy", "pas-2015"])
    assert as_json.exit_code == 0
    assert '"code": "pas-2015"' in as_json.output


def test_cli_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "scan.yaml"
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    data["farm"]["housings"][0]["stalsysteem_code"] = "A4.99"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    done = CliRunner().invoke(app, ["farm", "scan", str(bad)])
    assert done.exit_code == 2
    assert done.stderr.startswith("fout: stalsysteem_code: onbekende Rav-code")
    assert done.stderr.count("\n") == 1
    neither = CliRunner().invoke(app, ["farm", "scan"])
    assert neither.exit_code == 2 and "geef een scanbestand of --ubn" in neither.stderr


def test_deposition_falls_off_with_distance_over_the_areas(demo_scan):
    """Areas farther away get less at their maximum (a sanity check of the assembled result)."""
    areas = demo_scan.natura2000.areas
    distance = np.array([j.distance_m for j in areas])
    maximum = np.array([j.deposition.max_mol_per_ha_year for j in areas])
    assert maximum[np.argmin(distance)] == maximum.max()
