"""Shared fixtures; with CI=true a skipped test fails the run (nothing is skipped silently)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases"


@pytest.fixture
def lochem_farm_data() -> dict:
    """The 2011 Lochem request's two situations (tests/cases/lochem_2011)."""
    return yaml.safe_load((CASES / "lochem_2011" / "farm.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def lochem_farm_file() -> Path:
    return CASES / "lochem_2011" / "farm.yaml"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def migrated_sqlite_url(tmp_path) -> str:
    """An empty, migrated registry database (SQLite) for app and CLI tests."""
    from veekompas.store.db import upgrade

    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def demo_region():
    """The demo region (3,567 farms, seed veekompas.demo.DEMO_SEED) that other tests share."""
    from veekompas.demo import build_demo_region

    return build_demo_region()


@pytest.fixture(scope="session")
def demo_farmer_farm(demo_region):
    """demo-boer's farm: the first veal farm in Ede run by a blijver born 1965-1985."""
    from veekompas.demo.region import demo_farmer_farm

    return demo_farmer_farm(demo_region)
