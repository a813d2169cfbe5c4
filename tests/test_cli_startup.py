"""Commands that compute no deposition start without numba and the plume code (lazy imports):
checked on the modules a fresh interpreter holds after the command, not on the clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veekompas.calc.deposition import DEFAULT_CUTOFF_M
from veekompas.cli.deposition import DEFAULT_CUTOFF_KM

FARM = Path(__file__).resolve().parent / "cases" / "lochem_2011" / "farm.yaml"
PLUME = ("numba", "veekompas.calc.deposition", "veekompas.calc.dispersion", "llvmlite")
PROBE = """
import json, sys
from veekompas.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def modules_after(args: list[str], data_dir: Path) -> tuple[int, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEEKOMPAS_")}
    env["VEEKOMPAS_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=120
    )
    last = json.loads(done.stdout.strip().splitlines()[-1])
    return last["code"], set(last["modules"])


@pytest.mark.parametrize(
    "args",
    [["farms", "list"], ["farm", "assess", str(FARM)], ["norms", "list"], ["--help"]],
    ids=" ".join,
)
def test_commands_without_deposition_do_not_load_numba_or_the_plume_code(tmp_path, args):
    code, modules = modules_after(args, tmp_path)
    assert code == 0
    assert "veekompas.cli" in modules
    assert not {m for m in modules if m.startswith(PLUME)}


def test_the_deposition_command_does_load_them(tmp_path):
    sources, receptors = tmp_path / "s.csv", tmp_path / "r.csv"
    sources.write_text(
        "id,x_rd,y_rd,emission_height_m,spread_m,nh3_kg_per_year\na,170000,450000,5,2,1\n"
    )
    receptors.write_text("id,x_rd,y_rd\nr,170100,450100\n")
    out = tmp_path / "uit.csv"
    args = ["deposition", "run", "--sources", str(sources), "--receptors", str(receptors)]
    code, modules = modules_after([*args, "--out", str(out)], tmp_path)
    assert code == 0 and out.exists()
    assert {"numba", "veekompas.calc.deposition"} <= modules  # the probe sees a lazy import


def test_the_cli_default_cutoff_is_the_models():
    assert DEFAULT_CUTOFF_KM * 1000 == DEFAULT_CUTOFF_M


def test_the_quick_migration_check_knows_alembics_head(migrated_sqlite_url):
    from alembic.script import ScriptDirectory

    from veekompas.store.db import alembic_config, head_revision, is_current, make_engine

    script = ScriptDirectory.from_config(alembic_config(migrated_sqlite_url))
    assert script.get_heads() == [head_revision()]
    engine = make_engine(migrated_sqlite_url, pool_size=1)
    try:
        assert is_current(engine)
    finally:
        engine.dispose()


def test_registry_commands_do_not_load_the_farm_assessment(tmp_path):
    code, modules = modules_after(["farms", "list"], tmp_path)
    assert code == 0
    assert "veekompas.store.farms" in modules
    assert not {m for m in modules if m.startswith(("veekompas.assess", "veekompas.presentation"))}
