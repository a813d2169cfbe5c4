"""The registry test setup: farms A and C in Ede, B in Barneveld; one user per role with a bearer
token; the adviseur has consent ``inzien`` on A and ``bewerken`` on B; the boer owns A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from builders import farm
from veekompas.domain.users import Consent
from veekompas.store.consents import ConsentRepository
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository

PASSWORD = "kalveren-in-de-vallei"
FARM_A, FARM_B, FARM_C = "100001", "100002", "100003"
USERS = {
    "admin": {"role": "admin"},
    "regio": {"role": "regio"},
    "gemeente": {"role": "gemeente", "municipality": "Ede"},
    "adviseur": {"role": "adviseur"},
    "boer": {"role": "boer", "farm_ubn": FARM_A},
    "publiek": {"role": "publiek"},
}


@dataclass
class RegistryApp:
    client: TestClient
    tokens: dict[str, str]
    url: str

    def as_(self, role: str | None) -> dict[str, str]:
        """Headers of a request by the user of ``role`` (None: anonymous)."""
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}


def build_registry(path: Path) -> dict[str, str]:
    """Create the setup's SQLite database at ``path``; returns each user's bearer token."""
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    tokens = {}
    with session_factory(engine)() as s:
        farms = FarmRepository(s, "setup")
        farms.add(farm(FARM_A, "Ede"))
        farms.add(farm(FARM_B, "Barneveld", intent="stopper"))
        farms.add(farm(FARM_C, "Ede", calves=900))
        users = UserRepository(s)
        for name, scope in USERS.items():
            extra = {k: v for k, v in scope.items() if k != "role"}
            users.add(name, PASSWORD, scope["role"], **extra)
            tokens[name] = users.create_token(name)
        consents = ConsentRepository(s, "boer")
        for ubn, purpose, scope in (
            (FARM_A, "advies", "inzien"),
            (FARM_B, "vergunning", "bewerken"),
        ):
            consent = Consent(farm_ubn=ubn, party="adviseur", purpose=purpose, data_scope=scope,
                              valid_from=dt.date(2020, 1, 1))  # fmt: skip
            consents.grant(consent)
        s.commit()
    engine.dispose()
    return tokens
