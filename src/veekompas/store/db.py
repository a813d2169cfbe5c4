"""Database connection: embedded SQLite (WAL) under the data directory by default, PostgreSQL when
``VEEKOMPAS_DATABASE_URL`` says so. The same Alembic migrations serve both.

Transactions (the same guarantees on both databases):

- every read inside one transaction sees one snapshot: PostgreSQL runs at REPEATABLE READ; SQLite
  is switched from pysqlite's statement-level autocommit to a real ``BEGIN`` at the first
  statement (SQLAlchemy's recipe for pysqlite), so a farm and its barns come from one version;
- a session made by :func:`write_session_factory` starts SQLite's transaction with ``BEGIN
  IMMEDIATE``: writers queue for the write lock up to the busy timeout instead of failing when
  another writer committed after they started reading; readers never wait (WAL);
- a concurrent change to the same row ends in an error that :func:`is_write_conflict` recognises
  (PostgreSQL's serialization failure), which the API answers with 409 like a stale version.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
WRITE_OPTION = "veekompas_write"
SQLITE_BUSY_TIMEOUT_S = 30
DEFAULT_POOL_SIZE = 16
# SQLSTATE of PostgreSQL's serialization failure and deadlock: the transaction lost a race.
CONFLICT_SQLSTATES = ("40001", "40P01")


def _ensure_sqlite_dir(url: str) -> None:
    path = url.removeprefix("sqlite:///")
    if url.startswith("sqlite") and path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_engine(url: str, pool: dict[str, int]) -> Engine:
    _ensure_sqlite_dir(url)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}, **pool
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # SQLAlchemy, not pysqlite, begins transactions (see _begin): reads then share a snapshot.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(url: str, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """An engine whose pool holds ``pool_size`` connections and as many again on overflow.

    SQLite gets WAL journaling, foreign keys on, a busy timeout and snapshot transactions;
    PostgreSQL gets REPEATABLE READ (see the module's docstring)."""
    pool = {"pool_size": pool_size, "max_overflow": pool_size}
    if url.startswith("sqlite"):
        if ":memory:" in url or url in ("sqlite://", "sqlite:///"):
            return create_engine(url)
        return _sqlite_engine(url, pool)
    return create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ", **pool)


def is_write_conflict(error: BaseException) -> bool:
    """Whether ``error`` is a database's verdict that a concurrent transaction won the race:
    PostgreSQL's serialization failure or deadlock, or SQLite refusing a write on a snapshot
    that another writer's commit has made stale (SQLITE_BUSY_SNAPSHOT)."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlite_errorname", None) == "SQLITE_BUSY_SNAPSHOT":
        return True
    return getattr(error.orig, "sqlstate", None) in CONFLICT_SQLSTATES


def is_duplicate(error: BaseException) -> bool:
    """Whether ``error`` is a unique-constraint violation (two writers created the same key)."""
    if not isinstance(error, IntegrityError):
        return False
    if getattr(error.orig, "sqlstate", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(error.orig)


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's 'database is locked' after the busy timeout."""
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # Alembic only when migrating (start-up of the CLI)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (default: the newest migration)."""
    from alembic import command

    _ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    """The newest migration's revision. Migrations are numbered files (``0005_...py`` holds
    revision ``"0005"``), so this needs no Alembic; a test holds it to Alembic's own head."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def is_current(engine: Engine) -> bool:
    """Whether the database of ``engine`` is at the newest migration (a new one is not)."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no such table: a new (or foreign) database
        return False
    return found == [head_revision()]


def ensure_current(url: str) -> None:
    """Create or migrate the database at ``url`` unless it is at the newest migration already,
    so that every command works on a new data directory (as ``demo load`` and ``serve`` do)."""
    _ensure_sqlite_dir(url)
    engine = make_engine(url, pool_size=1)
    try:
        current = is_current(engine)
    finally:
        engine.dispose()
    if not current:
        upgrade(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading (and for writes where no other writer can run, e.g. the CLI)."""
    return sessionmaker(engine, expire_on_commit=False)


def write_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for requests that write: on SQLite their transaction takes the write lock at its
    start, so concurrent writers queue instead of failing on a stale snapshot."""
    return sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)
