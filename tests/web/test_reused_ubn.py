"""UBNs and what they reveal: a UBN registered again after a delete starts an empty history (API
and farm page); a gemeente adding a UBN registered outside its reach gets the answer of a free
UBN while nothing is written; within reach a duplicate stays an honest 409."""

from __future__ import annotations

from registry_setup import FARM_A, FARM_B, PASSWORD
from sqlalchemy import func, select

from builders import farm
from veekompas.store.db import make_engine
from veekompas.store.models import AuditRow, FarmRow


def _body(ubn: str, municipality: str, **changes) -> dict:
    return farm(ubn, municipality).model_dump(mode="json") | changes


def test_a_reused_ubn_shows_only_the_new_farms_history(registry_app):
    c, admin, gemeente = (
        registry_app.client,
        registry_app.as_("admin"),
        registry_app.as_("gemeente"),
    )
    assert c.post("/api/v1/farms", json=_body("200100", "Ede"), headers=admin).status_code == 201
    edited = _body("200100", "Ede", name="Eerste eigenaar", version=1)
    assert c.put("/api/v1/farms/200100", json=edited, headers=admin).status_code == 200
    assert c.delete("/api/v1/farms/200100", headers=admin).status_code == 204
    again = c.post("/api/v1/farms", json=_body("200100", "Ede"), headers=gemeente)
    assert again.status_code == 201
    for role in ("admin", "gemeente"):
        history = c.get("/api/v1/farms/200100/history", headers=registry_app.as_(role)).json()
        assert [(h["action"], h["username"]) for h in history] == [("create", "gemeente")]
    c.post("/inloggen", data={"username": "gemeente", "password": PASSWORD})
    page = c.get("/bedrijven/200100.json").json()
    assert [(h["action"], h["username"]) for h in page["history"]] == [("create", "gemeente")]
    assert "Eerste eigenaar" not in c.get("/bedrijven/200100").text


def test_gemeente_adding_a_ubn_outside_its_reach_gets_the_answer_of_a_free_one(registry_app):
    c, gemeente = registry_app.client, registry_app.as_("gemeente")
    regio_before = c.get(f"/api/v1/farms/{FARM_B}", headers=registry_app.as_("regio")).json()
    taken = c.post("/api/v1/farms", json=_body(FARM_B, "Ede"), headers=gemeente)  # in Barneveld
    free = c.post("/api/v1/farms", json=_body("200200", "Ede"), headers=gemeente)
    assert taken.status_code == free.status_code == 201
    assert taken.json() == _body(FARM_B, "Ede", version=1)
    assert free.json() == _body("200200", "Ede", version=1)
    assert taken.headers.keys() == free.headers.keys()
    # nothing was written to the Barneveld farm; an admin can follow the refused create up
    regio_after = c.get(f"/api/v1/farms/{FARM_B}", headers=registry_app.as_("regio")).json()
    assert regio_after == regio_before
    history = c.get(f"/api/v1/farms/{FARM_B}/history", headers=registry_app.as_("admin")).json()
    assert [h["action"] for h in history] == ["create"]
    engine = make_engine(registry_app.url)
    with engine.connect() as conn:
        refused = conn.execute(
            select(AuditRow.username, AuditRow.entity_key, AuditRow.farm_uid).where(
                AuditRow.action == "create-refused"
            )
        ).all()
        farms = conn.scalar(select(func.count()).select_from(FarmRow))
    engine.dispose()
    assert refused == [("gemeente", FARM_B, None)]
    assert farms == 4  # the three of the setup and 200200


def test_a_duplicate_within_reach_stays_an_honest_409(registry_app):
    c = registry_app.client
    mine = c.post("/api/v1/farms", json=_body(FARM_A, "Ede"), headers=registry_app.as_("gemeente"))
    assert mine.status_code == 409 and mine.json()["detail"].startswith(
        "ubn: er bestaat al een bedrijf met UBN"
    )
    for role in ("admin", "regio"):
        dup = c.post("/api/v1/farms", json=_body(FARM_B, "Ede"), headers=registry_app.as_(role))
        assert dup.status_code == 409
