"""The demo region: real permitted NH3 sources made into registry farms (see region.py)."""

from veekompas.demo.region import COUNTED_ON, DEMO_SEED, build_demo_region, housing_nh3

__all__ = ["COUNTED_ON", "DEMO_SEED", "build_demo_region", "housing_nh3"]
