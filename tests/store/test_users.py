"""Users, argon2 hashes and bearer tokens on SQLite and PostgreSQL; `veekompas users add|token`."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from test_farms import farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.errors import InputError
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository

PASSWORD = "koeien-en-kalveren"


def test_add_authenticate_and_tokens(sessions):
    with sessions() as s:
        FarmRepository(s, "admin").add(farm("800001"))
        users = UserRepository(s)
        planner = users.add("planner.ede", PASSWORD, "gemeente", municipality="Ede")
        farmer = users.add("boer1", PASSWORD, "boer", farm_ubn="800001")
        token = users.create_token("boer1")
        s.commit()
        stored = s.execute(
            text("SELECT password_hash FROM app_user WHERE username='boer1'")
        ).scalar()
    assert stored.startswith("$argon2") and PASSWORD not in stored
    assert (planner.role, planner.municipality) == ("gemeente", "Ede")
    assert farmer.farm_ubn == "800001"
    with sessions() as s:
        users = UserRepository(s)
        assert users.authenticate("boer1", PASSWORD) == farmer
        assert users.authenticate("boer1", "verkeerd-wachtwoord") is None
        assert users.authenticate("niemand", PASSWORD) is None
        assert users.user_for_token(token) == farmer
        assert users.user_for_token(token + "x") is None
        hashes = {h for (h,) in s.execute(text("SELECT token_sha256 FROM api_token"))}
    assert token not in hashes and len(next(iter(hashes))) == 64


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a", PASSWORD, "gemeente"), "username: 'a' is not allowed"),
        (("jan", PASSWORD, "koning"), "role: unknown role 'koning'"),
        (("jan", "kort", "regio"), "password: needs at least 10 characters"),
        (("jan", PASSWORD, "gemeente"), "municipality: is required for role gemeente"),
        (("jan", PASSWORD, "boer"), "farm: is required for role boer"),
        (("jan", PASSWORD, "boer", None, "123"), "farm: no farm with UBN '123'"),
    ],
)
def test_bad_users_are_refused(sessions, args, message):
    with sessions() as s, pytest.raises(InputError) as err:
        UserRepository(s).add(*args)
    assert str(err.value).startswith(message)


def test_users_cli(database_url):
    runner = CliRunner()
    env = {"VEEKOMPAS_DATABASE_URL": database_url}
    add = ["users", "add", "regio1", "--role", "regio"]
    added = runner.invoke(app, add, input=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, add, env={**env, "VEEKOMPAS_NEW_PASSWORD": PASSWORD})
    assert (again.exit_code, again.stderr) == (2, "fout: username: 'regio1' bestaat al\n")
    token = runner.invoke(app, ["users", "token", "regio1"], env=env)
    assert token.exit_code == 0 and len(token.stdout.strip()) >= 40
    unknown = runner.invoke(app, ["users", "token", "niemand"], env=env)
    assert (unknown.exit_code, unknown.stderr) == (2, "fout: username: geen gebruiker 'niemand'\n")


def test_new_users_and_tokens_are_audited_without_secrets(sessions):
    with sessions() as s:
        users = UserRepository(s, "beheerder")
        users.add("planner.ede", PASSWORD, "gemeente", municipality="Ede")
        token = users.create_token("planner.ede")
        s.commit()
        rows = s.execute(
            text("SELECT username, action, entity, entity_key, after FROM audit_log ORDER BY id")
        ).all()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("beheerder", "create", "user", "planner.ede"),
        ("beheerder", "create", "api_token", "planner.ede"),
    ]
    stored = " ".join(str(r[4]) for r in rows)
    assert token not in stored and PASSWORD not in stored and "gemeente" in stored
