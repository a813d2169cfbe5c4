"""User commands: ``users add|token|tokens|revoke``. API tokens expire (``--days``, default
VEEKOMPAS_API_TOKEN_DAYS) and ``revoke`` withdraws a user's tokens and login sessions at once."""

from __future__ import annotations

import typer
from rich.table import Table

from veekompas.cli.common import fail, out, say
from veekompas.cli.registry import _session
from veekompas.errors import InputError
from veekompas.format_nl import count, number

users_app = typer.Typer(help="Gebruikers en API-tokens.", no_args_is_help=True)


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Gebruikersnaam (a-z, 0-9, . _ -)."),
    role: str = typer.Option(..., help="admin, regio, gemeente, adviseur, boer of publiek."),
    municipality: str | None = typer.Option(None, help="Gemeente (verplicht bij rol gemeente)."),
    farm: str | None = typer.Option(
        None, help="UBN van het eigen bedrijf (verplicht bij rol boer)."
    ),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="VEEKOMPAS_NEW_PASSWORD",
        help="Wachtwoord (minstens 10 tekens); gevraagd als het ontbreekt.",
    ),
) -> None:
    """Voeg een gebruiker toe (wachtwoord met argon2 opgeslagen)."""
    from veekompas.store.users import UserRepository

    with _session(write=True) as session:
        try:
            user = UserRepository(session, "cli").add(username, password, role, municipality, farm)
        except InputError as exc:
            fail(exc)
        session.commit()
    say(f"gebruiker {user.username} toegevoegd met rol {user.role}")


@users_app.command("token")
def users_token(
    username: str = typer.Argument(..., help="Gebruikersnaam."),
    days: int | None = typer.Option(
        None, "--days", help="Geldig zoveel dagen (1-3650; standaard VEEKOMPAS_API_TOKEN_DAYS, 90)."
    ),
) -> None:
    """Maak een API-token (Authorization: Bearer ...); het wordt eenmaal getoond en verloopt."""
    from veekompas.settings import get_settings
    from veekompas.store.users import UserRepository

    days = get_settings().api_token_days if days is None else days
    with _session(write=True) as session:
        try:
            issued = UserRepository(session, "cli").issue_token(username, days=days)
        except InputError as exc:
            fail(exc)
        session.commit()
    typer.echo(issued.token)
    until = issued.expires_at.strftime("%d-%m-%Y %H:%M UTC")
    say(f"token {issued.id} van {username}, geldig tot {until} ({count(days, 'dag', 'dagen')})")


@users_app.command("tokens")
def users_tokens(username: str = typer.Argument(..., help="Gebruikersnaam.")) -> None:
    """De geldige API-tokens en inlogsessies van een gebruiker (zonder het geheim)."""
    from veekompas.store.users import UserRepository

    with _session() as session:
        try:
            found = UserRepository(session, "cli").tokens(username)
        except InputError as exc:
            fail(exc)
    table = Table(title=f"Tokens van {username} ({number(len(found), 0)})")
    for col in ("Id", "Soort", "Aangemaakt", "Verloopt"):
        table.add_column(col)
    kinds = {"api": "API-token", "session": "inlogsessie"}
    for t in found:
        made, ends = (m.strftime("%d-%m-%Y %H:%M UTC") for m in (t.created_at, t.expires_at))
        table.add_row(str(t.id), kinds[t.kind], made, ends)
    out.print(table)


@users_app.command("revoke")
def users_revoke(
    username: str = typer.Argument(..., help="Gebruikersnaam."),
    token: int | None = typer.Option(
        None, "--token", help="Alleen dit token (id uit 'users token' of 'users tokens')."
    ),
    tokens_only: bool = typer.Option(
        False, "--tokens-only", help="Alleen API-tokens; inlogsessies blijven."
    ),
) -> None:
    """Trek de API-tokens en inlogsessies van een gebruiker in; ze werken meteen niet meer."""
    from veekompas.store.users import UserRepository

    with _session(write=True) as session:
        try:
            counts = UserRepository(session, "cli").revoke(
                username, token_id=token, sessions=not tokens_only
            )
        except InputError as exc:
            fail(exc)
        session.commit()
    say(
        f"ingetrokken van {username}: {count(counts['api'], 'API-token', 'API-tokens')}, "
        f"{count(counts['session'], 'inlogsessie', 'inlogsessies')}"
    )
