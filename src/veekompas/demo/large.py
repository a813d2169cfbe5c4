"""A larger synthetic region for speed checks: the 3,567 demo farms plus synthetic farms up to
``size`` (default 5,000), spread over the same municipalities in the same proportions.

Each synthetic farm copies a demo farm drawn at random (its sector, barns, animals, crops,
succession and permit) under a new UBN (``91xxxxx``) and name (``Synthetisch bedrijf S0001``),
moved by a normal offset of :data:`JITTER_M` metres in RD New x and y. It keeps the demo farm's
municipality and place, so per-municipality shares stay those of the demo region; a moved farm
may lie a little outside its municipality's border (these are test data, not a map). Pure and
deterministic: one ``numpy.random.default_rng(seed)``."""

from __future__ import annotations

import numpy as np

from veekompas.demo.region import DEMO_SEED, build_demo_region
from veekompas.domain.registry import RegistryFarm

LARGE_SIZE = 5_000
JITTER_M = 1_500.0
SYNTHETIC_UBN_START = 9_100_001


def build_large_region(size: int = LARGE_SIZE, seed: int = DEMO_SEED) -> list[RegistryFarm]:
    """The demo region plus ``size - 3,567`` synthetic farms (pure; same seed, same farms)."""
    demo = build_demo_region(seed)
    extra = size - len(demo)
    if extra <= 0:
        return demo[:size]
    rng = np.random.default_rng(seed + 1)
    template = rng.integers(0, len(demo), extra)
    offset = rng.normal(0.0, JITTER_M, (extra, 2)).round(0)
    x = (np.array([demo[t].location.x_rd for t in template]) + offset[:, 0]).tolist()
    y = (np.array([demo[t].location.y_rd for t in template]) + offset[:, 1]).tolist()
    farms = list(demo)
    for i in range(extra):
        base = demo[template[i]]
        values = {
            **base.model_dump(),
            "ubn": str(SYNTHETIC_UBN_START + i),
            "name": f"Synthetisch bedrijf S{i + 1:04d}",
            "kvk": None,
            "location": {**base.location.model_dump(), "x_rd": x[i], "y_rd": y[i]},
        }
        farms.append(RegistryFarm.model_validate(values))
    return farms
