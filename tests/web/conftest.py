"""A registry app with three farms, one user per role and their bearer tokens.

The database is built once (argon2 hashing is slow on purpose) and copied for every test."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from registry_setup import FARM_A, FARM_B, FARM_C, PASSWORD, USERS, RegistryApp

from builders import farm
from veekompas.domain.users import Consent
from veekompas.settings import Settings
from veekompas.store.consents import ConsentRepository
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app


@pytest.fixture(scope="session")
def _registry_template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("registry") / "template.db"
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
            role = scope["role"]
            extra = {k: v for k, v in scope.items() if k != "role"}
            users.add(name, PASSWORD, role, **extra)
            tokens[name] = users.create_token(name)
        consents = ConsentRepository(s, "boer")
        start = dt.date(2020, 1, 1)
        for ubn, purpose, scope in (
            (FARM_A, "advies", "inzien"),
            (FARM_B, "vergunning", "bewerken"),
        ):
            consents.grant(
                Consent(
                    farm_ubn=ubn,
                    party="adviseur",
                    purpose=purpose,
                    data_scope=scope,
                    valid_from=start,
                )
            )
        s.commit()
    engine.dispose()
    return path, tokens


@pytest.fixture
def registry_app(_registry_template, tmp_path) -> RegistryApp:
    template, tokens = _registry_template
    path = tmp_path / "registry.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    app = create_app(Settings(database_url=url))
    return RegistryApp(TestClient(app), tokens, url)
