"""The 5,000-farm region of the speed checks: the demo region plus seeded synthetic farms in
the same municipalities, valid registry farms with unique UBNs."""

from __future__ import annotations

from collections import Counter

import numpy as np

from veekompas.demo.large import JITTER_M, LARGE_SIZE, build_large_region
from veekompas.demo.region import build_demo_region


def test_large_region_extends_the_demo_region():
    demo = build_demo_region()
    large = build_large_region()
    assert len(large) == LARGE_SIZE == 5_000 and large[: len(demo)] == demo
    assert len({f.ubn for f in large}) == LARGE_SIZE
    synthetic = large[len(demo) :]
    assert {f.municipality for f in synthetic} <= {f.municipality for f in demo}
    assert all(f.name.startswith("Synthetisch bedrijf S") and f.kvk is None for f in synthetic)
    # the municipalities keep roughly the demo shares (Ede ~7% of the demo farms)
    share = Counter(f.municipality for f in synthetic)["Ede"] / len(synthetic)
    demo_share = Counter(f.municipality for f in demo)["Ede"] / len(demo)
    assert abs(share - demo_share) < 0.05
    # each synthetic farm lies near a demo farm of its municipality (normal offset, sd JITTER_M)
    by_place = {}
    for f in demo:
        by_place.setdefault(f.municipality, []).append((f.location.x_rd, f.location.y_rd))
    nearest = [
        np.hypot(*(np.array(by_place[f.municipality]) - (f.location.x_rd, f.location.y_rd)).T).min()
        for f in synthetic[:200]
    ]
    assert 0 < float(np.median(nearest)) < 2 * JITTER_M and max(nearest) < 6 * JITTER_M


def test_large_region_is_seeded():
    size = len(build_demo_region()) + 100
    assert build_large_region(size, seed=7) == build_large_region(size, seed=7)
    assert build_large_region(size, seed=7)[-1] != build_large_region(size, seed=8)[-1]
