"""Shared pieces of the browser tests: Debian's Chromium launched as in test_browser.py, a live
uvicorn server of an app, and a demo-region registry (3,567 farms, demo users) built once per
run and copied for every module."""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veekompas.cli import app as cli_app
from veekompas.demo import build_demo_region
from veekompas.demo.region import demo_farmer_farm
from veekompas.demo.users import DEMO_PASSWORD
from veekompas.web.plumbing.headless import CHROMIUM, CHROMIUM_ARGS, serve

__all__ = [
    "SCREENSHOTS",
    "chromium",
    "demo_database",
    "demo_farm_count",
    "demo_farmer",
    "log_in",
    "page_with_script_errors",
    "serve",
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@contextmanager
def chromium() -> Iterator[Any]:
    """A Chromium browser (Playwright); fails, never skips, when Chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make test'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def page_with_script_errors(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A Chromium page whose uncaught script errors collect in ``page.script_errors``."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.script_errors = errors
        yield page


@functools.cache
def _demo_template() -> Path:
    path = Path(tempfile.mkdtemp(prefix="veekompas-demo-")) / "template.db"
    env = {"VEEKOMPAS_DATABASE_URL": f"sqlite:///{path}"}
    done = CliRunner().invoke(cli_app, ["demo", "load", "--users"], env=env)
    assert done.exit_code == 0, done.output
    return path


@functools.cache
def demo_farmer() -> tuple[str, str]:
    """(UBN, name) of demo-boer's farm, a veal farm in Ede (``region.demo_farmer_farm``)."""
    farm = demo_farmer_farm(build_demo_region())
    return farm.ubn, farm.name


@functools.cache
def demo_farm_count(municipality: str) -> int:
    """How many demo farms lie in ``municipality``."""
    return sum(f.municipality == municipality for f in build_demo_region())


def demo_database(directory: Path) -> str:
    """A fresh copy of the demo registry in ``directory``; returns its database URL."""
    path = directory / "demo.db"
    shutil.copy(_demo_template(), path)
    return f"sqlite:///{path}"


def log_in(page: Any, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
