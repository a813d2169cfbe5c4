"""API tokens expire and can be withdrawn: a revoked or expired token, and a revoked login
session, get 401 at the very next request."""

from __future__ import annotations

import datetime as dt

from registry_setup import PASSWORD
from sqlalchemy import update
from typer.testing import CliRunner

from veekompas.cli import app as cli
from veekompas.store.db import make_engine
from veekompas.store.models import TokenRow

REFUSED = {"detail": "authorization: het bearer-token is onbekend, verlopen of ingetrokken"}


def _revoke(url: str, *args: str) -> None:
    done = CliRunner().invoke(cli, ["users", "revoke", *args], env={"VEEKOMPAS_DATABASE_URL": url})
    assert done.exit_code == 0, done.output


def test_a_revoked_token_gets_401_at_once(registry_app):
    c, regio, admin = registry_app.client, registry_app.as_("regio"), registry_app.as_("admin")
    assert c.get("/api/v1/farms", headers=regio).status_code == 200
    _revoke(registry_app.url, "regio")
    refused = c.get("/api/v1/farms", headers=regio)
    assert (refused.status_code, refused.json()) == (401, REFUSED)
    assert c.get("/api/v1/farms", headers=admin).status_code == 200  # other users keep theirs


def test_revoke_ends_login_sessions_unless_tokens_only(registry_app):
    c = registry_app.client
    assert c.post("/api/v1/auth/login", json={"username": "boer", "password": PASSWORD}).is_success
    _revoke(registry_app.url, "boer", "--tokens-only")
    assert c.get("/api/v1/auth/me").status_code == 200
    assert c.get("/api/v1/auth/me", headers=registry_app.as_("boer")).status_code == 401
    _revoke(registry_app.url, "boer")
    me = c.get("/api/v1/auth/me")
    assert me.status_code == 401 and "verlopen" in me.json()["detail"]


def test_an_expired_token_gets_401(registry_app):
    engine = make_engine(registry_app.url)
    with engine.begin() as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        conn.execute(update(TokenRow).where(TokenRow.kind == "api").values(expires_at=past))
    engine.dispose()
    refused = registry_app.client.get("/api/v1/farms", headers=registry_app.as_("admin"))
    assert (refused.status_code, refused.json()) == (401, REFUSED)
