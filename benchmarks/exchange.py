"""Speed of the registry exchange: export and parse of N farms per format, and the vectorised
RD New -> WGS84 transformation against one pyproj call per point.

Run: .venv/bin/python benchmarks/exchange.py [N]  — prints figures and ratios, asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

from veekompas.domain.registry import AnimalGroup, Housing, Location, RegistryCrop, RegistryFarm
from veekompas.geo import _rd_to_wgs84, rd_to_wgs84
from veekompas.store.exchange import FORMATS, dump, parse


def farms(n: int) -> list[RegistryFarm]:
    rng = np.random.default_rng(1)
    xs, ys = rng.uniform(150_000, 200_000, n), rng.uniform(430_000, 480_000, n)
    return [
        RegistryFarm(
            ubn=str(100_000 + i),
            name=f"Bedrijf {i}",
            municipality="Barneveld",
            location=Location(x_rd=float(xs[i]), y_rd=float(ys[i])),
            housings=(
                Housing(
                    stalsysteem_code="A4.100", animal_category="vleeskalveren", dierplaatsen=400
                ),
            ),
            animals=(
                AnimalGroup(category="vleeskalveren", count=390, counted_on=dt.date(2026, 4, 1)),
            ),
            crops=(RegistryCrop(crop="snijmais", ha=5.5),),
        )
        for i in range(n)
    ]


def main(n: int = 2000) -> None:
    sample = farms(n)
    for fmt in FORMATS:
        start = time.perf_counter()
        data = dump(sample, fmt)
        written = time.perf_counter() - start
        start = time.perf_counter()
        parsed = parse(data, fmt)
        read = time.perf_counter() - start
        assert parsed.farms == sample
        print(
            f"{fmt:8} {n} farms: export {written * 1e3:7.1f} ms, parse {read * 1e3:7.1f} ms, "
            f"{len(data) / 1024:7.0f} KiB"
        )
    x = np.array([f.location.x_rd for f in sample])
    y = np.array([f.location.y_rd for f in sample])
    start = time.perf_counter()
    rd_to_wgs84(x, y)
    vectorised = time.perf_counter() - start
    t = _rd_to_wgs84()
    start = time.perf_counter()
    for xi, yi in zip(x, y, strict=True):
        t.transform(xi, yi)
    one_by_one = time.perf_counter() - start
    print(
        f"RD -> WGS84 for {n} points: vectorised {vectorised * 1e3:.2f} ms, one call per point "
        f"{one_by_one * 1e3:.1f} ms (ratio {one_by_one / vectorised:.0f})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
