"""Checks of a backup file before a restore touches the live database: a readable SQLite
database or PostgreSQL custom-format dump, with the registry's tables and an Alembic revision
that this code knows (the newest or an older one it can migrate). Each failure is one line,
``InputError("FILE", ...)``."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import subprocess
from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory

from veekompas.errors import InputError
from veekompas.store.db import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"
# the tables of the first migration, which every later revision keeps
REGISTRY_TABLES = (
    "alembic_version",
    "farm",
    "housing",
    "animal_group",
    "crop_area",
    "succession",
    "app_user",
    "role",
    "consent",
    "audit_log",
)


@cache
def known_revisions() -> tuple[str, ...]:
    """The Alembic revisions of this code, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return tuple(reversed([s.revision for s in script.walk_revisions()]))


def check_revision(file: Path, revisions: list[str]) -> None:
    if len(revisions) != 1:
        found = ", ".join(sorted(revisions)) or "none"
        raise InputError(
            "FILE", f"{file} has {len(revisions)} schema revisions ({found}); a backup has one"
        )
    known = known_revisions()
    if revisions[0] not in known:
        raise InputError(
            "FILE",
            f"{file} has schema revision {revisions[0]!r}, which this veekompas does not know "
            f"(known: {', '.join(known)}); restore it with the veekompas that wrote it",
        )


def check_tables(file: Path, tables: set[str]) -> None:
    missing = [t for t in REGISTRY_TABLES if t not in tables]
    if missing:
        raise InputError(
            "FILE",
            f"{file} is not a veekompas registry backup: tables {', '.join(missing)} missing",
        )


def check_sqlite_header(file: Path) -> None:
    """The file starts as a SQLite database does (an empty file would open as an empty one)."""
    with file.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise InputError("FILE", f"{file} is empty; not a backup")
    if head != SQLITE_HEADER:
        raise InputError("FILE", f"{file} is not a SQLite database backup")


def check_sqlite_copy(file: Path, copy: Path) -> None:
    """Integrity, tables and revision of ``copy``, a private copy of the backup ``file``."""
    try:
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            verdict = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if verdict != ["ok"]:
                raise InputError("FILE", f"{file} is damaged (quick_check: {verdict[0]})")
            names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            check_tables(file, {row[0] for row in names})
            rows = conn.execute("SELECT version_num FROM alembic_version")
            check_revision(file, [row[0] for row in rows])
    except sqlite3.DatabaseError as exc:
        raise InputError("FILE", f"{file} is not a readable SQLite database ({exc})") from None


_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ")
_COPY = re.compile(r"^COPY \S*alembic_version \(version_num\) FROM stdin;$")


def check_pg_dump(file: Path, pg_restore: str) -> None:
    """``pg_restore --list`` reads the dump and lists the registry's tables; the dump's
    ``alembic_version`` row is a known revision."""
    listed = subprocess.run([pg_restore, "--list", str(file)], capture_output=True, text=True)
    if listed.returncode:
        reason = (listed.stderr.strip().splitlines() or ["unreadable"])[-1]
        raise InputError(
            "FILE", f"{file} is not a PostgreSQL backup of pg_dump's custom format ({reason})"
        )
    tables = {m.group(1) for line in listed.stdout.splitlines() if (m := _TABLE.match(line))}
    check_tables(file, tables)
    data = subprocess.run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(file)],
        capture_output=True,
        text=True,
    )
    lines = data.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if _COPY.match(line)), None)
    revisions = []
    if start is not None:
        for line in lines[start + 1 :]:
            if line == "\\.":
                break
            revisions.append(line.strip())
    check_revision(file, revisions)
