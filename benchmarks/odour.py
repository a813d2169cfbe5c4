"""Speed of the odour P98 screening: receptors per second, and a contour grid.

Run: .venv/bin/python benchmarks/odour.py [N]  — prints figures, asserts nothing.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from veekompas.calc import odour


def main(n: int = 10_000) -> None:
    farm = (170_000.0, 450_000.0)
    sources = [
        *odour.sources_at(farm, 14_240.0),
        odour.OdourSource(x=farm[0] + 40, y=farm[1] + 10, emission_oue_per_s=5_000.0),
    ]
    rng = np.random.default_rng(1)
    receptors = np.asarray(farm) + rng.uniform(-1500, 1500, size=(n, 2))
    start = time.perf_counter()
    odour.odour_p98(sources, receptors)
    took = time.perf_counter() - start
    print(f"P98 at {n:,} receptors, 2 sources, 6 x 360 hour classes: {took:6.2f} s")
    print(f"  {n / took:,.0f} receptors per second")
    start = time.perf_counter()
    c = odour.odour_contours(sources)
    took = time.perf_counter() - start
    cells = len(c.x_m) * len(c.y_m)
    print(f"contours on {cells:,} cells (20 m, 2 x 1 km): {took:6.2f} s; reach {c.max_distance_m}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
