"""The open-data table: published figures are the true ones, hidden ones cannot be derived from
what is published (independent linear audit), no small area shows all its farms in one sector or
intent (independent integer-programming audit), and the CSV says the same as the JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_audit import derivable_cells, forced_classes, open_data_relations
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


COUNTS = 1 + len(SECTORS) + len(INTENTS)  # farms, sectors, intents: the count columns
SECTOR_COLUMNS = list(range(1, 1 + len(SECTORS)))
INTENT_COLUMNS = list(range(1 + len(SECTORS), COUNTS))


def hidden_and_truth(
    table: OpenDataTable, aggregates: list[MunicipalityAggregate]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hidden mask, true values and contributors of the table (row 0 the region)."""
    areas = [table.region, *table.municipalities]
    categories = list(table.region.animal_places_per_category)
    hidden = np.array([[c.suppressed for c in cells(a)] for a in areas])
    rows = [truth(a, categories) for a in aggregates]
    true_values = np.array([np.sum([r[0] for r in rows], axis=0), *(r[0] for r in rows)])
    on = np.array([np.sum([r[1] for r in rows], axis=0), *(r[1] for r in rows)])
    return hidden, true_values, on


def forced(table, aggregates, group_min_farms: int) -> list[tuple[str, str]]:
    """(area, class column) of every class a reader can prove holds all the area's farms."""
    hidden, true_values, _ = hidden_and_truth(table, aggregates)
    found = forced_classes(
        true_values[:, :COUNTS],
        hidden[:, :COUNTS],
        0,
        [SECTOR_COLUMNS, INTENT_COLUMNS],
        group_min_farms,
    )
    names = [table.region.name, *(a.name for a in table.municipalities)]
    return [(names[r], table.columns[c]) for r, c in found]


def audit(table: OpenDataTable, aggregates: list[MunicipalityAggregate], min_farms: int) -> None:
    areas = [table.region, *table.municipalities]
    hidden, true_values, on = hidden_and_truth(table, aggregates)
    for area, row_values, row_hidden in zip(areas, true_values, hidden, strict=True):
        for cell, value, hide in zip(cells(area), row_values, row_hidden, strict=True):
            assert (cell.value is None) == hide
            if not hide:
                assert cell.value == round(value)
    assert np.all((on[~hidden] == 0) | (on[~hidden] >= min_farms))
    relations = open_data_relations(*hidden.shape, 0, SECTOR_COLUMNS, INTENT_COLUMNS)
    assert derivable_cells(hidden, relations) == []
    assert forced(table, aggregates, table.meta.rule.group_min_farms) == []


@settings(max_examples=80, deadline=None)
@given(
    farms=st.lists(farm, min_size=1, max_size=70),
    min_farms=st.integers(2, 7),
    group_min_farms=st.integers(1, 12),
)
def test_published_figures_are_true_and_hidden_ones_cannot_be_derived(
    farms, min_farms, group_min_farms
):
    aggregates = aggregate(farms)
    table = protect(aggregates, min_farms, dt.date(2026, 4, 1), group_min_farms)
    assert [a.name for a in table.municipalities] == [a.municipality for a in aggregates]
    assert table.meta.rule.min_farms == min_farms and table.meta.aggregated is True
    assert table.meta.rule.group_min_farms == group_min_farms
    audit(table, aggregates, min_farms)


def demo_farms(demo_region) -> list[tuple]:
    """The demo region as the farm tuples of :func:`aggregate`."""
    out = []
    for f in demo_region:
        places: dict[str, int] = {}
        for h in f.housings:
            places[h.animal_category] = places.get(h.animal_category, 0) + h.dierplaatsen
        intent = f.succession.intent if f.succession else "onbekend"
        out.append((f.municipality, f.sector, intent, places, f.permitted_nh3_kg_per_year))
    return out


def _small_blijver_municipality(farms) -> tuple[str, int]:
    """The first gemeente (by name) with 5 to 9 demo farms that are all blijver."""
    by_name: dict[str, list[str]] = {}
    for f in farms:
        by_name.setdefault(f[0], []).append(f[2])
    name = min(g for g, i in by_name.items() if 5 <= len(i) < 10 and set(i) == {"blijver"})
    return name, len(by_name[name])


def test_demo_region_small_area_does_not_show_that_all_its_farms_stay(demo_region):
    """The reported case (Hattem's 7 demo farms, all blijver, in the earlier demo): with the
    threshold rule alone the open data said 'stopper 0, blijver n, onbekend 0'; the group rule
    hides it so that no sector or intent of any area under 10 farms can be proven to hold all
    its farms. The same case is taken from the current demo region."""
    farms = demo_farms(demo_region)
    name, n = _small_blijver_municipality(farms)
    aggregates = aggregate(farms)

    bare = protect(aggregates, 5, None, group_min_farms=1)
    shown = bare.municipality(name).farms_per_intent
    assert [shown[i].value for i in INTENTS] == [0, n, 0]  # stopper, blijver, onbekend
    assert (name, "voornemen_blijver") in forced(bare, aggregates, 10)

    table = protect(aggregates, 5, None)
    assert table.meta.rule.group_min_farms == 10
    intents = table.municipality(name).farms_per_intent
    assert [intents[i].value for i in ("stopper", "onbekend")] != [0, 0]
    assert intents["blijver"].value is None
    audit(table, aggregates, 5)


def test_a_tiny_registry_of_one_class_hides_its_zeros():
    """Three farms, one municipality, all melkvee blijvers: the region equals the municipality,
    so the region is the partner; no class can be proven to hold every farm."""
    farms = [("Ede", "melkvee", "blijver", {"melkkoeien": 100}, 500.0)] * 3
    table = protect(aggregate(farms), 5, None, 10)
    for area in (table.region, table.municipality("Ede")):
        assert any(c.suppressed for k, c in area.farms_per_intent.items() if k != "blijver")
        assert any(c.suppressed for k, c in area.farms_per_sector.items() if k != "melkvee")
    audit(table, aggregate(farms), 5)


def test_areas_from_the_group_threshold_on_may_show_one_class():
    """Ede's 12 farms are all melkvee blijvers: at or above the group threshold (10) that is
    published, as is everything else of a table without small cells."""
    farms = [("Ede", "melkvee", "blijver", {}, None)] * 12
    farms += [("Rhenen", sector, intent, {}, None) for sector in SECTORS for intent in INTENTS] * 2
    table = protect(aggregate(farms), 5, None, 10)
    ede = table.municipality("Ede")
    assert ede.farms.value == 12 and ede.farms_per_intent["blijver"].value == 12
    assert ede.farms_per_intent["stopper"].value == 0
    assert not any(c.suppressed for a in [table.region, *table.municipalities] for c in cells(a))
    audit(table, aggregate(farms), 5)


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
    with pytest.raises(InputError, match="group_min_farms: 0 is too small"):
        protect([], 5, group_min_farms=0)


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
