"""Speed of the receptor hexagon grid: the Veluwe's ~88,000 hexagons and all 160 packaged
Natura 2000 areas (scanline fill), against a plain per-edge point-in-polygon test of every
grid centre in the Veluwe's bounding box.

Run: .venv/bin/python benchmarks/receptors.py  — prints figures and ratios, asserts nothing.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from veekompas.calc import receptors
from veekompas.geodata import natura2000_area, natura2000_areas


def brute_force(slug: str) -> int:
    """Every grid centre in the bounding box against every edge (even-odd rule), numpy per edge."""
    area = natura2000_area(slug)
    x_min, y_min, x_max, y_max = area.bbox
    row = np.arange(
        int(np.ceil((y_min - receptors.Y_MIN) / receptors.ROW_STEP_M)),
        int(np.floor((y_max - receptors.Y_MIN) / receptors.ROW_STEP_M)) + 1,
    )
    col = np.arange(
        int((x_min - receptors.X_MIN) // receptors.COLUMN_STEP_M) - 1,
        int((x_max - receptors.X_MIN) // receptors.COLUMN_STEP_M) + 2,
    )
    ids = (row[:, None] * receptors.PER_ROW + col[None, :] + 1).ravel()
    cx, cy = receptors.receptor_centres(ids)
    inside = np.zeros(ids.size, dtype=bool)
    for poly in area.polygons:
        for ring in poly:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if y1 == y2:
                    continue
                crosses = (y1 > cy) != (y2 > cy)
                inside ^= crosses & (cx < x1 + (cy - y1) * (x2 - x1) / (y2 - y1))
    return int(inside.sum())


def main() -> None:
    veluwe = natura2000_area("veluwe")
    edges = sum(len(r) - 1 for p in veluwe.polygons for r in p)
    t0 = time.perf_counter()
    ids = receptors.receptors_in_polygons([r for p in veluwe.polygons for r in p])
    t_scan = time.perf_counter() - t0
    print(f"Veluwe: {ids.size:,} hexagons ({veluwe.shape_area_ha():,.0f} ha, {edges:,} edges)")
    print(f"  scanline fill      {t_scan * 1000:8.1f} ms")
    t0 = time.perf_counter()
    n = brute_force("veluwe")
    t_brute = time.perf_counter() - t0
    print(
        f"  per-edge numpy     {t_brute * 1000:8.1f} ms  ({n:,} hexagons; {t_brute / t_scan:.0f}x)"
    )
    t0 = time.perf_counter()
    total = sum(receptors.area_receptor_ids(a.slug).size for a in natura2000_areas())
    t_all = time.perf_counter() - t0
    print(f"all 160 areas: {total:,} hexagons in {t_all:.2f} s (first build; cached afterwards)")
    t0 = time.perf_counter()
    receptors.area_receptors([a.slug for a in natura2000_areas()])
    print(f"  again from the cache with centres: {(time.perf_counter() - t0) * 1000:.1f} ms")
    x, y = receptors.receptor_centres(ids)
    t0 = time.perf_counter()
    back = receptors.receptor_ids_at(x, y)
    t_ids = time.perf_counter() - t0
    assert np.array_equal(back, ids)
    print(f"id <- centre for {ids.size:,} points: {t_ids * 1000:.1f} ms")


if __name__ == "__main__":
    main()
