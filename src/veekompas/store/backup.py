"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL
through Debian's pg_dump/pg_restore (custom format).

A backup is written to a temporary file in the target's folder and renamed, so a backup file is
never half-written. A restore checks the file first (:mod:`veekompas.store.backup_check`: a
readable database or dump with the registry's tables and a schema revision this code knows) and
touches the live database only when it passes, in one transaction:

- SQLite: the file is copied to a temporary database beside the live one, checked
  (``PRAGMA quick_check``, tables, revision) and migrated to the newest revision there; then it
  replaces the live database's content in a single step of SQLite's backup API, which is one
  write transaction (a crash or error leaves the old database as it was, and other connections
  see either the old or the new database). A live file that is not a SQLite database at all is
  replaced by renaming the checked copy over it.
- PostgreSQL: ``pg_restore --single-transaction --exit-on-error`` (all or nothing), then the
  migrations.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from veekompas.errors import InputError
from veekompas.store.backup_check import check_pg_dump, check_sqlite_copy, check_sqlite_header
from veekompas.store.db import upgrade


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return (
        Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None
    )


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL client program (the newest Debian version), or ``InputError``."""
    versioned = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise InputError(
            "database_url", f"{name} is not installed (Debian package postgresql-client)"
        )
    return found


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_copy(source: Path, target: Path, *, read_only: bool = False) -> None:
    """Copy the database ``source`` into ``target`` in one step (one write transaction)."""
    src = (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        if read_only
        else sqlite3.connect(source)
    )
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


@contextlib.contextmanager
def _temporary_beside(target: Path, suffix: str) -> Iterator[Path]:
    """A fresh temporary path in ``target``'s folder, removed afterwards (with SQLite's side
    files) unless it was renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(handle)
    path = Path(name)
    path.unlink()
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def backup(url: str, file: Path) -> None:
    """Write a consistent copy of the database at ``url`` to ``file`` (temporary file, renamed)."""
    db_path = _sqlite_path(url)
    if db_path is not None and not db_path.exists():
        raise InputError("database_url", f"{db_path} does not exist; run 'veekompas db upgrade'")
    with _temporary_beside(file, ".part") as part:
        if db_path is not None:
            _sqlite_copy(db_path, part)
        else:
            dump = [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={part}"]
            done = subprocess.run(
                [*dump, f"--dbname={_libpq_url(url)}"], capture_output=True, text=True
            )
            if done.returncode:
                raise InputError("database_url", f"pg_dump failed: {_last_line(done.stderr)}")
        os.replace(part, file)


def restore(url: str, file: Path) -> None:
    """Replace the database at ``url`` by the backup in ``file`` after checking the file; a file
    that fails a check is a one-line ``InputError("FILE", ...)`` and nothing is touched."""
    if not file.is_file():
        raise InputError("FILE", f"{file} does not exist")
    db_path = _sqlite_path(url)
    if db_path is not None:
        _restore_sqlite(file, db_path)
    else:
        _restore_pg(url, file)


def _restore_sqlite(file: Path, db_path: Path) -> None:
    check_sqlite_header(file)
    with _temporary_beside(db_path, ".restore") as copy:
        try:
            _sqlite_copy(file, copy, read_only=True)
        except sqlite3.DatabaseError as exc:
            raise InputError("FILE", f"{file} is not a readable SQLite database ({exc})") from None
        check_sqlite_copy(file, copy)
        upgrade(f"sqlite:///{copy}")
        try:
            _sqlite_copy(copy, db_path)
        except sqlite3.DatabaseError as exc:
            if _is_sqlite_database(db_path):
                raise InputError(
                    "database_url", f"{db_path} was not replaced ({exc}); it is unchanged"
                ) from None
            for side in ("-wal", "-shm", "-journal"):  # a damaged live file's, never the copy's
                Path(f"{db_path}{side}").unlink(missing_ok=True)
            os.replace(copy, db_path)


def _is_sqlite_database(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False


def _restore_pg(url: str, file: Path) -> None:
    check_pg_dump(file, pg_tool("pg_restore"))
    load = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    load += ["--single-transaction", "--exit-on-error"]
    done = subprocess.run(
        [*load, f"--dbname={_libpq_url(url)}", str(file)], capture_output=True, text=True
    )
    if done.returncode:
        raise InputError("FILE", f"pg_restore failed: {_last_line(done.stderr)}")
    upgrade(url)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
