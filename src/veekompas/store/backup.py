"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL
through Debian's pg_dump/pg_restore (custom format)."""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from veekompas.errors import InputError


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return (
        Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None
    )


def _pg_tool(name: str) -> str:
    versioned = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise InputError(
            "database_url", f"{name} is not installed (Debian package postgresql-client)"
        )
    return found


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def backup(url: str, file: Path) -> None:
    """Write a consistent copy of the database at ``url`` to ``file``."""
    db_path = _sqlite_path(url)
    if db_path is not None:
        if not db_path.exists():
            raise InputError(
                "database_url", f"{db_path} does not exist; run 'veekompas db upgrade'"
            )
        _sqlite_copy(db_path, file)
        return
    dump = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={file}"]
    done = subprocess.run([*dump, f"--dbname={_libpq_url(url)}"], capture_output=True, text=True)
    if done.returncode:
        raise InputError("database_url", f"pg_dump failed: {done.stderr.strip()}")


def restore(url: str, file: Path) -> None:
    """Replace the database at ``url`` by the backup in ``file``."""
    if not file.is_file():
        raise InputError("FILE", f"{file} does not exist")
    db_path = _sqlite_path(url)
    if db_path is not None:
        try:
            sqlite3.connect(f"file:{file}?mode=ro", uri=True).execute(
                "PRAGMA schema_version"
            ).close()
        except sqlite3.DatabaseError:
            raise InputError("FILE", f"{file} is not a SQLite backup") from None
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(file, db_path)
        return
    load = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    done = subprocess.run(
        [*load, f"--dbname={_libpq_url(url)}", str(file)], capture_output=True, text=True
    )
    if done.returncode:
        raise InputError("FILE", f"pg_restore failed: {done.stderr.strip().splitlines()[-1]}")
