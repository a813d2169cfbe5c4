"""`make run` keeps the demo in its own registry (data/demo) unless VEEKOMPAS_DATA_DIR or
VEEKOMPAS_DATABASE_URL names one, and serves only after `demo load` succeeded. The Makefile's
recipe runs for real, with a stand-in `veekompas` that records what it was called with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUB = """#!/bin/sh
echo "$VEEKOMPAS_DATA_DIR|$VEEKOMPAS_DATABASE_URL|$*" >> "$STUB_LOG"
if [ "$1" = demo ]; then exit "${STUB_DEMO_EXIT:-0}"; fi
"""


def make_run(tmp_path: Path, *make_vars: str, **env: str) -> tuple[int, list[str]]:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    stub = venv / "bin" / "veekompas"
    stub.write_text(STUB)
    stub.chmod(0o755)
    stamp = venv / ".installed"
    stamp.touch()  # newer than pyproject.toml: make installs nothing
    log = tmp_path / "calls.log"
    log.unlink(missing_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VEEKOMPAS_", "MAKE"))}
    done = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "run", f"VENV={venv}", f"STAMP={stamp}", *make_vars],
        env=clean | {"STUB_LOG": str(log)} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, log.read_text().splitlines() if log.exists() else []


def test_make_run_uses_the_demo_data_directory(tmp_path):
    code, calls = make_run(tmp_path)
    assert code == 0
    assert calls == ["data/demo||demo load --if-empty --users", "data/demo||serve"]


@pytest.mark.parametrize(
    ("env", "seen"),
    [
        ({"VEEKOMPAS_DATA_DIR": "/srv/register"}, "/srv/register|"),
        ({"VEEKOMPAS_DATABASE_URL": "postgresql+psycopg://u@h/db"}, "|postgresql+psycopg://u@h/db"),
    ],
)
def test_make_run_keeps_a_registry_the_user_named(tmp_path, env, seen):
    code, calls = make_run(tmp_path, **env)
    assert code == 0
    assert calls == [f"{seen}|demo load --if-empty --users", f"{seen}|serve"]


def test_make_run_does_not_serve_when_the_demo_load_refuses(tmp_path):
    code, calls = make_run(tmp_path, VEEKOMPAS_DATA_DIR="/srv/register", STUB_DEMO_EXIT="2")
    assert code != 0
    assert calls == ["/srv/register||demo load --if-empty --users"]


def test_make_run_passes_port_and_host_to_serve(tmp_path):
    code, calls = make_run(tmp_path, "PORT=8080", "HOST=0.0.0.0")
    assert code == 0
    assert calls[-1] == "data/demo||serve --port 8080 --host 0.0.0.0"
    code, calls = make_run(tmp_path, "PORT=9000")
    assert calls[-1] == "data/demo||serve --port 9000"
