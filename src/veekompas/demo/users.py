"""Demo users, one per role, so the demo region can be explored through the API and the web app.

Only for demonstrations: they share one published password (``DEMO_PASSWORD``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from veekompas.demo.guard import require_demo_registry
from veekompas.demo.region import DEMO_FARMER_MUNICIPALITY, is_demo_farmer_farm
from veekompas.domain.users import Consent, User
from veekompas.store.consents import ConsentRepository
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository

DEMO_PASSWORD = "demo-veekompas"


def add_demo_users(session: Session) -> list[User]:
    """Add the demo users that do not exist yet; returns those added.

    ``demo-ede`` is Ede's planner, ``demo-boer`` the farmer of the first veal farm in Ede (by
    UBN) run by a blijver born 1965-1985 (``region.is_demo_farmer_farm``), and
    ``demo-adviseur`` may see three Barneveld farms (consent ``inzien``, purpose ``demo-advies``)
    and demo-boer's farm (consent ``inzien``, purpose ``demo-bedrijfsadvies``: one for the
    farmer to withdraw on his consent page). A registry with a farm or user that is not the
    demo's is refused (``InputError``) before anything is written."""
    require_demo_registry(session, users=True)
    users = UserRepository(session, "demo")
    farms = FarmRepository(session, "demo")
    veal = farms.list(municipality=DEMO_FARMER_MUNICIPALITY, sector="vleeskalveren", limit=1000)
    farmer_farm = next((f for f in veal if is_demo_farmer_farm(f)), None)
    barneveld = farms.list(municipality="Barneveld", limit=3)
    wanted: list[tuple[str, str, dict[str, str]]] = [
        ("demo-admin", "admin", {}),
        ("demo-regio", "regio", {}),
        ("demo-ede", "gemeente", {"municipality": "Ede"}),
        ("demo-adviseur", "adviseur", {}),
        ("demo-publiek", "publiek", {}),
    ]
    if farmer_farm is not None:
        wanted.append(("demo-boer", "boer", {"farm_ubn": farmer_farm.ubn}))
    added = []
    for name, role, scope in wanted:
        if users.get(name) is None:
            added.append(users.add(name, DEMO_PASSWORD, role, **scope))
    if any(u.username == "demo-adviseur" for u in added):
        consents = ConsentRepository(session, "demo")
        for farm in barneveld:
            consents.grant(
                Consent(
                    farm_ubn=farm.ubn,
                    party="demo-adviseur",
                    purpose="demo-advies",
                    valid_from=dt.date(2024, 1, 1),
                )
            )
        if farmer_farm is not None:  # the farmer's own farm: his consent page has one to withdraw
            consents.grant(
                Consent(
                    farm_ubn=farmer_farm.ubn,
                    party="demo-adviseur",
                    purpose="demo-bedrijfsadvies",
                    valid_from=dt.date(2024, 1, 1),
                )
            )
    return added
