"""Speed of the one-farm assessment: cold (first call, tables parsed) vs warm (tables cached).

Run: .venv/bin/python benchmarks/assessment.py  — prints figures and ratios, asserts nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from veekompas.assess import assess_farm
from veekompas.domain import parse_farm

CASE = Path(__file__).parents[1] / "tests" / "cases" / "lochem_2011" / "farm.yaml"


def main(repeats: int = 2000) -> None:
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    start = time.perf_counter()
    assess_farm(parse_farm(data))
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(repeats):
        assess_farm(parse_farm(data))
    warm = (time.perf_counter() - start) / repeats
    print(f"cold assessment (norm tables parsed): {cold * 1e3:8.2f} ms")
    print(
        f"warm assessment (two situations):     {warm * 1e3:8.3f} ms  ({1 / warm:,.0f} per second)"
    )
    print(f"ratio cold / warm:                    {cold / warm:8.1f}")


if __name__ == "__main__":
    main()
