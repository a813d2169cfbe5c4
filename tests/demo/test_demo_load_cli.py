"""`veekompas demo load` into SQLite: all farms, --if-empty does not duplicate, a second plain
load refuses and writes nothing, and `farms list --municipality Ede` shows Ede farms."""

from __future__ import annotations

from sqlalchemy import func, select
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.format_nl import number
from veekompas.store.db import make_engine
from veekompas.store.models import AuditRow, FarmRow

runner = CliRunner()


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url, "COLUMNS": "200"})


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        farms = conn.scalar(select(func.count()).select_from(FarmRow))
        audits = conn.scalar(select(func.count()).select_from(AuditRow))
    engine.dispose()
    return farms, audits


def test_demo_load_if_empty_twice_and_list_ede(tmp_path, demo_region):
    url = f"sqlite:///{tmp_path / 'fresh' / 'veekompas.db'}"  # not migrated: load migrates
    first = cli(url, "demo", "load", "--if-empty")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith(
        f"demoregio geladen: {number(len(demo_region), 0)} nieuw, 0 bijgewerkt;"
    )
    assert counts(url) == (len(demo_region), len(demo_region))  # one audit entry per farm
    second = cli(url, "demo", "load", "--if-empty")
    assert second.exit_code == 0
    assert second.stderr == "register is niet leeg: demoregio niet geladen\n"
    assert counts(url) == (len(demo_region), len(demo_region))
    listed = cli(url, "farms", "list", "--municipality", "Ede", "--limit", "1000")
    ede = {f.ubn for f in demo_region if f.municipality == "Ede"}
    assert listed.exit_code == 0 and f"Bedrijven ({number(len(ede), 0)})" in listed.stdout
    shown = {line.split("│")[1].strip() for line in listed.stdout.splitlines() if "│" in line}
    assert shown == ede


def test_second_plain_load_refuses_and_writes_nothing(tmp_path, demo_region):
    url = f"sqlite:///{tmp_path / 'veekompas.db'}"
    assert cli(url, "demo", "load").exit_code == 0
    before = counts(url)
    again = cli(url, "demo", "load")
    assert again.exit_code == 2
    assert again.stderr == (
        "fout: --replace: demobedrijf 9000001 staat al in het register; gebruik --replace om de "
        "demoregio opnieuw te schrijven of --if-empty om haar over te slaan\n"
    )
    assert counts(url) == before
    both = cli(url, "demo", "load", "--if-empty", "--replace")
    assert both.exit_code == 2
    assert both.stderr == "fout: --replace: gebruik --if-empty of --replace, niet beide\n"
