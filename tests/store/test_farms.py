"""The farm repository on SQLite and PostgreSQL: round trip, filters, keyset pages, versions,
audit, and the database's own constraints."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from builders import farm
from veekompas.store.farms import ConflictError, FarmRepository, NotFoundError


def test_round_trip_and_audit(sessions):
    with sessions() as s:
        saved = FarmRepository(s, "planner").add(farm("100001"))
        s.commit()
    assert saved.version == 1
    with sessions() as s:
        repo = FarmRepository(s, "planner")
        assert repo.get("100001") == saved
        assert saved.model_dump(exclude={"version"}) == farm("100001").model_dump(
            exclude={"version"}
        )
        history = repo.history("100001")
    assert [h["action"] for h in history] == ["create"]
    assert history[0]["username"] == "planner" and history[0]["before"] is None
    assert history[0]["after"]["housings"][0]["dierplaatsen"] == 400


def test_filters_and_keyset_pages(sessions):
    with sessions() as s:
        repo = FarmRepository(s, "admin")
        for i in range(7):
            repo.add(farm(f"2000{i:02d}", municipality="Ede" if i % 2 else "Barneveld",
                          intent="stopper" if i < 3 else "blijver"))  # fmt: skip
        s.commit()
        assert [f.ubn for f in repo.list(municipality="Ede")] == ["200001", "200003", "200005"]
        assert [f.ubn for f in repo.list(intent="stopper")] == ["200000", "200001", "200002"]
        first = repo.list(limit=3)
        second = repo.list(limit=3, after_ubn=first[-1].ubn)
        assert [f.ubn for f in first + second] == [f"2000{i:02d}" for i in range(6)]
        assert len(list(repo.iter_all(batch=2))) == 7
        # count agrees with the filters of list, whatever the page size
        assert repo.count() == 7 and repo.count(municipality="Ede") == 3
        assert repo.count(municipality="Ede", intent="stopper") == 1  # 200001
        assert repo.count(ubns=["200001", "200002", "999999"]) == 2 and repo.count(ubns=[]) == 0
        assert repo.count(search="20000") == 7 and repo.count(search="onbekend") == 0


def test_update_bumps_version_and_stale_writer_gets_conflict(sessions):
    with sessions() as s:
        FarmRepository(s, "a").add(farm("300001"))
        s.commit()
    with sessions() as s1, sessions() as s2:
        read1 = FarmRepository(s1, "writer1").get("300001")
        read2 = FarmRepository(s2, "writer2").get("300001")
        FarmRepository(s1, "writer1").update(read1.model_copy(update={"name": "Eerste"}))
        s1.commit()
        # s2 still reads version 1 in its snapshot; the database refuses its write
        with pytest.raises(ConflictError, match="version: farm 300001 was changed by someone"):
            FarmRepository(s2, "writer2").update(read2.model_copy(update={"name": "Tweede"}))
        s2.rollback()
    with sessions() as s:
        repo = FarmRepository(s, "a")
        current = repo.get("300001")
        assert (current.name, current.version) == ("Eerste", 2)
        assert [h["action"] for h in repo.history("300001")] == ["create", "update"]
        assert repo.history("300001")[1]["before"]["name"] == "Bedrijf 300001"
        # an unchanged write changes nothing and is not audited
        assert repo.update(current) == current
        assert len(repo.history("300001")) == 2


def test_delete_and_missing(sessions):
    with sessions() as s:
        repo = FarmRepository(s, "admin")
        repo.add(farm("400001"))
        with pytest.raises(ConflictError):
            repo.add(farm("400001"))
        repo.delete("400001")
        s.commit()
        with pytest.raises(NotFoundError):
            repo.get("400001")
        assert repo.history("400001") == []  # no farm now; its lifetime stays in the log
        rows = s.execute(
            text("SELECT action, farm_uid FROM audit_log WHERE entity_key = '400001' ORDER BY id")
        ).all()
        assert [r[0] for r in rows] == ["create", "delete"] and rows[0][1] == rows[1][1]


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        ("UPDATE animal_group SET count = -1", "count"),
        ("UPDATE housing SET dierplaatsen = -5", "dierplaatsen"),
        ("UPDATE succession SET intent = 'misschien'", "intent"),
        ("UPDATE farm SET x_rd = -1", "rd_new"),
        (
            "INSERT INTO app_user (username, password_hash, role) VALUES ('x', 'h', 'koning')",
            "role",
        ),
    ],
)
def test_database_constraints_guard_invariants(sessions, statement, constraint):
    with sessions() as s:
        FarmRepository(s, "admin").add(farm("500001"))
        s.commit()
        with pytest.raises(IntegrityError):
            s.execute(text(statement))
            s.flush()
        s.rollback()


def test_roles_are_seeded_by_the_migration(sessions):
    with sessions() as s:
        roles = {r for (r,) in s.execute(text("SELECT name FROM role"))}
    assert roles == {"admin", "regio", "gemeente", "adviseur", "boer", "publiek"}
