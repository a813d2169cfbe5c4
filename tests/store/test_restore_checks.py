"""`veekompas db restore` checks the file before it touches the live database: an empty file, a
text file, a SQLite file without the registry's tables, one with a schema revision this code does
not know, and a damaged one are each one line on stderr, exit 2, and the live database keeps its
farms; a good backup restores (an older revision is migrated). SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.store import backup as backup_module
from veekompas.store.backup import pg_tool
from veekompas.store.backup_check import known_revisions
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository

runner = CliRunner()


def cli(url: str, *args: str):
    return runner.invoke(app, list(args), env={"VEEKOMPAS_DATABASE_URL": url})


def ubns(url: str) -> list[str]:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        found = [f.ubn for f in FarmRepository(s, "test").list()]
    engine.dispose()
    return found


def add_farms(url: str, *numbers: str) -> None:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        repo = FarmRepository(s, "test")
        for ubn in numbers:
            repo.add(farm(ubn))
        s.commit()
    engine.dispose()


def sqlite_file(path, statements: list[str]):
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    return path


def refused(url: str, file, message: str) -> None:
    before = ubns(url)
    answer = cli(url, "db", "restore", str(file))
    assert answer.exit_code == 2, answer.output
    assert answer.stderr == f"fout: FILE: {file}{message}\n"
    assert "hersteld" not in answer.output
    assert ubns(url) == before == ["600001", "600002"]


@pytest.fixture
def live(database_url):
    add_farms(database_url, "600001", "600002")
    return database_url


def test_an_empty_or_text_file_is_refused(live, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    text = tmp_path / "notes.txt"
    text.write_text("dit is geen back-up\n" * 50)
    if live.startswith("sqlite"):
        refused(live, empty, " is leeg; geen back-up")
        refused(live, text, " is geen back-up van een SQLite-database")
    else:
        for file in (empty, text):
            before = ubns(live)
            answer = cli(live, "db", "restore", str(file))
            assert answer.exit_code == 2 and answer.stderr.count("\n") == 1
            assert answer.stderr.startswith(
                f"fout: FILE: {file} is geen PostgreSQL-back-up in het custom-formaat van pg_dump ("
            )
            assert ubns(live) == before


def test_sqlite_files_without_the_registry_or_with_an_unknown_revision(tmp_path):
    url = f"sqlite:///{tmp_path / 'live' / 'veekompas.db'}"
    upgrade(url)
    add_farms(url, "600001", "600002")
    other = sqlite_file(tmp_path / "other.db", ["CREATE TABLE notes (id INTEGER PRIMARY KEY)"])
    refused(
        url,
        other,
        " is geen back-up van een veekompas-register: de tabellen alembic_version, farm, "
        "housing, animal_group, crop_area, succession, app_user, role, consent, audit_log "
        "ontbreken",
    )
    future = tmp_path / "future.db"
    shutil.copy(tmp_path / "live" / "veekompas.db", future)
    sqlite_file(future, ["UPDATE alembic_version SET version_num = '0999'"])
    known = ", ".join(known_revisions())
    refused(
        url,
        future,
        " heeft schemarevisie '0999', die deze veekompas niet kent "
        f"(bekend: {known}); herstel hem met de veekompas die hem schreef",
    )
    twice = tmp_path / "twice.db"
    shutil.copy(tmp_path / "live" / "veekompas.db", twice)
    sqlite_file(twice, ["INSERT INTO alembic_version VALUES ('0001')"])
    refused(
        url,
        twice,
        f" heeft 2 schemarevisies (0001, {known_revisions()[-1]}); een back-up heeft er één",
    )
    damaged = tmp_path / "damaged.db"
    shutil.copy(tmp_path / "live" / "veekompas.db", damaged)
    with damaged.open("r+b") as handle:  # overwrite the second page onwards
        handle.seek(4096)
        handle.write(b"\xff" * 8192)
    answer = cli(url, "db", "restore", str(damaged))
    assert answer.exit_code == 2 and answer.stderr.count("\n") == 1
    assert answer.stderr.startswith(f"fout: FILE: {damaged} is ")
    assert ubns(url) == ["600001", "600002"]


def test_a_good_backup_restores_and_an_older_revision_is_migrated(live, tmp_path):
    saved = tmp_path / "backup.bin"
    assert cli(live, "db", "backup", str(saved)).exit_code == 0
    assert not list(tmp_path.glob(".backup.bin.*"))  # the temporary file was renamed
    add_farms(live, "600003")
    answer = cli(live, "db", "restore", str(saved))
    assert answer.exit_code == 0, answer.output
    assert "database hersteld" in answer.stderr
    assert ubns(live) == ["600001", "600002"]


def test_an_older_sqlite_backup_is_migrated_on_restore(tmp_path):
    old = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(old, known_revisions()[0])
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(url)
    add_farms(url, "600001")
    answer = cli(url, "db", "restore", str(tmp_path / "old.db"))
    assert answer.exit_code == 0, answer.output
    assert ubns(url) == []
    with sqlite3.connect(tmp_path / "live.db") as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == known_revisions()[-1]
    add_farms(url, "600009")  # the migrated registry works
    assert ubns(url) == ["600009"]


def test_a_failure_halfway_leaves_the_sqlite_database_intact(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(url)
    add_farms(url, "600001", "600002")
    saved = tmp_path / "backup.db"
    assert cli(url, "db", "backup", str(saved)).exit_code == 0
    add_farms(url, "600003")

    def broken_upgrade(target: str, revision: str = "head") -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(backup_module, "upgrade", broken_upgrade)
    with pytest.raises(RuntimeError, match="disk full"):
        backup_module.restore(url, saved)
    assert ubns(url) == ["600001", "600002", "600003"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_pg_dumps_without_the_registry_or_with_an_unknown_revision(postgres_server, tmp_path):
    names = ("restore_live", "restore_future", "restore_empty")
    engine = make_engine(f"{postgres_server}/postgres").execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    live, future, empty = (f"{postgres_server}/{name}" for name in names)
    for url in (live, future):
        upgrade(url)
    add_farms(live, "600001", "600002")
    engine = make_engine(future)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    engine.dispose()
    dumps = {}
    for name, url in (("future", future), ("empty", empty)):
        dumps[name] = tmp_path / f"{name}.dump"
        assert cli(url, "db", "backup", str(dumps[name])).exit_code == 0
        listed = subprocess.run([pg_tool("pg_restore"), "--list", str(dumps[name])])
        assert listed.returncode == 0  # readable dumps: refused for what they hold
    known = ", ".join(known_revisions())
    refused(
        live,
        dumps["future"],
        " heeft schemarevisie '0999', die deze veekompas niet kent "
        f"(bekend: {known}); herstel hem met de veekompas die hem schreef",
    )
    refused(
        live,
        dumps["empty"],
        " is geen back-up van een veekompas-register: de tabellen alembic_version, farm, "
        "housing, animal_group, crop_area, succession, app_user, role, consent, audit_log "
        "ontbreken",
    )


def test_a_damaged_live_sqlite_file_is_replaced_by_a_good_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(url)
    add_farms(url, "600001")
    saved = tmp_path / "backup.db"
    assert cli(url, "db", "backup", str(saved)).exit_code == 0
    (tmp_path / "live.db").write_bytes(b"kapot" * 1000)
    answer = cli(url, "db", "restore", str(saved))
    assert answer.exit_code == 0, answer.output
    assert ubns(url) == ["600001"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
