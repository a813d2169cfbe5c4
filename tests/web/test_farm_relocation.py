"""A farm's municipality and location decide whose reach it is in: a farmer (or an adviser) may
not move it, a gemeente only within its own municipality, regio and admin anywhere. Refusals are
403 with one line naming the field, and write nothing (API, edit page and its twin)."""

from __future__ import annotations

from csrf_support import with_token
from registry_setup import FARM_A, PASSWORD

FARMER = "municipality: a change of municipality or location needs the gemeente or an admin"
LOCATION = "location: a change of municipality or location needs the gemeente or an admin"
PLANNER = "municipality: a move to another municipality needs an admin"


def _farm(app, ubn: str = FARM_A) -> dict:
    return app.client.get(f"/api/v1/farms/{ubn}", headers=app.as_("admin")).json()


def _put(app, role: str, body: dict):
    return app.client.put(f"/api/v1/farms/{body['ubn']}", json=body, headers=app.as_(role))


def _history(app) -> list[str]:
    rows = app.client.get(f"/api/v1/farms/{FARM_A}/history", headers=app.as_("admin")).json()
    return [h["action"] for h in rows]


def test_the_farmer_cannot_move_his_farm_out_of_the_gemeente(registry_app):
    app = registry_app
    before, history = _farm(app), _history(app)
    moved = before | {"municipality": "Barneveld"}
    answer = _put(app, "boer", moved)
    assert answer.status_code == 403 and answer.json() == {"detail": FARMER}
    relocated = before | {"location": before["location"] | {"x_rd": 160_000.0}}
    answer = _put(app, "boer", relocated)
    assert answer.status_code == 403 and answer.json() == {"detail": LOCATION}
    renamed_place = before | {"location": before["location"] | {"place": "Elders"}}
    assert _put(app, "boer", renamed_place).json() == {"detail": LOCATION}
    assert _farm(app) == before and _history(app) == history
    # Ede's planner still sees the farm; the farmer may still edit the rest of it
    assert app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("gemeente")).status_code == 200
    answer = _put(app, "boer", before | {"name": "Hoeve De Vallei"})
    assert answer.status_code == 200 and answer.json()["municipality"] == before["municipality"]


def test_the_gemeente_moves_within_its_municipality_only(registry_app):
    app = registry_app
    before = _farm(app)
    answer = _put(app, "gemeente", before | {"municipality": "Barneveld"})
    assert answer.status_code == 403 and answer.json() == {"detail": PLANNER}
    assert _farm(app) == before
    location = before["location"] | {"x_rd": 171_234.5, "y_rd": 447_000.25, "place": "Lunteren"}
    answer = _put(app, "gemeente", before | {"location": location})
    assert answer.status_code == 200, answer.text
    assert _farm(app)["location"] == location


def test_an_admin_moves_the_farm_to_another_gemeente(registry_app):
    app = registry_app
    before = _farm(app)
    answer = _put(app, "admin", before | {"municipality": "Barneveld"})
    assert answer.status_code == 200 and answer.json()["municipality"] == "Barneveld"
    ede = app.client.get(f"/api/v1/farms/{FARM_A}", headers=app.as_("gemeente"))
    assert ede.status_code == 404


def test_the_edit_page_shows_municipality_and_location_read_only(registry_app):
    app, c = registry_app, registry_app.client
    before = _farm(app)
    c.cookies.clear()
    assert c.post("/inloggen", data={"username": "boer", "password": PASSWORD}).status_code == 200
    page = c.get(f"/bedrijven/{FARM_A}/bewerken").text
    assert "Gemeente en ligging (niet te wijzigen)" in page
    assert "dat doet de gemeente of een beheerder" in page
    assert 'name="municipality"' not in page and 'name="location.' not in page
    twin = c.get(f"/bedrijven/{FARM_A}/bewerken.json").json()
    shown = {f["name"]: f for f in twin["readonly_fields"]}
    assert not {f["name"] for f in twin["fields"]} & set(shown)
    assert set(shown) == {"municipality", "location.place", "location.x_rd", "location.y_rd"}
    assert shown["municipality"]["value"] == before["municipality"]
    assert "gemeente of een beheerder" in shown["location.x_rd"]["note"]
    # a forged form with a municipality and location: saved without them
    form = _form_values(c)
    form |= {"municipality": "Barneveld", "location.x_rd": "160000", "succession.intent": "stopper"}
    saved = c.post(
        f"/bedrijven/{FARM_A}/bewerken", data=with_token(c, form), follow_redirects=False
    )
    assert saved.status_code == 303
    after = _farm(app)
    assert after["municipality"] == before["municipality"]
    assert after["location"] == before["location"]
    assert after["succession"]["intent"] == "stopper"


def _form_values(client) -> dict[str, str]:
    fields = client.get(f"/bedrijven/{FARM_A}/bewerken.json").json()["fields"]
    return {
        f["name"]: "" if f["value"] is None else str(f["value"])
        for f in fields
        if f["kind"] != "boolean"
    } | {"version": str(client.get(f"/bedrijven/{FARM_A}/bewerken.json").json()["version"])}


def test_the_planner_is_told_how_to_move_a_farm(registry_app):
    c = registry_app.client
    c.cookies.clear()
    assert (
        c.post("/inloggen", data={"username": "gemeente", "password": PASSWORD}).status_code == 200
    )
    page = c.get(f"/bedrijven/{FARM_A}/bewerken").text
    assert "een verhuizing naar een andere gemeente kan alleen een beheerder" in page
