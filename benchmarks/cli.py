"""Start-up time of the command line: `veekompas farm assess` (the Lochem case) and `veekompas
farms list` (a new, empty registry) as whole processes, against `python -c pass`. Runs are paired
(command, baseline, command, ...) so the ratio holds when the machine's speed drifts; the median
of wall and CPU seconds (user + system) is printed. numba is imported only by `deposition run`.

Run: .venv/bin/python benchmarks/cli.py [RUNS]  — prints figures and ratios, asserts nothing.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VEEKOMPAS = str(Path(sys.executable).parent / "veekompas")
BASELINE = [sys.executable, "-c", "pass"]
COMMANDS = {
    "farm assess": [VEEKOMPAS, "farm", "assess", str(ROOT / "tests/cases/lochem_2011/farm.yaml")],
    "farms list": [VEEKOMPAS, "farms", "list"],
}


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``args`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory(prefix="veekompas-cli-") as data:
        env = {**os.environ, "VEEKOMPAS_DATA_DIR": data, "COLUMNS": "160"}
        # as installed: Python keeps its bytecode (.pyc) after the first run. With
        # PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every start compiles sqlalchemy,
        # typer, rich ... from source, several times slower
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([VEEKOMPAS, "db", "upgrade"], env=env, capture_output=True, check=True)
        print(f"{runs} runs each, paired with `python -c pass`; medians (wall / cpu seconds)")
        for name, args in COMMANDS.items():
            timed(args, env)  # warm-up: bytecode and file caches
            pairs = [(timed(args, env), timed(BASELINE, env)) for _ in range(runs)]
            wall = statistics.median(a[0] for a, _ in pairs)
            cpu = statistics.median(a[1] for a, _ in pairs)
            base = statistics.median(b[0] for _, b in pairs)
            ratio = statistics.median(a[0] / b[0] for a, b in pairs)
            print(
                f"veekompas {name:12s} {wall:6.3f} s wall, {cpu:6.3f} s cpu; "
                f"python -c pass {base:6.3f} s; ratio {ratio:5.1f}x"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
