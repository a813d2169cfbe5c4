"""A farm's history belongs to its lifetime, not its UBN (SQLite and PostgreSQL): a UBN
registered again after a delete starts an empty history; the deleted farm's rows stay in the
audit log under their own lifetime uid."""

from __future__ import annotations

from sqlalchemy import select

from builders import farm
from veekompas.store.farms import FarmRepository
from veekompas.store.models import AuditRow, FarmRow


def test_a_reused_ubn_does_not_inherit_the_deleted_farms_history(sessions):
    with sessions() as s:
        old = FarmRepository(s, "eerste")
        saved = old.add(farm("100001"))
        old.update(saved.model_copy(update={"name": "Oude eigenaar"}))
        old.delete("100001")
        s.commit()
        FarmRepository(s, "tweede").add(farm("100001", municipality="Ede"))
        s.commit()
    with sessions() as s:
        history = FarmRepository(s, "x").history("100001")
        rows = s.execute(
            select(AuditRow.action, AuditRow.username, AuditRow.farm_uid)
            .where(AuditRow.entity_key == "100001")
            .order_by(AuditRow.id)
        ).all()
        live_uid = s.scalar(select(FarmRow.farm_uid))
    assert [(h["action"], h["username"]) for h in history] == [("create", "tweede")]
    assert history[0]["after"]["municipality"] == "Ede"
    assert [r.action for r in rows] == ["create", "update", "delete", "create"]
    assert len({r.farm_uid for r in rows[:3]}) == 1  # the deleted farm's lifetime, kept
    assert rows[0].farm_uid != live_uid == rows[3].farm_uid


def test_an_unknown_ubn_has_no_history(sessions):
    with sessions() as s:
        repo = FarmRepository(s, "x")
        repo.add(farm("100001"))
        repo.delete("100001")
        s.commit()
        assert repo.history("100001") == []
