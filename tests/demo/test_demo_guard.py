"""Demo data stays out of real registries: `veekompas demo load --users` (what `make run` runs)
refuses a registry that holds a farm or user that is not the demo's, with one line and exit 2,
and writes nothing; on a demo registry it is repeatable."""

from __future__ import annotations

from sqlalchemy import func, select
from typer.testing import CliRunner

from registry_builders import registry_farm
from veekompas.cli import app
from veekompas.demo.guard import DEMO_USERNAMES
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.models import AuditRow, ConsentRow, FarmRow, UserRow
from veekompas.store.users import UserRepository

runner = CliRunner()
NOTE = "(make run houdt zijn demo in data/demo)"


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url})


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {
            row.__tablename__: conn.scalar(select(func.count()).select_from(row))
            for row in (FarmRow, UserRow, ConsentRow, AuditRow)
        }
    engine.dispose()
    return out


def registry_with(tmp_path, farms=(), users=()) -> str:
    url = f"sqlite:///{tmp_path / 'veekompas.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        FarmRepository(s, "beheer").add_many(list(farms))
        for name in users:
            UserRepository(s).add(name, "een-lang-wachtwoord", "regio")
        s.commit()
    engine.dispose()
    return url


def test_a_registry_with_one_real_farm_gets_no_demo_users_nor_farms(tmp_path):
    url = registry_with(tmp_path, farms=[registry_farm(1, "Ede")])
    before = counts(url)
    assert before == {"farm": 1, "app_user": 0, "consent": 0, "audit_log": 1}
    users_refused = (
        "fout: --users: het register bevat bedrijf 8100001, geen demobedrijf; demogebruikers "
        f"horen alleen in een demoregister {NOTE}\n"
    )
    for args in (["--users"], ["--if-empty", "--users"], ["--replace", "--users"]):
        answer = cli(url, "demo", "load", *args)
        assert answer.exit_code == 2, args
        assert answer.stderr == users_refused and answer.stdout == ""
        assert counts(url) == before
    plain = cli(url, "demo", "load")
    assert plain.exit_code == 2
    assert plain.stderr == (
        "fout: registry: het register bevat bedrijf 8100001, geen demobedrijf; de demoregio "
        f"hoort alleen in een demoregister {NOTE}\n"
    )
    assert counts(url) == before
    skipped = cli(url, "demo", "load", "--if-empty")
    assert skipped.exit_code == 0 and "niet geladen" in skipped.stderr
    assert counts(url) == before


def test_a_real_farm_with_a_demo_ubn_is_still_found(tmp_path):
    """A registry of demo farms plus one farm outside the demo's UBNs is a real registry."""
    url = f"sqlite:///{tmp_path / 'veekompas.db'}"
    assert cli(url, "demo", "load").exit_code == 0
    engine = make_engine(url)
    with session_factory(engine)() as s:
        FarmRepository(s, "beheer").add(registry_farm(5, "Ede"))
        s.commit()
    engine.dispose()
    before = counts(url)
    answer = cli(url, "demo", "load", "--if-empty", "--users")
    assert answer.exit_code == 2 and "bevat bedrijf 8100005, geen demobedrijf" in answer.stderr
    assert counts(url) == before


def test_a_registry_with_a_real_user_gets_no_demo_users(tmp_path):
    url = registry_with(tmp_path, users=["jan"])
    before = counts(url)
    answer = cli(url, "demo", "load", "--if-empty", "--users")
    assert answer.exit_code == 2
    assert answer.stderr == (
        "fout: --users: het register bevat gebruiker 'jan', geen demogebruiker; demogebruikers "
        f"horen alleen in een demoregister {NOTE}\n"
    )
    assert counts(url) == before


def test_the_demo_registry_loads_again_as_make_run_does(tmp_path, demo_region):
    url = f"sqlite:///{tmp_path / 'demo' / 'veekompas.db'}"
    first = cli(url, "demo", "load", "--if-empty", "--users")
    assert first.exit_code == 0, first.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        names = set(conn.scalars(select(UserRow.username)))
    engine.dispose()
    assert names == set(DEMO_USERNAMES)
    after_first = counts(url)
    again = cli(url, "demo", "load", "--if-empty", "--users")
    assert again.exit_code == 0, again.stderr
    assert again.stderr == "register is niet leeg: demoregio niet geladen\n"
    assert counts(url) == after_first
    assert after_first["farm"] == len(demo_region)


def test_the_speed_check_regions_synthetic_farms_count_as_demo_farms(tmp_path):
    """benchmarks/web.py and load.py add the demo users to demo.large's region (UBNs 91xxxxx);
    a UBN that only starts like one (8 digits) is a real farm."""
    from veekompas.demo.guard import first_real_farm

    synthetic = registry_farm(1, "Ede").model_copy(update={"ubn": "9100001"})
    url = registry_with(tmp_path, farms=[synthetic])
    engine = make_engine(url)
    with session_factory(engine)() as s:
        assert first_real_farm(s) is None
        FarmRepository(s, "beheer").add(synthetic.model_copy(update={"ubn": "91000010"}))
        assert first_real_farm(s) == "91000010"
    engine.dispose()
