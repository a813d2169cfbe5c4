"""Migration 0005 on a registry with data (SQLite and PostgreSQL): every farm gets a lifetime
uid; existing audit rows are split into lifetimes at each delete, so a live farm keeps its own
history and not that of a deleted farm with the same UBN; API tokens without expiry get 90 days."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import insert, select, text

from veekompas.store.db import alembic_config, make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.models import TokenRow

AUDIT = [  # (entity, entity_key, action) in order; 100001 was deleted and registered again
    ("farm", "100001", "create"),
    ("consent", "100001", "create"),
    ("farm", "100001", "update"),
    ("farm", "100001", "delete"),
    ("farm", "200002", "create"),
    ("user", "planner", "create"),
    ("farm", "100001", "create"),
    ("farm", "100001", "update"),
    ("farm", "200002", "delete"),
    ("farm", "300003", "create"),
]


def _fill_at_0004(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for ubn in ("100001", "300003"):
            conn.execute(
                text(
                    "INSERT INTO farm (ubn, name, municipality, sector, x_rd, y_rd, version) "
                    "VALUES (:ubn, 'Boer', 'Ede', 'overig', 172000, 460000, 1)"
                ),
                {"ubn": ubn},
            )
        for entity, key, action in AUDIT:
            conn.execute(
                text(
                    "INSERT INTO audit_log (username, action, entity, entity_key) "
                    "VALUES ('setup', :action, :entity, :key)"
                ),
                {"action": action, "entity": entity, "key": key},
            )
        user = "INSERT INTO app_user (username, password_hash, role) VALUES ('p', 'x', 'regio')"
        conn.execute(text(user))
        user_id = conn.scalar(text("SELECT id FROM app_user"))
        session_end = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        for sha, kind, expires in (("a" * 64, "api", None), ("b" * 64, "session", session_end)):
            conn.execute(
                insert(TokenRow.__table__).values(
                    user_id=user_id, token_sha256=sha, kind=kind, expires_at=expires
                )
            )
    engine.dispose()


def test_existing_audit_rows_are_split_into_farm_lifetimes(database_url):
    command.downgrade(alembic_config(database_url), "0004")
    _fill_at_0004(database_url)
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        farms = dict(conn.execute(text("SELECT ubn, farm_uid FROM farm")).all())
        uids = [u for (u,) in conn.execute(text("SELECT farm_uid FROM audit_log ORDER BY id"))]
        tokens = dict(conn.execute(select(TokenRow.kind, TokenRow.expires_at)).all())
    assert len(set(farms.values())) == 2 and all(len(u) == 36 for u in farms.values())
    first, gone = uids[0], uids[4]
    assert uids[:4] == [first] * 4  # the deleted farm 100001, its consent included
    assert uids[6:8] == [farms["100001"]] * 2  # the farm registered again
    assert uids[8] == gone and uids[9] == farms["300003"] and uids[5] is None
    assert len({first, gone, farms["100001"], farms["300003"]}) == 4
    with session_factory(engine)() as s:
        history = FarmRepository(s, "x").history("100001")
    engine.dispose()
    assert [h["action"] for h in history] == ["create", "update"]
    api_end = tokens["api"] if tokens["api"].tzinfo else tokens["api"].replace(tzinfo=dt.UTC)
    expected = dt.datetime.now(dt.UTC) + dt.timedelta(days=90)
    assert abs(api_end - expected) < dt.timedelta(minutes=5)
    assert tokens["session"].replace(tzinfo=None) == dt.datetime(2030, 1, 1)
