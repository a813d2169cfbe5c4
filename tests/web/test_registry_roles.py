"""The whole role x resource x action matrix of the registry API, walked request by request.

Setting (tests/web/conftest.py): farms A (Ede, UBN 100001), B (Barneveld, 100002) and C (Ede,
100003); the adviseur has consent ``inzien`` on A and ``bewerken`` on B; the boer owns A; the
gemeente user is Ede's. The expected answers are written out here, independently of the rules'
code in ``region/access.py``: 401 anonymous, 403 refused, 404 outside the role's reach."""

from __future__ import annotations

import pytest
from registry_setup import FARM_A, FARM_B, FARM_C

ROLES = ("admin", "regio", "gemeente", "adviseur", "boer", "publiek", None)
R = dict(zip(ROLES, range(len(ROLES)), strict=True))

# expected status per role, in the order of ROLES (None = anonymous)
MATRIX: dict[str, tuple[int, ...]] = {
    #                       admin regio gem  adv  boer pub  anon
    "list farms":           (200, 200, 200, 200, 200, 403, 401),
    "read A":               (200, 200, 200, 200, 200, 403, 401),
    "read B":               (200, 200, 404, 200, 404, 403, 401),
    "update A":             (200, 200, 200, 403, 200, 403, 401),
    "update B":             (200, 200, 404, 200, 404, 403, 401),
    "create in Ede":        (201, 201, 201, 403, 403, 403, 401),
    "create in Barneveld":  (201, 201, 403, 403, 403, 403, 401),
    "move A to Barneveld":  (200, 200, 403, 403, 403, 403, 401),
    "move A within Ede":    (200, 200, 200, 403, 403, 403, 401),
    "rename A's place":     (200, 200, 200, 403, 403, 403, 401),
    "move B by 10 m":       (200, 200, 404, 403, 404, 403, 401),
    "delete C":             (204, 403, 403, 404, 404, 403, 401),
    "history A":            (200, 200, 200, 200, 200, 403, 401),
    "history B":            (200, 200, 404, 200, 404, 403, 401),
    "list consents A":      (200, 403, 403, 403, 200, 403, 401),
    "grant consent A":      (201, 403, 403, 403, 201, 403, 401),
    "withdraw consent A":   (204, 403, 403, 403, 204, 403, 401),
    "list users":           (200, 403, 403, 403, 403, 403, 401),
    "add user":             (201, 403, 403, 403, 403, 403, 401),
}  # fmt: skip
SUB_RESOURCES = ("housings", "animals", "crops", "succession")
SEEN_IN_LIST = {
    "admin": {FARM_A, FARM_B, FARM_C},
    "regio": {FARM_A, FARM_B, FARM_C},
    "gemeente": {FARM_A, FARM_C},
    "adviseur": {FARM_A, FARM_B},
    "boer": {FARM_A},
}


def _farm_body(app, ubn: str) -> dict:
    """The farm as the admin reads it (so every role sends a well-formed, current body)."""
    return app.client.get(f"/api/v1/farms/{ubn}", headers=app.as_("admin")).json()


def _new_farm(app, ubn: str, municipality: str) -> dict:
    body = _farm_body(app, FARM_A) | {"ubn": ubn, "municipality": municipality}
    return body


def _consent_id(app) -> int:
    consents = app.client.get(f"/api/v1/farms/{FARM_A}/consents", headers=app.as_("admin"))
    return consents.json()[0]["id"]


def _do(app, action: str, role: str | None):
    c, h = app.client, app.as_(role)
    if action == "list farms":
        return c.get("/api/v1/farms", headers=h)
    if action.startswith("read "):
        ubn = {"A": FARM_A, "B": FARM_B}[action[-1]]
        return c.get(f"/api/v1/farms/{ubn}", headers=h)
    if action.startswith("update "):
        ubn = {"A": FARM_A, "B": FARM_B}[action[-1]]
        body = _farm_body(app, ubn) | {"name": f"Nieuwe naam door {role}"}
        return c.put(f"/api/v1/farms/{ubn}", json=body, headers=h)
    if action.startswith("create in "):
        municipality = action.removeprefix("create in ")
        return c.post("/api/v1/farms", json=_new_farm(app, "200001", municipality), headers=h)
    if action == "move A to Barneveld":
        body = _farm_body(app, FARM_A) | {"municipality": "Barneveld"}
        return c.put(f"/api/v1/farms/{FARM_A}", json=body, headers=h)
    if action == "move A within Ede":
        body = _farm_body(app, FARM_A)
        body["location"] |= {"x_rd": body["location"]["x_rd"] + 250, "y_rd": 450_000.5}
        return c.put(f"/api/v1/farms/{FARM_A}", json=body, headers=h)
    if action == "rename A's place":
        body = _farm_body(app, FARM_A)
        body["location"] |= {"place": "Elders"}
        return c.put(f"/api/v1/farms/{FARM_A}", json=body, headers=h)
    if action == "move B by 10 m":
        body = _farm_body(app, FARM_B)
        body["location"] |= {"x_rd": body["location"]["x_rd"] + 10}
        return c.put(f"/api/v1/farms/{FARM_B}", json=body, headers=h)
    if action == "delete C":
        return c.delete(f"/api/v1/farms/{FARM_C}", headers=h)
    if action.startswith("history "):
        ubn = {"A": FARM_A, "B": FARM_B}[action[-1]]
        return c.get(f"/api/v1/farms/{ubn}/history", headers=h)
    if action == "list consents A":
        return c.get(f"/api/v1/farms/{FARM_A}/consents", headers=h)
    if action == "grant consent A":
        body = {"party": "adviseur", "purpose": "subsidie", "valid_from": "2026-01-01"}
        return c.post(f"/api/v1/farms/{FARM_A}/consents", json=body, headers=h)
    if action == "withdraw consent A":
        return c.delete(f"/api/v1/farms/{FARM_A}/consents/{_consent_id(app)}", headers=h)
    if action == "list users":
        return c.get("/api/v1/users", headers=h)
    if action == "add user":
        body = {"username": "nieuw", "password": "lang-genoeg-wachtwoord", "role": "regio"}
        return c.post("/api/v1/users", json=body, headers=h)
    raise AssertionError(action)


CASES = [(a, r) for a in MATRIX for r in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_role_matrix(registry_app, action, role):
    response = _do(registry_app, action, role)
    assert response.status_code == MATRIX[action][R[role]], response.text
    if response.status_code >= 400:
        assert response.json()["detail"]


@pytest.mark.parametrize("role", list(SEEN_IN_LIST))
def test_each_role_lists_only_its_farms(registry_app, role):
    items = registry_app.client.get("/api/v1/farms", headers=registry_app.as_(role)).json()
    assert {f["ubn"] for f in items["items"]} == SEEN_IN_LIST[role]


@pytest.mark.parametrize("sub", SUB_RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_sub_resources_follow_the_farm_rules(registry_app, role, sub):
    app, h = registry_app, registry_app.as_(role)
    for ubn, letter in ((FARM_A, "A"), (FARM_B, "B")):
        read = app.client.get(f"/api/v1/farms/{ubn}/{sub}", headers=h)
        assert read.status_code == MATRIX[f"read {letter}"][R[role]]
        current = app.client.get(f"/api/v1/farms/{ubn}/{sub}", headers=app.as_("admin")).json()
        if sub == "succession":
            current["succession"]["intent"] = "stopper"
        write = app.client.put(f"/api/v1/farms/{ubn}/{sub}", json=current, headers=h)
        assert write.status_code == MATRIX[f"update {letter}"][R[role]], write.text


def test_a_hidden_farm_looks_like_a_missing_one(registry_app):
    """Ede's planner learns nothing about Barneveld's farm B, not even that it exists."""
    app, h = registry_app, registry_app.as_("gemeente")
    hidden = app.client.get(f"/api/v1/farms/{FARM_B}", headers=h)
    missing = app.client.get("/api/v1/farms/999999", headers=h)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"].replace(FARM_B, "X") == missing.json()["detail"].replace(
        "999999", "X"
    )
    listed = app.client.get("/api/v1/farms?municipality=Barneveld", headers=h).json()
    assert listed["items"] == []


def test_refused_writes_change_nothing(registry_app):
    """A farmer's attempt on another farm, and a planner's move out of Ede, leave no trace."""
    app = registry_app
    before = {u: _farm_body(app, u) for u in (FARM_A, FARM_B)}
    body = before[FARM_B] | {"name": "Overgenomen"}
    assert (
        app.client.put(f"/api/v1/farms/{FARM_B}", json=body, headers=app.as_("boer")).status_code
        == 404
    )
    body = before[FARM_A] | {"municipality": "Barneveld"}
    assert (
        app.client.put(
            f"/api/v1/farms/{FARM_A}", json=body, headers=app.as_("gemeente")
        ).status_code
        == 403
    )
    assert {u: _farm_body(app, u) for u in (FARM_A, FARM_B)} == before
    history = app.client.get(f"/api/v1/farms/{FARM_B}/history", headers=app.as_("admin")).json()
    assert [h["action"] for h in history] == ["create"]
