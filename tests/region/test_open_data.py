"""The open-data table: published figures are the true ones, hidden ones cannot be derived from
what is published (independent linear audit), and the CSV says the same as the JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_audit import derivable_cells, open_data_relations
from veekompas.errors import InputError
from veekompas.region.open_data import (
    AreaFigures,
    OpenDataTable,
    UnknownMunicipality,
    protect,
    to_csv,
)
from veekompas.store.aggregates import MunicipalityAggregate, Sum
from veekompas.store.models import INTENTS, SECTORS

CATEGORIES = ("vleeskalveren", "melkkoeien")
MUNICIPALITIES = ("Barneveld", "Ede", "Nijkerk", "Renswoude", "Rhenen", "Wageningen")

farm = st.tuples(
    st.sampled_from(MUNICIPALITIES),
    st.sampled_from(SECTORS),
    st.sampled_from(INTENTS),
    st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 900), max_size=2),
    st.one_of(st.none(), st.floats(0, 4_000, allow_nan=False)),
)


def aggregate(farms) -> list[MunicipalityAggregate]:
    """The store's records, counted here from farm tuples."""
    out = {}
    for name, sector, intent, places, nh3 in farms:
        agg = out.setdefault(name, MunicipalityAggregate(name))
        agg.farms += 1
        agg.farms_per_sector[sector] += 1
        agg.farms_per_intent[intent] += 1
        for category, n in places.items():
            old = agg.animal_places.get(category, Sum(0.0, 0))
            agg.animal_places[category] = Sum(old.total + n, old.farms + (n > 0))
        if nh3:
            old = agg.permitted_nh3
            agg.permitted_nh3 = Sum(old.total + nh3, old.farms + 1)
    return [out[n] for n in sorted(out)]


def cells(area: AreaFigures) -> list:
    return [
        area.farms,
        *area.farms_per_sector.values(),
        *area.farms_per_intent.values(),
        *area.animal_places_per_category.values(),
        area.permitted_nh3_kg_per_year,
    ]


def truth(agg: MunicipalityAggregate, categories: list[str]) -> tuple[list, list]:
    places = [agg.animal_places.get(c, Sum(0.0, 0)) for c in categories]
    values = [
        agg.farms,
        *agg.farms_per_sector.values(),
        *agg.farms_per_intent.values(),
        *(p.total for p in places),
        agg.permitted_nh3.total,
    ]
    on = [
        agg.farms,
        *agg.farms_per_sector.values(),
        *agg.farms_per_intent.values(),
        *(p.farms for p in places),
        agg.permitted_nh3.farms,
    ]
    return values, on


def audit(table: OpenDataTable, aggregates: list[MunicipalityAggregate], min_farms: int) -> None:
    areas = [table.region, *table.municipalities]
    categories = list(table.region.animal_places_per_category)
    hidden = np.array([[c.suppressed for c in cells(a)] for a in areas])
    rows = [truth(a, categories) for a in aggregates]
    true_values = np.array([np.sum([r[0] for r in rows], axis=0), *(r[0] for r in rows)])
    on = np.array([np.sum([r[1] for r in rows], axis=0), *(r[1] for r in rows)])
    for area, row_values, row_hidden in zip(areas, true_values, hidden, strict=True):
        for cell, value, hide in zip(cells(area), row_values, row_hidden, strict=True):
            assert (cell.value is None) == hide
            if not hide:
                assert cell.value == round(value)
    assert np.all((on[~hidden] == 0) | (on[~hidden] >= min_farms))
    sectors = list(range(1, 1 + len(SECTORS)))
    intents = list(range(1 + len(SECTORS), 1 + len(SECTORS) + len(INTENTS)))
    relations = open_data_relations(*hidden.shape, 0, sectors, intents)
    assert derivable_cells(hidden, relations) == []


@settings(max_examples=80, deadline=None)
@given(farms=st.lists(farm, min_size=1, max_size=70), min_farms=st.integers(2, 7))
def test_published_figures_are_true_and_hidden_ones_cannot_be_derived(farms, min_farms):
    aggregates = aggregate(farms)
    table = protect(aggregates, min_farms, dt.date(2026, 4, 1))
    assert [a.name for a in table.municipalities] == [a.municipality for a in aggregates]
    assert table.meta.rule.min_farms == min_farms and table.meta.aggregated is True
    audit(table, aggregates, min_farms)


def test_a_small_municipality_shows_as_suppressed():
    farms = [("Ede", "vleeskalveren", "blijver", {"vleeskalveren": 300}, 900.0)] * 8
    farms += [("Renswoude", "melkvee", "stopper", {"melkkoeien": 120}, 700.0)] * 3
    farms += [("Barneveld", "varkens", "onbekend", {}, None)] * 6
    table = protect(aggregate(farms), 5)
    small = table.municipality("renswoude")
    assert small.name == "Renswoude" and small.farms.value is None and small.farms.suppressed
    assert table.region.farms.value == 17 and not table.region.farms.suppressed
    audit(table, aggregate(farms), 5)


def test_unknown_municipality_and_bad_threshold():
    table = protect(aggregate([("Ede", "overig", "blijver", {}, None)] * 5), 5)
    with pytest.raises(UnknownMunicipality) as caught:
        table.municipality("Edee")
    assert str(caught.value) == (
        "municipality: unknown municipality 'Edee'; did you mean: Ede? Allowed: Ede"
    )
    with pytest.raises(InputError, match="min_farms: 0 is too small"):
        protect([], 0)


def test_empty_registry_gives_a_region_of_zeros():
    table = protect([], 5)
    assert table.municipalities == [] and table.region.farms.value == 0


def test_csv_has_the_json_figures_and_empty_suppressed_cells():
    farms = [("Ede", "vleeskalveren", "blijver", {"vleeskalveren": 300}, 900.0)] * 7
    farms += [("Rhenen", "melkvee", "stopper", {"melkkoeien": 120}, 700.0)] * 2
    table = protect(aggregate(farms), 5, dt.date(2026, 4, 1))
    areas = [table.region, *table.municipalities]
    rows = list(csv.DictReader(io.StringIO(to_csv(table, areas))))
    assert [r["gebied"] for r in rows] == ["regio", "Ede", "Rhenen"]
    for row, area in zip(rows, areas, strict=True):
        assert [row[k] for k in table.columns] == [
            "" if c.value is None else str(c.value) for c in cells(area)
        ]
        assert row["peildatum"] == "2026-04-01" and row["min_bedrijven"] == "5"
        assert "Geaggregeerde cijfers" in row["toelichting"]
    assert rows[2]["bedrijven"] == ""


def test_csv_quotes_a_name_that_a_spreadsheet_would_calculate():
    farms = [('=HYPERLINK("http://x")', "melkvee", "blijver", {}, None)] * 5
    table = protect(aggregate(farms), 5, dt.date(2026, 4, 1))
    rows = list(csv.reader(io.StringIO(to_csv(table, table.municipalities))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "5"  # the figures stay numbers
