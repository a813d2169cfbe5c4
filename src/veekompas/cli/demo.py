"""``veekompas demo load``: the demo region into the registry database (migrated first)."""

from __future__ import annotations

import typer

from veekompas.cli.common import fail, say
from veekompas.errors import InputError
from veekompas.format_nl import count, number

demo_app = typer.Typer(
    help="Demoregio: echte vergunde NH3-bronnen rond de Veluwe als voorbeeldbedrijven.",
    no_args_is_help=True,
)


@demo_app.command("load")
def demo_load(
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Alleen laden als het register leeg is."
    ),
    replace: bool = typer.Option(False, "--replace", help="Bestaande demobedrijven overschrijven."),
    users: bool = typer.Option(
        False,
        "--users",
        help="Ook demogebruikers per rol (gedeeld wachtwoord); alleen in een demoregister.",
    ),
) -> None:
    """Laad de demoregio (846 bedrijven) in het register; alles of niets. Een register met
    bedrijven of gebruikers die niet van de demo zijn wordt geweigerd (exit 2)."""
    from veekompas.cli.registry import _database_url, _session
    from veekompas.demo.guard import require_demo_registry
    from veekompas.demo.load import load_demo_region
    from veekompas.demo.users import DEMO_PASSWORD, add_demo_users
    from veekompas.store.db import upgrade

    upgrade(_database_url())
    try:
        with _session(write=True) as session:
            if users:  # checked before the farms are written: all or nothing
                require_demo_registry(session, users=True)
            report = load_demo_region(session, if_empty=if_empty, replace=replace)
            added = add_demo_users(session) if users else []
            session.commit()
    except InputError as exc:
        fail(exc)
    if added:
        names = ", ".join(u.username for u in added)
        say(f"demogebruikers: {names} (wachtwoord {DEMO_PASSWORD!r}; alleen voor demo's)")
    if report.skipped:
        say("register is niet leeg: demoregio niet geladen")
        return
    farms = count(report.created + report.updated, "bedrijf", "bedrijven")
    say(
        f"demoregio geladen: {number(report.created, 0)} nieuw, "
        f"{number(report.updated, 0)} bijgewerkt; {farms} in "
        f"{count(report.municipalities, 'gemeente', 'gemeenten')}, "
        f"vergunde NH3 {number(report.nh3_kg_per_year, 0)} kg/jaar"
    )
