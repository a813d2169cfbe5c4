"""The bulk path of the farm repository (``add_many``) on SQLite and PostgreSQL: the same farms
and the same audit as one ``add`` per farm, and all or nothing on a UBN that exists."""

from __future__ import annotations

import pytest

from builders import farm
from veekompas.store.farms import ConflictError, FarmRepository


def test_add_many_stores_and_audits_like_add(sessions):
    farms = [
        farm(str(200_000 + i), "Ede" if i % 2 else "Barneveld", calves=100 + i) for i in range(7)
    ]
    with sessions() as s:
        assert FarmRepository(s, "loader").add_many(farms, batch=3) == 7
        s.commit()
    with sessions() as s:
        repo = FarmRepository(s, "loader")
        for expected in farms:
            stored = repo.get(expected.ubn)
            assert stored.model_dump(exclude={"version"}) == expected.model_dump(
                exclude={"version"}
            )
            (entry,) = repo.history(expected.ubn)
            assert entry["action"] == "create" and entry["username"] == "loader"
            assert entry["after"]["animals"][0]["count"] == expected.animals[0].count
        assert repo.existing_ubns(["200003", "999999"]) == {"200003"}


@pytest.mark.parametrize("clash", ["stored", "twice"])
def test_add_many_writes_nothing_on_a_clash(sessions, clash):
    with sessions() as s:
        FarmRepository(s, "loader").add(farm("200100"))
        s.commit()
    farms = [farm("200101"), farm("200100" if clash == "stored" else "200101")]
    with sessions() as s:
        with pytest.raises(ConflictError, match="ubn: farms with UBN 20010"):
            FarmRepository(s, "loader").add_many(farms)
        s.rollback()
    with sessions() as s:
        assert FarmRepository(s, "loader").existing_ubns(["200100", "200101"]) == {"200100"}
