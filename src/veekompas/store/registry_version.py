"""A key that changes whenever the registry's committed data changes, for caches of derived
figures. Read inside the request's transaction, it belongs to the same snapshot as the figures
computed after it, so a cached value is never older than the snapshot that asks for it.

- PostgreSQL: the transaction's snapshot itself (``pg_current_snapshot()``: xmin, xmax and the
  transactions in flight). Two snapshots with the same text see the same committed
  transactions, hence the same data; read-only transactions get no transaction id, so only
  writes move it.
- SQLite: writers are serialised (one write lock), so ids are handed out in commit order. Every
  write of a farm (barns, animals, crops, succession), a consent or a user adds an audit row,
  so the newest audit id moves on every write; the farm count is added so that a database
  replaced under a running server (``db restore``) is unlikely to pass for the old one, and
  cached entries expire anyway (``web/plumbing/cache.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from veekompas.store.models import AuditRow, FarmRow

SQLITE_KEY = select(
    select(func.max(AuditRow.id)).scalar_subquery(),
    select(func.count(FarmRow.id)).scalar_subquery(),
)


def registry_version(session: Session) -> tuple[Any, ...]:
    """A hashable key of the session's snapshot of the registry (one query)."""
    if session.get_bind().dialect.name == "postgresql":
        return (session.scalar(text("SELECT pg_current_snapshot()::text")),)
    return tuple(session.execute(SQLITE_KEY).one())
