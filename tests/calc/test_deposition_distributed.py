"""The benchmark job split over a dask.distributed LocalCluster gives the same numbers as one
process (on a subset: 300 sources x 2,000 receptors of tests/cases/aerius_2024_north_nl)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from distributed import Client, LocalCluster

from veekompas.calc import deposition as dep
from veekompas.cli.deposition_files import read_receptors, read_sources

DATA = Path(__file__).parents[1] / "cases" / "aerius_2024_north_nl"


@pytest.fixture(scope="module")
def subset():
    sources = read_sources(DATA / "sources.csv")
    receptors = read_receptors(DATA / "receptors.csv")
    rng = np.random.default_rng(4)
    s_idx = np.sort(rng.choice(len(sources), 300, replace=False))
    r_idx = np.sort(rng.choice(len(receptors), 2000, replace=False))
    chosen = dep.Receptors(
        [receptors.ids[i] for i in r_idx], receptors.x_m[r_idx], receptors.y_m[r_idx]
    )
    return sources.subset(s_idx), chosen


def test_local_cluster_gives_the_same_numbers(subset):
    sources, receptors = subset
    local = dep.deposition(sources, receptors, chunk_size=700)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        remote = dep.deposition_distributed(client, sources, receptors, chunk_size=300)
        workers = client.run(lambda: 1)
    assert len(workers) == 2
    assert local.deposition_mol_n_per_ha_year.max() > 0
    np.testing.assert_array_equal(
        remote.deposition_mol_n_per_ha_year, local.deposition_mol_n_per_ha_year
    )
    assert remote.pairs_evaluated == local.pairs_evaluated > 0
    assert remote.receptor_ids == local.receptor_ids
    assert remote.label == dep.LABEL
