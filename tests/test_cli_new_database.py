"""Every command of the CLI, found from its command tree (a new command is covered at once), on
a new, empty data directory: it creates or migrates the registry database itself, or fails with
one line and a non-zero exit code; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer.main

from veekompas.cli import app

ROOT = Path(__file__).resolve().parents[1]
VEEKOMPAS = Path(sys.executable).parent / "veekompas"
CASES = ROOT / "tests" / "cases"

IMPORT_CSV = """\
record,ubn,name,municipality,x_rd,y_rd,intent,stalsysteem_code,animal_category,dierplaatsen
farm,900001,Goed,Ede,172000,460000,blijver,,,
housing,900001,,,,,,A4.100,vleeskalveren,300
"""
SOURCES = (
    "id,x_rd,y_rd,emission_height_m,spread_m,nh3_kg_per_year\nstal1,170000,450000,5,2.5,1200\n"
)
RECEPTORS = "id,x_rd,y_rd\nr1,170500,450500\n"

# The value of each required parameter, per command; "{tmp}" is the test's own directory. A new
# command with a required parameter not listed here fails the test: add an example.
EXAMPLES = {
    ("farm assess", "file"): str(CASES / "lochem_2011" / "farm.yaml"),
    ("norms show", "name"): "nge_norms",
    ("farms show", "ubn"): "900001",
    ("farms export", "file"): "{tmp}/export.csv",
    ("farms import", "file"): "{tmp}/import.csv",
    ("db backup", "file"): "{tmp}/backup.db",
    ("db restore", "file"): "{tmp}/geen-backup.db",
    ("users add", "username"): "nieuw",
    ("users add", "role"): "admin",
    ("users add", "password"): "een-lang-wachtwoord",
    ("users token", "username"): "onbekend",
    ("users tokens", "username"): "onbekend",
    ("users revoke", "username"): "onbekend",
    ("imaer export", "out_file"): "{tmp}/export.gml",
    ("imaer import", "file"): str(CASES / "aerius_2024_single_farm" / "input_5m.gml"),
    ("deposition run", "sources"): "{tmp}/bronnen.csv",
    ("deposition run", "receptors"): "{tmp}/punten.csv",
    ("deposition run", "out_file"): "{tmp}/depositie.csv",
}
# Calls beyond the required parameters that reach the registry.
EXTRA = [
    ["farm", "scan", "--ubn", "900001"],
    ["imaer", "export", "900001", "--out", "{tmp}/bedrijf.gml"],
    ["farms", "list", "--municipality", "Ede"],
]
# `serve` runs until stopped; tests/test_serve.py starts it on a new database.
NOT_RUN = {"serve"}


def leaf_commands() -> list[tuple[str, object]]:
    found = []

    def walk(command, path: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found.append((" ".join(path), command))

    walk(typer.main.get_command(app), [])
    return found


def command_line(name: str, command) -> list[str]:
    args = name.split()
    for param in command.params:
        if not param.required:
            continue
        value = EXAMPLES.get((name, param.name))
        assert value is not None, f"add an example for {name} {param.name} to EXAMPLES"
        args += [value] if param.param_type_name == "argument" else [param.opts[0], value]
    return args


CALLS = [command_line(n, c) for n, c in leaf_commands() if n not in NOT_RUN] + EXTRA


def test_the_tree_has_the_known_commands():
    names = {name for name, _ in leaf_commands()}
    assert {"farms import", "farms list", "db upgrade", "users add", "demo load"} <= names
    assert len(CALLS) == len(names) - len(NOT_RUN) + len(EXTRA)


def run_on_a_new_data_directory(args: list[str], directory: Path) -> subprocess.CompletedProcess:
    directory.mkdir(parents=True)
    (directory / "import.csv").write_text(IMPORT_CSV, encoding="utf-8")
    (directory / "bronnen.csv").write_text(SOURCES, encoding="utf-8")
    (directory / "punten.csv").write_text(RECEPTORS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEEKOMPAS_")}
    env |= {"VEEKOMPAS_DATA_DIR": str(directory / "nieuw"), "COLUMNS": "160"}
    return subprocess.run(
        [str(VEEKOMPAS), *(a.replace("{tmp}", str(directory)) for a in args)],
        env=env,
        cwd=directory,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    """Every call at once (each its own process and data directory): the CLI starts slowly."""
    root = tmp_path_factory.mktemp("cli")
    dirs = {" ".join(args): root / f"call{i}" for i, args in enumerate(CALLS)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = pool.map(lambda a: run_on_a_new_data_directory(a, dirs[" ".join(a)]), CALLS)
        return {" ".join(a): (dirs[" ".join(a)], d) for a, d in zip(CALLS, done, strict=True)}


@pytest.mark.parametrize("args", CALLS, ids=lambda a: " ".join(a[:3]))
def test_every_command_on_an_empty_data_directory(outcomes, args):
    directory, done = outcomes[" ".join(args)]
    output = done.stdout + done.stderr
    assert "Traceback" not in output and 'File "' not in output, output
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("fout: "), lines[0]
    # a command that reached the registry created it in the new data directory
    if args[0] in ("farms", "users", "db") and args[:2] != ["db", "restore"]:
        assert (directory / "nieuw" / "veekompas.db").exists() or done.returncode != 0


def test_a_registry_import_into_a_new_data_directory_imports(outcomes):
    directory, done = outcomes[" ".join(command_line("farms import", _command("farms import")))]
    assert done.returncode == 0, done.stderr
    assert "nieuw 1, bijgewerkt 0" in done.stderr
    assert (directory / "nieuw" / "veekompas.db").exists()


def _command(name: str):
    return dict(leaf_commands())[name]


# A wrong call is one Dutch line too (exit 2), never click's English usage box.
WRONG_CALLS = [
    (["farms", "import"], "fout: file: ontbreekt (zie --help)"),
    (["farms", "list", "--limit", "x"], "fout: --limit: moet een geheel getal zijn"),
    (["farms", "list", "--bla"], "fout: --bla: onbekende optie (zie --help)"),
    (["onzin"], "fout: 'onzin': onbekende opdracht (zie --help)"),
]


@pytest.mark.parametrize(("args", "line"), WRONG_CALLS, ids=lambda a: str(a))
def test_a_wrong_call_is_one_dutch_line(tmp_path, args, line):
    done = run_on_a_new_data_directory(args, tmp_path / "call")
    assert (done.returncode, done.stderr, done.stdout) == (2, line + "\n", "")
