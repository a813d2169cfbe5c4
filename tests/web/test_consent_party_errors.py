"""A consent to a party that is not an adviseur is refused with one answer, whether the party
does not exist or is a user of another role: the farmer learns nothing about other users."""

from __future__ import annotations

from registry_setup import FARM_A


def test_unknown_party_and_other_role_get_the_same_answer(registry_app):
    app = registry_app
    answers = []
    for party in ("niemand-hier", "regio", "gemeente", "admin", "publiek"):
        body = {"party": party, "purpose": "advies", "valid_from": "2026-01-01"}
        response = app.client.post(
            f"/api/v1/farms/{FARM_A}/consents", json=body, headers=app.as_("boer")
        )
        answers.append((response.status_code, response.json()))
    assert answers[0] == (422, {"detail": "party: geen adviseur met deze gebruikersnaam"})
    assert all(answer == answers[0] for answer in answers)
    consents = app.client.get(f"/api/v1/farms/{FARM_A}/consents", headers=app.as_("boer")).json()
    assert {c["party"] for c in consents} == {"adviseur"}


def test_an_adviseur_party_is_still_granted(registry_app):
    app = registry_app
    body = {"party": "adviseur", "purpose": "subsidie", "valid_from": "2026-01-01"}
    response = app.client.post(
        f"/api/v1/farms/{FARM_A}/consents", json=body, headers=app.as_("boer")
    )
    assert response.status_code == 201 and response.json()["party"] == "adviseur"
