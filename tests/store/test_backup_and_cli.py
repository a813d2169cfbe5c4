"""`veekompas db backup|restore` round trip and `veekompas farms list|show`, on SQLite and
PostgreSQL (the database is chosen by VEEKOMPAS_DATABASE_URL, as in production)."""

from __future__ import annotations

import json

from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.store.farms import FarmRepository

runner = CliRunner()


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url, "COLUMNS": "200"})


def test_backup_restore_round_trip(database_url, sessions, tmp_path):
    with sessions() as s:
        repo = FarmRepository(s, "admin")
        repo.add(farm("600001"))
        repo.add(farm("600002", municipality="Ede", intent="stopper"))
        s.commit()
        before = [f.model_dump() for f in repo.list()]
    backup_file = tmp_path / "backup.bin"
    result = cli(database_url, "db", "backup", str(backup_file))
    assert result.exit_code == 0, result.stderr
    assert backup_file.stat().st_size > 0
    with sessions() as s:
        FarmRepository(s, "admin").delete("600001")
        s.commit()
    result = cli(database_url, "db", "restore", str(backup_file))
    assert result.exit_code == 0, result.stderr
    with sessions() as s:
        assert [f.model_dump() for f in FarmRepository(s, "admin").list()] == before


def test_restore_refuses_a_missing_or_foreign_file(database_url, tmp_path):
    result = cli(database_url, "db", "restore", str(tmp_path / "nope.bin"))
    assert result.exit_code == 2 and result.stderr.endswith("nope.bin bestaat niet\n")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all" * 100)
    result = cli(database_url, "db", "restore", str(junk))
    assert result.exit_code == 2
    assert result.stderr.startswith("fout: FILE: ") and result.stderr.count("\n") == 1


def test_farms_list_and_show(database_url, sessions):
    with sessions() as s:
        repo = FarmRepository(s, "admin")
        repo.add(farm("700001"))
        repo.add(farm("700002", municipality="Ede", intent="stopper"))
        s.commit()
    listed = cli(database_url, "farms", "list", "--municipality", "Ede")
    assert listed.exit_code == 0
    assert "700002" in listed.stdout and "700001" not in listed.stdout
    shown = cli(database_url, "farms", "show", "700001", "--json")
    assert json.loads(shown.stdout)["housings"][0]["dierplaatsen"] == 400
    missing = cli(database_url, "farms", "show", "999")
    assert (missing.exit_code, missing.stderr) == (2, "fout: ubn: geen bedrijf met UBN '999'\n")
    bad = cli(database_url, "farms", "list", "--intent", "misschien")
    assert bad.exit_code == 2
    assert (
        bad.stderr
        == "fout: --intent: 'misschien' is niet toegestaan; kies uit stopper, blijver of onbekend\n"
    )


def test_db_upgrade_creates_the_default_sqlite_database(tmp_path):
    env = {"VEEKOMPAS_DATA_DIR": str(tmp_path / "data"), "VEEKOMPAS_DATABASE_URL": ""}
    result = runner.invoke(app, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "data" / "veekompas.db").exists()
