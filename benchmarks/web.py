"""Server time of the registry API and pages on a 5,000-farm region (the demo region plus
synthetic farms, ``veekompas.demo.large``) in a temporary SQLite registry.

Run: .venv/bin/python benchmarks/web.py [--size 5000] [--repeats 21]
Prints the load time and, per endpoint and user, the median and the slowest of ``repeats``
requests through FastAPI's TestClient (in-process: server time without a network); the target
is a median under 300 ms. Pages (/regio, /bedrijven, /kaart's data) are timed only when the app
has them. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from veekompas.demo.large import build_large_region
from veekompas.demo.users import DEMO_PASSWORD, add_demo_users
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.web.app import create_app
from veekompas.web.plumbing.templating import app_routes

TARGET_MS = 300.0
ALWAYS = ("/api/v1/farms?limit=50", "/api/v1/open/municipalities")
IF_PRESENT = ("/regio", "/bedrijven", "/kaart.json", "/kaart/data", "/api/v1/map/farms")


def load(url: str, size: int) -> float:
    """Migrate and fill the registry; returns the seconds the farms took to write."""
    upgrade(url)
    farms = build_large_region(size)
    with session_factory(make_engine(url))() as session:
        start = time.perf_counter()
        FarmRepository(session, "benchmark").add_many(farms)
        session.commit()
        seconds = time.perf_counter() - start
        add_demo_users(session)
        session.commit()
    return seconds


def timed(client: TestClient, path: str, repeats: int) -> tuple[int, list[float]]:
    status, times = 0, []
    for _ in range(repeats):
        start = time.perf_counter()
        status = client.get(path).status_code
        times.append((time.perf_counter() - start) * 1e3)
    return status, times


def main(size: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'large.db'}"
        seconds = load(url, size)
        print(f"{size:,} farms written in {seconds:.2f} s (bulk path, audited)")
        app = create_app(Settings(database_url=url))
        paths = {getattr(r, "path", None) for r in app_routes(app)}
        endpoints = list(ALWAYS) + [p for p in IF_PRESENT if p.split("?")[0] in paths]
        print(f"{'endpoint':42} {'user':12} {'status':>6} {'median ms':>10} {'max ms':>8}")
        for user in ("demo-regio", "demo-ede"):
            client = TestClient(app)
            client.post("/api/v1/auth/login", json={"username": user, "password": DEMO_PASSWORD})
            for path in endpoints:
                client.get(path)  # warm-up (first import, caches)
                status, times = timed(client, path, repeats)
                median = statistics.median(times)
                flag = "" if median <= TARGET_MS else "  over target"
                print(f"{path:42} {user:12} {status:6} {median:10.1f} {max(times):8.1f}{flag}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    main(args.size, args.repeats)
