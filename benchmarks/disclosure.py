"""Speed of the open data's disclosure control on a region-sized table.

Generated table (fixed seed): 846 farms over the 8 Regio Foodvalley municipalities, skewed so
that some municipalities have few farms, 12 animal categories. Prints the time of the whole
protection (primary, single-relation closure, linear audit) and of one audit.

Run: .venv/bin/python benchmarks/disclosure.py  — prints figures, asserts nothing.
"""

from __future__ import annotations

import random
import time

import numpy as np

from veekompas.calc.disclosure import determined_cells, relation_matrix
from veekompas.region.open_data import protect, table_columns, table_relations
from veekompas.store.aggregates import MunicipalityAggregate, Sum
from veekompas.store.models import INTENTS, SECTORS

MUNICIPALITIES = {
    "Barneveld": 0.34,
    "Ede": 0.30,
    "Nijkerk": 0.14,
    "Scherpenzeel": 0.06,
    "Renswoude": 0.05,
    "Rhenen": 0.05,
    "Veenendaal": 0.04,
    "Wageningen": 0.02,
}
CATEGORIES = [f"categorie_{k:02d}" for k in range(12)]


def region(seed: int = 1, n_farms: int = 846) -> list[MunicipalityAggregate]:
    rng = random.Random(seed)
    out = {name: MunicipalityAggregate(name) for name in MUNICIPALITIES}
    names, weights = list(MUNICIPALITIES), list(MUNICIPALITIES.values())
    for _ in range(n_farms):
        agg = out[rng.choices(names, weights)[0]]
        agg.farms += 1
        agg.farms_per_sector[rng.choices(SECTORS, [5, 3, 2, 1, 1])[0]] += 1
        agg.farms_per_intent[rng.choice(INTENTS)] += 1
        category = rng.choice(CATEGORIES)
        old = agg.animal_places.get(category, Sum(0.0, 0))
        agg.animal_places[category] = Sum(old.total + rng.randint(50, 900), old.farms + 1)
        nh3 = agg.permitted_nh3
        agg.permitted_nh3 = Sum(nh3.total + rng.uniform(200, 4000), nh3.farms + 1)
    return [out[n] for n in sorted(out)]


def main(repeats: int = 5) -> None:
    aggregates = region()
    start = time.perf_counter()
    for _ in range(repeats):
        table = protect(aggregates, 5)
    whole = (time.perf_counter() - start) / repeats
    columns = table_columns(aggregates)
    shape = (len(aggregates) + 1, len(columns))
    matrix = relation_matrix(table_relations(shape[0], columns), shape)
    hidden = np.zeros(matrix.shape[1], dtype=bool)
    hidden[::3] = True
    start = time.perf_counter()
    for _ in range(repeats * 20):
        determined_cells(matrix, hidden)
    audit = (time.perf_counter() - start) / (repeats * 20)
    areas = [table.region, *table.municipalities]
    n_hidden = sum(
        c.suppressed
        for a in areas
        for c in [
            a.farms,
            *a.farms_per_sector.values(),
            *a.farms_per_intent.values(),
            *a.animal_places_per_category.values(),
            a.permitted_nh3_kg_per_year,
        ]
    )
    print(f"table: {shape[0]} rows x {shape[1]} columns = {matrix.shape[1]} cells")
    print(f"hidden cells after protection:      {n_hidden}")
    print(f"protect (aggregates -> table):      {whole * 1e3:8.1f} ms")
    print(f"one linear audit ({hidden.sum()} hidden cells): {audit * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
