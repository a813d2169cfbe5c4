"""The farmer's consent page /mijn-bedrijf/toestemmingen on the three-farm setup (A and C in Ede,
B in Barneveld; the boer owns A; the adviseur has consent ``inzien`` on A and ``bewerken`` on B):
listing, granting and withdrawing through the forms (CSRF token, audited), Dutch messages next to
the field with nothing written on bad input, the roles, the ``.json`` twin and the farm page."""

from __future__ import annotations

import re

import pytest
from csrf_support import with_token
from registry_setup import FARM_A, FARM_B, FARM_C, PASSWORD

from veekompas.domain.users import User
from veekompas.errors import Forbidden
from veekompas.region.registry import RegistryService
from veekompas.store.db import make_engine, session_factory
from veekompas.web.consents import consent_pages
from veekompas.web.consents.consent_pages import Refused, chosen_farm

PATH = "/mijn-bedrijf/toestemmingen"
GOOD = {
    "ubn": FARM_A,
    "party": "adviseur",
    "data_scope": "bewerken",
    "purpose": "voerwinst",
    "valid_from": "2026-01-01",
    "valid_to": "",
}


def login(client, username: str) -> None:
    client.cookies.clear()
    done = client.post("/inloggen", data={"username": username, "password": PASSWORD})
    assert done.status_code == 200, done.text


def consents(registry_app, ubn: str = FARM_A) -> list[dict]:
    answer = registry_app.client.get(
        f"/api/v1/farms/{ubn}/consents", headers=registry_app.as_("admin")
    )
    return answer.json()


def history(client) -> list[dict]:
    return client.get(f"{PATH}.json").json()["history"]


def field_error(html: str, field: str) -> str:
    found = re.search(
        rf'<span class="field-error" id="{re.escape(field)}-fout">([^<]*)</span>', html
    )
    return found.group(1) if found else ""


def test_the_farmer_sees_who_may_see_his_farm_and_the_history(registry_app):
    client = registry_app.client
    login(client, "boer")
    page = client.get(PATH)
    assert page.status_code == 200
    table = page.text[page.text.index('id="toestemmingen"') :]
    assert "adviseur" in table and "inzien (alleen lezen)" in table and "01-01-2020" in table
    assert 'name="csrf_token"' in page.text
    twin = client.get(f"{PATH}.json").json()
    assert twin["ubn"] == FARM_A and twin["choices"] == [FARM_A]
    assert [(c["party"], c["purpose"], c["status"]) for c in twin["consents"]] == [
        ("adviseur", "advies", "geldig")
    ]
    assert twin["parties"] == ["adviseur"]  # only adviseurs can be granted a consent
    assert [(h["username"], h["action"]) for h in twin["history"]] == [("boer", "create")]
    menu = page.text[page.text.index('aria-label="Hoofdmenu"') : page.text.index("</nav>")]
    assert f'href="{PATH}"' in menu


def test_granting_writes_the_consent_and_its_audit(registry_app):
    client = registry_app.client
    login(client, "boer")
    done = client.post(PATH, data=with_token(client, GOOD), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("gedaan=verleend")
    granted = [c for c in consents(registry_app) if c["purpose"] == "voerwinst"]
    assert granted == [
        {
            "id": granted[0]["id"],
            "farm_ubn": FARM_A,
            "party": "adviseur",
            "purpose": "voerwinst",
            "data_scope": "bewerken",
            "valid_from": "2026-01-01",
            "valid_to": None,
        }
    ]
    last = history(client)[-1]
    assert (last["username"], last["action"], last["after"]["purpose"]) == (
        "boer",
        "create",
        "voerwinst",
    )
    page = client.get(done.headers["location"])
    assert "De toestemming is verleend." in page.text and "voerwinst" in page.text
    # the adviseur may now edit farm A (scope bewerken)
    farm = client.get(f"/api/v1/farms/{FARM_A}", headers=registry_app.as_("adviseur")).json()
    farm["name"] = "Nieuwe naam"
    put = client.put(f"/api/v1/farms/{FARM_A}", json=farm, headers=registry_app.as_("adviseur"))
    assert put.status_code == 200, put.text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"party": "gemeente"}, "party", "Kies een adviseur uit de lijst."),
        ({"party": ""}, "party", "Kies een adviseur uit de lijst."),
        ({"data_scope": "alles"}, "data_scope", "Kies inzien of bewerken."),
        ({"purpose": "  "}, "purpose", "Vul een doel in van ten hoogste 200 tekens."),
        ({"purpose": "x" * 201}, "purpose", "Vul een doel in van ten hoogste 200 tekens."),
        ({"valid_from": "1-1-2026"}, "valid_from", "Vul een datum in als jjjj-mm-dd"),
        ({"valid_from": "1800-01-01"}, "valid_from", "Kies een datum van"),
        ({"valid_to": "2025-12-31"}, "valid_to", "De einddatum ligt vóór de begindatum."),
        (
            {"valid_from": "2020-01-01", "valid_to": "2020-02-01"},
            "valid_to",
            "De einddatum ligt in het verleden.",
        ),
        ({"purpose": "advies"}, "purpose", "heeft al een toestemming voor dit doel"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_writes_nothing(
    registry_app, change, field, message
):
    client = registry_app.client
    login(client, "boer")
    before, audit = consents(registry_app), history(client)
    answer = client.post(PATH, data=with_token(client, GOOD | change), follow_redirects=False)
    assert answer.status_code == 422
    assert message in field_error(answer.text, field)
    assert f'aria-describedby="{field}-fout"' in answer.text
    assert consents(registry_app) == before and history(client) == audit
    if change.get("purpose", "").startswith("x"):
        assert 'value="' + "x" * 201 + '"' in answer.text  # the input is kept


def test_user_text_is_escaped(registry_app):
    client = registry_app.client
    login(client, "boer")
    data = GOOD | {"purpose": "<script>alert(1)</script>"}
    assert client.post(PATH, data=with_token(client, data)).status_code == 200
    page = client.get(PATH).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_withdrawing_ends_the_partys_access_and_is_audited(registry_app):
    client = registry_app.client
    adviseur = registry_app.as_("adviseur")
    assert client.get(f"/api/v1/farms/{FARM_A}", headers=adviseur).status_code == 200
    login(client, "boer")
    (consent,) = consents(registry_app)
    url = f"{PATH}/{consent['id']}/intrekken"
    done = client.post(url, data=with_token(client, {"ubn": FARM_A}), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("gedaan=ingetrokken")
    assert consents(registry_app) == []
    last = history(client)[-1]
    assert (last["username"], last["action"], last["before"]["id"]) == (
        "boer",
        "delete",
        consent["id"],
    )
    page = client.get(done.headers["location"]).text
    assert "De toestemming is ingetrokken." in page
    audit = page[page.index('id="toestemmingen-geschiedenis"') :]
    assert "ingetrokken" in audit and "advies" in audit
    assert client.get(f"/api/v1/farms/{FARM_A}", headers=adviseur).status_code == 404


def test_a_consent_of_another_farm_or_without_token_is_not_withdrawn(registry_app):
    client = registry_app.client
    login(client, "boer")
    (other,) = consents(registry_app, FARM_B)
    url = f"{PATH}/{other['id']}/intrekken"
    assert client.post(url, data=with_token(client, {"ubn": FARM_A})).status_code == 404
    assert client.post(url, data=with_token(client, {"ubn": FARM_B})).status_code == 404
    (own,) = consents(registry_app)
    refused = client.post(f"{PATH}/{own['id']}/intrekken", data={"ubn": FARM_A})
    assert refused.status_code == 403  # no CSRF token
    assert consents(registry_app, FARM_B) == [other] and consents(registry_app) == [own]
    assert client.post(f"{PATH}/99999999999/intrekken", data=with_token(client)).status_code == 422


@pytest.mark.parametrize("role", ["regio", "gemeente", "adviseur", "publiek"])
def test_other_roles_are_refused(registry_app, role):
    client = registry_app.client
    login(client, role)
    assert client.get(PATH).status_code == 403
    assert client.get(f"{PATH}.json").status_code == 403
    assert client.post(PATH, data=with_token(client, GOOD)).status_code == 403
    assert f'href="{PATH}"' not in client.get("/normen").text  # not in the menu


def test_anonymous_goes_to_the_login(registry_app):
    client = registry_app.client
    client.cookies.clear()
    answer = client.get(PATH, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/inloggen")
    assert client.get(f"{PATH}.json").status_code == 401


def test_the_farmer_cannot_open_another_farm(registry_app):
    client = registry_app.client
    login(client, "boer")
    assert client.get(f"{PATH}?ubn={FARM_B}").status_code == 404
    assert client.get(f"{PATH}.json?ubn={FARM_B}").status_code == 404
    answer = client.post(PATH, data=with_token(client, GOOD | {"ubn": FARM_B}))
    assert (
        answer.status_code == 404 and consents(registry_app, FARM_B)[0]["purpose"] == "vergunning"
    )
    assert len(consents(registry_app, FARM_B)) == 1


def test_an_admin_names_the_farm_by_ubn(registry_app):
    client = registry_app.client
    login(client, "admin")
    first = client.get(PATH)
    assert first.status_code == 200 and 'id="ubn"' in first.text and 'id="party"' not in first.text
    chosen = client.get(f"{PATH}?ubn={FARM_B}")
    assert "vergunning" in chosen.text and 'id="party"' in chosen.text
    assert client.get(f"{PATH}?ubn=999999").status_code == 404
    assert client.get(f"{PATH}?ubn=abc").status_code == 404
    assert client.post(PATH, data=with_token(client, GOOD | {"ubn": ""})).status_code == 422


def test_a_farmer_with_several_farms_chooses_one():
    assert chosen_farm([FARM_A], "") == FARM_A
    assert chosen_farm([FARM_A, FARM_C], "") is None  # the page asks which
    assert chosen_farm([FARM_A, FARM_C], FARM_C) == FARM_C
    with pytest.raises(Refused):
        chosen_farm([FARM_A, FARM_C], FARM_B)
    assert chosen_farm(None, "") is None and chosen_farm(None, FARM_B) == FARM_B


@pytest.mark.parametrize(("role", "shown"), [("boer", True), ("admin", True), ("gemeente", False)])
def test_the_farm_page_shows_the_consents_to_who_may_see_them(registry_app, role, shown):
    client = registry_app.client
    login(client, role)
    page = client.get(f"/bedrijven/{FARM_A}").text
    assert ('id="h-toestemmingen"' in page) is shown
    twin = client.get(f"/bedrijven/{FARM_A}.json").json()
    assert ("consents" in twin) is shown
    if shown:
        assert "adviseur mag <strong>inzien</strong> voor “advies”" in page
        assert [c["purpose"] for c in twin["consents"]] == ["advies"]


@pytest.mark.parametrize(
    ("username", "role", "extra", "allowed"),
    [
        ("boer", "boer", {"farm_ubn": FARM_A}, True),
        ("admin", "admin", {}, True),
        ("adviseur", "adviseur", {}, False),
        ("gemeente", "gemeente", {"municipality": "Ede"}, False),
        ("regio", "regio", {}, False),
    ],
)
def test_the_consent_history_and_parties_follow_the_consent_rules(
    registry_app, username, role, extra, allowed
):
    """RegistryService.consent_history/consent_parties: the roles that may grant (boer, admin)."""
    engine = make_engine(registry_app.url)
    with session_factory(engine)() as session:
        registry = RegistryService(session, User(username=username, role=role, **extra))
        if allowed:
            assert [h["action"] for h in registry.consent_history(FARM_A)] == ["create"]
            assert registry.consent_parties(FARM_A) == ["adviseur"]
        else:
            for method in (registry.consent_history, registry.consent_parties):
                with pytest.raises(Forbidden):
                    method(FARM_A)
    engine.dispose()


def test_the_page_asks_which_farm_when_there_are_several(registry_app, monkeypatch):
    """The chooser a farmer with several farms gets (one farm per boer in today's user model,
    so the reach is widened here)."""
    monkeypatch.setattr(consent_pages, "farm_choices", lambda registry: [FARM_A, FARM_C])
    client = registry_app.client
    login(client, "boer")
    page = client.get(PATH).text
    chooser = page[page.index('<select id="ubn"') : page.index("</select>")]
    assert f'value="{FARM_A}"' in chooser and f'value="{FARM_C}"' in chooser
    assert 'id="toestemmingen"' not in page  # nothing shown before a farm is chosen
    chosen = client.get(f"{PATH}?ubn={FARM_A}").text
    assert f'<option value="{FARM_A}" selected>' in chosen and 'id="toestemmingen"' in chosen
