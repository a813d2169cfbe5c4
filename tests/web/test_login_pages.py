"""Logging in and out on the web pages: the session cookie, the menu per role, safe redirects."""

from __future__ import annotations

from csrf_support import with_token
from registry_setup import PASSWORD


def test_login_shows_the_user_and_logout_ends_the_session(registry_app):
    c = registry_app.client
    page = c.get("/inloggen?volgende=/normen")
    assert page.status_code == 200 and 'name="volgende" value="/normen"' in page.text
    wrong = c.post("/inloggen", data={"username": "gemeente", "password": "fout-wachtwoord!"})
    assert wrong.status_code == 401 and "verkeerd wachtwoord" in wrong.text
    done = c.post(
        "/inloggen",
        data={"username": "gemeente", "password": PASSWORD, "volgende": "/normen"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/normen"
    twin = c.get("/inloggen.json").json()
    assert (twin["user"]["username"], twin["user"]["role"]) == ("gemeente", "gemeente")
    page = c.get("/normen")
    assert "gemeente (gemeente, Ede)" in page.text and "Uitloggen" in page.text
    assert 'href="/gebruikers"' not in page.text  # admins only
    out = c.post("/uitloggen", data=with_token(c), follow_redirects=False)
    assert out.status_code == 303
    assert "Inloggen" in c.get("/normen").text
    assert c.get("/api/v1/auth/me").status_code == 401
    assert c.get("/inloggen.json").json()["user"] is None


def test_login_never_redirects_to_another_site(registry_app):
    c = registry_app.client
    for target in ("https://kwaad.example/", "//kwaad.example/"):
        done = c.post(
            "/inloggen",
            data={"username": "admin", "password": PASSWORD, "volgende": target},
            follow_redirects=False,
        )
        assert done.headers["location"] == "/"


def test_an_unknown_page_is_a_dutch_page_and_an_unknown_api_path_json(registry_app):
    c = registry_app.client
    page = c.get("/bedrijven/1/onzin", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in page.text and 'href="/regio"' in page.text
    api = c.get("/api/v1/onzin", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    assert c.get("/onzin").json() == {"detail": "Not Found"}  # no Accept: text/html
