"""Stoppers and blijvers per sector and planned stops per year (region/stops.py): the counts of the
farms within reach equal the registry's, veal calves come first; the open data version publishes
only true figures, none on too few farms, none derivable from what it and the open-data table
publish (independent audit, tests/disclosure_audit.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from disclosure_audit import derivable_cells, table_relations
from veekompas.domain.users import User
from veekompas.region.open_data import open_data
from veekompas.region.stops import YEARS_AHEAD, registry_margins, stops_overview
from veekompas.store.db import make_engine, session_factory
from veekompas.store.farms import FarmRepository
from veekompas.store.models import INTENTS

TODAY = dt.date(2026, 11, 26)
MIN_FARMS, GROUP_MIN = 5, 10


@pytest.fixture(scope="module")
def registry(demo_region, tmp_path_factory):
    from veekompas.store.db import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('stops') / 'registry.db'}"
    upgrade(url)
    engine = make_engine(url)
    session = session_factory(engine)()
    FarmRepository(session, "test").add_many(demo_region)
    session.commit()
    yield session, demo_region
    session.close()
    engine.dispose()


def planner(municipality: str = "Ede") -> User:
    return User(username="p", role="gemeente", municipality=municipality)


def year_label(year: int) -> str:
    if year < TODAY.year:
        return f"eerder dan {TODAY.year}"
    if year > TODAY.year + YEARS_AHEAD - 1:
        return f"na {TODAY.year + YEARS_AHEAD - 1}"
    return str(year)


def test_the_planners_figures_are_the_registry_counts(registry):
    session, farms = registry
    ede = [f for f in farms if f.municipality == "Ede"]
    plans = stops_overview(session, planner(), MIN_FARMS, GROUP_MIN, today=TODAY)
    assert plans.scope == "reach" and plans.suppressed_cells == 0
    assert plans.sectors[0] == "vleeskalveren"
    assert [r.sector for r in plans.per_sector] == plans.sectors
    for row in plans.per_sector:
        mine = [f for f in ede if f.sector == row.sector]
        assert row.farms == len(mine)
        for i in INTENTS:
            assert row.farms_per_intent[i] == sum(f.succession.intent == i for f in mine)
    assert plans.total.farms == len(ede)
    expected: dict[str, dict[str, int]] = {}
    for f in ede:
        year = f.succession.planned_stop_year
        if year is not None:
            cell = expected.setdefault(year_label(year), {})
            cell[f.sector] = cell.get(f.sector, 0) + 1
    got = {y.label: {s: n for s, n in y.farms_per_sector.items() if n} for y in plans.per_year}
    assert {k: v for k, v in got.items() if v} == expected
    assert plans.per_year_total.farms == sum(sum(v.values()) for v in expected.values())
    years = [int(y.label) for y in plans.per_year if y.label.isdigit()]
    assert years == list(range(TODAY.year, TODAY.year + len(years)))


def test_a_boer_sees_only_his_own_farm(registry):
    session, farms = registry
    own = farms[0]
    boer = User(username="b", role="boer", farm_ubn=own.ubn)
    plans = stops_overview(session, boer, MIN_FARMS, GROUP_MIN, today=TODAY)
    assert plans.total.farms == 1
    assert plans.total.farms_per_intent[own.succession.intent] == 1


@pytest.mark.parametrize("today", [TODAY, dt.date(2019, 1, 1)])
def test_open_data_publishes_true_safe_underivable_figures(registry, today):
    session, _ = registry
    margins = registry_margins(open_data(session, MIN_FARMS, GROUP_MIN))
    by_sector, by_intent, farms = margins
    plans = stops_overview(session, None, MIN_FARMS, GROUP_MIN, open_margins=margins, today=today)
    truth = stops_overview(session, User(username="a", role="admin"), 5, 10, today=today)
    assert plans.scope == "open_data"
    # sector table: rows sectors + total, columns intents + farms
    rows = [*plans.per_sector, plans.total]
    true_rows = [*truth.per_sector, truth.total]
    shown = np.array(
        [[*(r.farms_per_intent[i] for i in INTENTS), r.farms] for r in rows], dtype=object
    )
    values = np.array(
        [[*(r.farms_per_intent[i] for i in INTENTS), r.farms] for r in true_rows], dtype=float
    )
    hidden = shown == None  # noqa: E711 (element-wise)
    assert np.all((values == shown.astype(float)) | hidden)  # published = true
    assert not np.any(~hidden & (values > 0) & (values < MIN_FARMS))
    # margins hidden in the open-data table stay hidden here
    for r, s in enumerate(plans.sectors):
        if by_sector[s] is None:
            assert hidden[r, -1]
    # the audit: the total row first, as the helper expects (row 0 = sum of the others)
    order = [len(rows) - 1, *range(len(rows) - 1)]
    known_elsewhere = np.zeros(hidden.shape, dtype=bool)
    known_elsewhere[-1, :] = [by_intent[i] is not None for i in INTENTS] + [farms is not None]
    known_elsewhere[:, -1] = [by_sector[s] is not None for s in plans.sectors] + [farms is not None]
    relations = table_relations(len(rows), 4, 3, [[0, 1, 2]])
    assert derivable_cells((hidden & ~known_elsewhere)[order], relations) == []
    assert plans.suppressed_cells >= int(hidden.sum())

    # year table: published = true, none on too few farms, nothing derivable
    years = [*plans.per_year, plans.per_year_total]
    true_years = [*truth.per_year, truth.per_year_total]
    assert [y.label for y in years] == [y.label for y in true_years]
    shown = np.array(
        [[*(y.farms_per_sector[s] for s in plans.sectors), y.farms] for y in years], dtype=object
    )
    values = np.array(
        [[*(y.farms_per_sector[s] for s in plans.sectors), y.farms] for y in true_years],
        dtype=float,
    )
    hidden = shown == None  # noqa: E711
    assert np.all((values == shown.astype(float)) | hidden)
    assert not np.any(~hidden & (values > 0) & (values < MIN_FARMS))
    order = [len(years) - 1, *range(len(years) - 1)]
    n = len(plans.sectors)
    relations = table_relations(len(years), n + 1, n, [list(range(n))])
    assert derivable_cells(hidden[order], relations) == []
