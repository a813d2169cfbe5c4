"""The Alembic migrations build exactly the tables of ``store.models``, on SQLite and PostgreSQL,
and can be walked down to the base and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from veekompas.store.db import alembic_config, make_engine, upgrade
from veekompas.store.models import Base


def _differences(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    return diff


def test_migrations_match_the_models(database_url):
    assert _differences(database_url) == []


def test_downgrade_to_base_and_up_again(database_url):
    command.downgrade(alembic_config(database_url), "base")
    upgrade(database_url)
    assert _differences(database_url) == []
