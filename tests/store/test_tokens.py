"""Token expiry and revocation on SQLite and PostgreSQL: `veekompas users token --days`,
`users tokens`, `users revoke`; expired and revoked tokens find no user; all audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text, update
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.errors import InputError
from veekompas.store.models import TokenRow
from veekompas.store.users import UserRepository

PASSWORD = "koeien-en-kalveren"
runner = CliRunner()


@pytest.fixture
def planner(sessions):
    with sessions() as s:
        UserRepository(s).add("planner", PASSWORD, "regio")
        s.commit()
    return sessions


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def test_an_api_token_expires_after_its_days(planner):
    with planner() as s:
        users = UserRepository(s)
        default = users.issue_token("planner")
        week = users.issue_token("planner", days=7)
        s.commit()
    assert abs(default.expires_at - (_now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert abs(week.expires_at - (_now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    with planner() as s:
        users = UserRepository(s)
        assert users.user_for_token(week.token).username == "planner"
        past = _now() - dt.timedelta(seconds=1)
        s.execute(update(TokenRow).where(TokenRow.id == week.id).values(expires_at=past))
        s.commit()
        assert users.user_for_token(week.token) is None
        assert users.user_for_token(default.token).username == "planner"
        assert [t.id for t in users.tokens("planner")] == [default.id]
        fresh = users.issue_token("planner")  # a new token clears the expired ones away
        s.commit()
        ids = list(s.scalars(text("SELECT id FROM api_token ORDER BY id")))
    assert ids == sorted({default.id, fresh.id})


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_token_days_out_of_range_are_refused(planner, days):
    with planner() as s, pytest.raises(InputError) as err:
        UserRepository(s).issue_token("planner", days=days)
    assert str(err.value) == f"days: {days} is out of range; allowed 1 to 3650"


def test_revoke_all_only_api_tokens_or_one_token(planner):
    with planner() as s:
        users = UserRepository(s, "beheerder")
        api1, api2, api3 = (users.issue_token("planner") for _ in range(3))
        session = users.create_token("planner", session_hours=12)
        s.commit()
        assert users.revoke("planner", token_id=api1.id) == {"api": 1, "session": 0}
        assert users.user_for_token(api1.token) is None
        assert users.user_for_token(api2.token) is not None
        assert users.revoke("planner", sessions=False) == {"api": 2, "session": 0}
        assert users.user_for_token(session, "session") is not None
        assert users.revoke("planner") == {"api": 0, "session": 1}
        assert users.user_for_token(session, "session") is None
        with pytest.raises(InputError, match="token: user 'planner' has no token with id"):
            users.revoke("planner", token_id=api3.id)
        s.commit()
        rows = s.execute(
            text("SELECT action, entity, entity_key, after FROM audit_log WHERE action = 'revoke'")
        ).all()
    assert [r[:3] for r in rows] == [("revoke", "api_token", "planner")] * 3
    stored = " ".join(str(r[3]) for r in rows)
    assert str(api1.id) in stored and session not in stored and api1.token not in stored


def test_users_token_tokens_and_revoke_cli(database_url, planner):
    env = {"VEEKOMPAS_DATABASE_URL": database_url}
    made = runner.invoke(app, ["users", "token", "planner", "--days", "30"], env=env)
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    until = (_now() + dt.timedelta(days=30)).strftime("%d-%m-%Y")
    assert f"geldig tot {until}" in made.stderr and "(30 dagen)" in made.stderr
    token_id = made.stderr.split()[1]
    default = runner.invoke(app, ["users", "token", "planner"], env=env)
    assert "(90 dagen)" in default.stderr
    listed = runner.invoke(app, ["users", "tokens", "planner"], env=env)
    assert listed.exit_code == 0 and token_id in listed.stdout and "API-token" in listed.stdout
    one = runner.invoke(app, ["users", "revoke", "planner", "--token", token_id], env=env)
    assert (one.exit_code, one.stderr) == (
        0,
        "ingetrokken van planner: 1 API-token, 0 inlogsessies\n",
    )
    with planner() as s:
        assert UserRepository(s).user_for_token(token) is None
    everything = runner.invoke(app, ["users", "revoke", "planner"], env=env)
    assert "1 API-token," in everything.stderr
    assert runner.invoke(app, ["users", "tokens", "planner"], env=env).stdout.count("API-") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "token", "planner", "--days", "0"], "days: 0 valt buiten het bereik; "
         "toegestaan 1 tot en met 3.650"),
        (["users", "token", "niemand"], "username: geen gebruiker 'niemand'"),
        (["users", "revoke", "niemand"], "username: geen gebruiker 'niemand'"),
        (["users", "revoke", "planner", "--token", "999"], "token: gebruiker 'planner' heeft geen "
         "token met id 999"),
        (["users", "tokens", "niemand"], "username: geen gebruiker 'niemand'"),
    ],
)  # fmt: skip
def test_bad_token_commands_exit_2_with_one_line(database_url, planner, args, message):
    done = runner.invoke(app, args, env={"VEEKOMPAS_DATABASE_URL": database_url})
    assert (done.exit_code, done.stderr) == (2, f"fout: {message}\n")
