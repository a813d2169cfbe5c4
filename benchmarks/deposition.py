"""Speed of the NH3 deposition model on a real AERIUS job: 3,474 area sources of 1 km x 1 km x
38,541 Natura 2000 receptors in the north of the Netherlands, 25 km cut-off.

Run: .venv/bin/python benchmarks/deposition.py [--cutoff-km 25] [--dask] — prints pairs per second,
total time and peak memory; with --dask also the same job on a 2-worker dask LocalCluster and the
largest difference from the local run. Asserts nothing. Inputs:
tests/cases/aerius_2024_north_nl (a copy of shared/benchmarks/aerius-2024-nh3-north-nl,
see the README there).
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np

from veekompas.calc.deposition import deposition, deposition_distributed
from veekompas.cli.deposition_files import read_receptors, read_sources

DATA = Path(__file__).parents[1] / "tests" / "cases" / "aerius_2024_north_nl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cutoff-km", type=float, default=25.0)
    parser.add_argument("--dask", action="store_true", help="also run on a dask LocalCluster")
    args = parser.parse_args()
    t0 = time.perf_counter()
    sources = read_sources(DATA / "sources.csv")
    receptors = read_receptors(DATA / "receptors.csv")
    t_read = time.perf_counter() - t0
    # compile once on a tiny job, so that the timing below is the run, not numba's compilation
    t1 = time.perf_counter()
    deposition(sources.subset(np.arange(2)), receptors, chunk_size=len(receptors))
    t_compile = time.perf_counter() - t1
    tracemalloc.start()
    t2 = time.perf_counter()
    result = deposition(sources, receptors, cutoff_m=args.cutoff_km * 1000)
    t_run = time.perf_counter() - t2
    _, peak_py = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dep = result.deposition_mol_n_per_ha_year
    all_pairs = len(sources) * len(receptors)
    print(f"sources {len(sources):,} x receptors {len(receptors):,} = {all_pairs:,} pairs")
    print(f"pairs within {args.cutoff_km:g} km: {result.pairs_evaluated:,}")
    print(f"read CSV {t_read:.2f} s, first call (numba compile/cache) {t_compile:.2f} s")
    print(f"deposition run {t_run:.2f} s")
    print(f"pairs/s (all pairs): {all_pairs / t_run:,.0f}")
    print(f"pairs/s (within cut-off): {result.pairs_evaluated / t_run:,.0f}")
    print(f"total time incl. reading and compiling: {time.perf_counter() - t0:.2f} s")
    print(
        f"peak memory: Python allocations {peak_py / 2**20:.1f} MiB, "
        f"process RSS {peak_rss_mb:.0f} MiB"
    )
    print(
        f"deposition mol N/ha/yr: median {np.median(dep):.1f}, p90 {np.percentile(dep, 90):.1f}, "
        f"max {dep.max():.1f}; total emission {sources.nh3_kg_per_year.sum() / 1e6:.2f} kt NH3"
    )
    print(f"label: {result.label}")
    if args.dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            t3 = time.perf_counter()
            remote = deposition_distributed(
                client, sources, receptors, cutoff_m=args.cutoff_km * 1000
            )
            t_dask = time.perf_counter() - t3
        diff = np.abs(remote.deposition_mol_n_per_ha_year - dep).max()
        print(f"dask LocalCluster (2 workers x 1 thread): {t_dask:.2f} s incl. worker compile")
        print(f"largest difference dask - local: {diff:.3g} mol N/ha/yr")


if __name__ == "__main__":
    main()
