"""A registry app with three farms, one user per role and their bearer tokens.

The database is built once (argon2 hashing is slow on purpose) and copied for every test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from registry_setup import RegistryApp, build_registry

from veekompas.settings import Settings
from veekompas.web.app import create_app


@pytest.fixture(scope="session")
def _registry_template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("registry") / "template.db"
    return path, build_registry(path)


@pytest.fixture
def registry_app(_registry_template, tmp_path) -> RegistryApp:
    template, tokens = _registry_template
    path = tmp_path / "registry.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    app = create_app(Settings(database_url=url))
    return RegistryApp(TestClient(app), tokens, url)
