"""Server time of the map's data endpoints with N farms (default 5,000): the demo region's 846
farms copied with new UBNs and moved up to 2 km until there are N, in a temporary SQLite registry.

Run: .venv/bin/python benchmarks/web_map.py [N]  — prints times and sizes, asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from veekompas.demo import build_demo_region
from veekompas.domain.registry import Location
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.app import create_app


def registry(path: Path, n: int) -> tuple[str, str]:
    url = f"sqlite:///{path}"
    upgrade(url)
    demo = build_demo_region()
    rng = np.random.default_rng(3)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        repo = FarmRepository(s, "benchmark")
        for k in range(n):
            base = demo[k % len(demo)]
            dx, dy = rng.uniform(-2000, 2000, 2) if k >= len(demo) else (0.0, 0.0)
            location = Location(
                x_rd=round(base.location.x_rd + dx, 3),
                y_rd=round(base.location.y_rd + dy, 3),
                place=base.location.place,
            )
            repo.add(base.model_copy(update={"ubn": str(8_000_000 + k), "location": location}))
        users = UserRepository(s)
        users.add("bench-regio", "bench-password", "regio")
        token = users.create_token("bench-regio")
        s.commit()
    engine.dispose()
    return url, token


def timed(client: TestClient, path: str, headers: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, headers=headers)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed, response.num_bytes_downloaded


def main(n: int = 5000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        url, token = registry(Path(tmp) / "map.db", n)
        print(f"registry of {n} farms built in {time.perf_counter() - start:.1f} s")
        client = TestClient(create_app(Settings(database_url=url, basemap="none")))
        auth = {"Authorization": f"Bearer {token}"}
        for label, path, headers in [
            (f"/api/v1/map/farms ({n} farms)", "/api/v1/map/farms", auth),
            (f"/api/v1/map/farms ({n} farms, again)", "/api/v1/map/farms", auth),
            ("/api/v1/map/natura2000 (first: built)", "/api/v1/map/natura2000", {}),
            (
                "/api/v1/map/natura2000 (cached, gzip)",
                "/api/v1/map/natura2000",
                {"Accept-Encoding": "gzip"},
            ),
            (
                "deposition of one farm (first: numba, hexagons)",
                "/api/v1/map/farms/8000005/deposition",
                auth,
            ),
            ("deposition of one farm (again)", "/api/v1/map/farms/8000005/deposition", auth),
            ("odour contours of one farm", "/api/v1/map/farms/8000005/odour", auth),
        ]:
            seconds, size = timed(client, path, headers)
            print(f"{label:55s} {seconds * 1000:8.0f} ms  {size / 1024:8.0f} KiB sent")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
