"""CSV import/export: round trip (property-tested), validate-all-first, --skip-invalid, upsert."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.domain.registry import (
    SECTORS,
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.store.exchange import farms_to_csv, parse_csv

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,\"'éë-", min_size=1, max_size=30)
names = names.map(str.strip).filter(bool)
locations = st.builds(
    Location,
    x_rd=st.integers(150_000, 200_000).map(float),
    y_rd=st.integers(430_000, 480_000).map(float),
    place=st.none() | names,
)
housings = st.builds(
    Housing,
    stalsysteem_code=st.sampled_from(["A4.100", "A1.13"]),
    animal_category=st.sampled_from(["vleeskalveren", "melkkoeien"]),
    dierplaatsen=st.integers(0, 5000),
    year_built=st.none() | st.integers(1950, 2026),
)
animals = st.builds(
    AnimalGroup,
    category=st.sampled_from(["vleeskalveren"]),
    count=st.integers(0, 5000),
    counted_on=st.dates(dt.date(2000, 1, 1)),
)
crops = st.builds(
    RegistryCrop,
    crop=st.sampled_from(["snijmais", "grasland_blijvend"]),
    ha=st.integers(0, 20000).map(lambda v: v / 100),
    own_fodder=st.booleans(),
)
successions = st.builds(
    Succession,
    farmer_birth_year=st.none() | st.integers(1940, 2000),
    successor=st.sampled_from(["ja", "nee", "onbekend"]),
    intent=st.sampled_from(["stopper", "blijver", "onbekend"]),
)
registry_farms = st.builds(
    RegistryFarm,
    ubn=st.from_regex(r"[1-9]\d{5}", fullmatch=True),
    name=names,
    kvk=st.none() | st.from_regex(r"\d{8}", fullmatch=True),
    municipality=st.sampled_from(["Barneveld", "Ede", "Nijkerk", "Scherpenzeel"]),
    sector=st.sampled_from(SECTORS),
    location=locations,
    housings=st.lists(housings, max_size=3).map(tuple),
    animals=st.lists(animals, max_size=2).map(tuple),
    crops=st.lists(crops, max_size=2).map(tuple),
    succession=successions,
    permitted_nh3_kg_per_year=st.none() | st.integers(0, 100_000).map(float),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(registry_farms, max_size=4, unique_by=lambda f: f.ubn))
def test_csv_round_trip_reproduces_the_farms(farms):
    parsed = parse_csv(farms_to_csv(farms))
    assert parsed.problems == []
    assert parsed.farms == farms


BAD_ROWS = """\
record,ubn,name,municipality,x_rd,y_rd,intent,stalsysteem_code,animal_category,dierplaatsen,\
category,count,counted_on
farm,900001,Goed,Ede,172000,460000,blijver,,,,,,
housing,900001,,,,,,A4.100,vleeskalveren,300,,,
farm,900002,Fout,Ede,172000,460000,misschien,,,,,,
animal,900002,,,,,,,,,vleeskalveren,-3,2026-04-01
housing,900003,,,,,,A4.100,vleeskalveren,10,,,
"""


def test_every_problem_is_reported_with_row_field_value_and_reason():
    parsed = parse_csv(BAD_ROWS)
    found = {(p.row, p.field, p.value) for p in parsed.problems}
    assert found == {(4, "intent", "misschien"), (5, "count", "-3"), (0, "ubn", "900003")}
    assert [f.ubn for f in parsed.farms] == ["900001"]
    assert sorted(parsed.skipped_ubns) == ["900002"]


def test_import_writes_nothing_on_problems_unless_skip_invalid(database_url, sessions, tmp_path):
    runner = CliRunner()
    env = {"VEEKOMPAS_DATABASE_URL": database_url}
    path = tmp_path / "farms.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    refused = runner.invoke(app, ["farms", "import", str(path)], env=env)
    assert refused.exit_code == 2
    assert "row 4, intent = 'misschien'" in refused.stderr
    assert refused.stderr.endswith("error: FILE: 3 problem(s); nothing imported\n")
    assert runner.invoke(app, ["farms", "list"], env=env).stdout.count("9000") == 0
    partial = runner.invoke(app, ["farms", "import", str(path), "--skip-invalid"], env=env)
    assert partial.exit_code == 0
    assert "nieuw 1, bijgewerkt 0, ongewijzigd 0, overgeslagen 1 (900002)" in partial.stdout


def test_export_import_is_idempotent_and_upserts(database_url, sessions, tmp_path):
    from veekompas.store.farms import FarmRepository

    with sessions() as s:
        repo = FarmRepository(s, "admin")
        repo.add(farm("910001"))
        repo.add(farm("910002", municipality="Ede"))
        s.commit()
    runner = CliRunner()
    env = {"VEEKOMPAS_DATABASE_URL": database_url}
    path = tmp_path / "export.csv"
    assert runner.invoke(app, ["farms", "export", str(path)], env=env).exit_code == 0
    again = runner.invoke(app, ["farms", "import", str(path)], env=env)
    assert "nieuw 0, bijgewerkt 0, ongewijzigd 2" in again.stdout
    path.write_text(path.read_text().replace("Bedrijf 910002", "Nieuwe naam"))
    changed = runner.invoke(app, ["farms", "import", str(path)], env=env)
    assert "bijgewerkt 1, ongewijzigd 1" in changed.stdout
    with sessions() as s:
        assert FarmRepository(s, "x").get("910002").name == "Nieuwe naam"
