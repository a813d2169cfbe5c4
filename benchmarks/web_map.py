"""The region map with N farms (default 5,000; ``veekompas.demo.large``) in a temporary SQLite
registry: server time and size of its data endpoints, then (``--browser``) what a planner feels
in Debian's Chromium: time until the clustered map is ready, zooming in and out, recolouring
every marker and opening a farm's popup, plus the main thread's long tasks (> 50 ms).

Run: .venv/bin/python benchmarks/web_map.py [--size N] [--browser]  — prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from veekompas.demo.users import DEMO_PASSWORD
from veekompas.settings import Settings
from veekompas.web.app import create_app
from veekompas.web.plumbing.headless import CHROMIUM, CHROMIUM_ARGS, serve
from web import load

# Records the main thread's long tasks from the first paint on (PerformanceObserver).
LONG_TASKS = """window.__long = [];
new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration)))
  .observe({type: "longtask", buffered: true});"""


def timed(client: TestClient, path: str, headers: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, headers=headers)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed, response.num_bytes_downloaded


def server_times(app, ubn: str, n: int) -> None:
    """One request each (TestClient asks for gzip, as browsers do); sizes as sent."""
    client = TestClient(app)
    client.post("/api/v1/auth/login", json={"username": "demo-regio", "password": DEMO_PASSWORD})
    for label, path, headers in [
        (f"/api/v1/map/farms ({n} farms)", "/api/v1/map/farms", {}),
        (f"/api/v1/map/farms ({n} farms, again)", "/api/v1/map/farms", {}),
        ("/api/v1/map/natura2000 (first: built)", "/api/v1/map/natura2000", {}),
        (
            "/api/v1/map/natura2000 (cached, gzip)",
            "/api/v1/map/natura2000",
            {"Accept-Encoding": "gzip"},
        ),
        (
            "deposition of one farm (first: numba, hexagons)",
            f"/api/v1/map/farms/{ubn}/deposition",
            {},
        ),
        ("deposition of one farm (again)", f"/api/v1/map/farms/{ubn}/deposition", {}),
        ("odour contours of one farm", f"/api/v1/map/farms/{ubn}/odour", {}),
    ]:
        seconds, size = timed(client, path, headers)
        print(f"{label:55s} {seconds * 1000:8.0f} ms  {size / 1024:8.0f} KiB sent")


def long_tasks(page, label: str) -> None:
    long = page.evaluate("window.__long")
    print(
        f"{label:55s} {len(long):8d}     "
        f"longest {max(long, default=0):.0f} ms, total {sum(long):.0f} ms"
    )


def browser_times(base_url: str, n: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(LONG_TASKS)
        page.goto(f"{base_url}/inloggen")
        page.get_by_label("Gebruikersnaam").fill("demo-regio")
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        start = time.perf_counter()
        page.goto(f"{base_url}/kaart")
        page.wait_for_selector(f"#kaart[data-state=klaar][data-farms='{n}']", timeout=120_000)
        ready = time.perf_counter() - start
        label = f"map ready with {n} clustered farms (page load)"
        print(f"{label:55s} {ready * 1000:8.0f} ms")
        long_tasks(page, "long tasks while loading (> 50 ms)")
        page.evaluate("window.__long = []")
        # in-page timings: each action until Leaflet's event and the next painted frame
        zoom = """async (levels) => {
          const m = window.veekompasKaart.map; const t0 = performance.now();
          for (const z of levels) {
            await new Promise(r => { m.once("zoomend", r); m.setZoom(z, {animate: false}); });
            await new Promise(r => requestAnimationFrame(r));
          }
          return (performance.now() - t0) / levels.length; }"""
        per_step = page.evaluate(zoom, [10, 11, 12, 11, 10, 9])
        print(f"{'zoom one level (mean of 6, until painted)':55s} {per_step:8.0f} ms")
        recolour = """async () => { const t0 = performance.now();
          document.querySelector("input[name=kleur][value=intent]").click();
          await new Promise(r => requestAnimationFrame(r)); return performance.now() - t0; }"""
        print(f"{'recolour every marker by voornemen':55s} {page.evaluate(recolour):8.0f} ms")
        popup = """async () => { const s = window.veekompasKaart; const m = s.markers[0];
          const t0 = performance.now();
          await new Promise(r => s.clusters.zoomToShowLayer(m, () => { m.openPopup(); r(); }));
          return performance.now() - t0; }"""
        print(f"{'zoom to one farm and open its popup':55s} {page.evaluate(popup):8.0f} ms")
        long_tasks(page, "long tasks while zooming, recolouring, opening")
        browser.close()


def main(n: int, browser: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'map.db'}"
        start = time.perf_counter()
        load(url, n)
        print(f"registry of {n:,} farms built in {time.perf_counter() - start:.1f} s")
        app = create_app(Settings(database_url=url, basemap="none"))
        server_times(app, "9001485", n)  # demo farm F01485, veal calves near Wekerom
        if browser:
            with serve(app) as base_url:
                browser_times(base_url, n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--browser", action="store_true", help="also time the map in Chromium")
    args = parser.parse_args()
    main(args.size, args.browser)
