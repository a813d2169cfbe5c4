"""Load test: many concurrent readers and some writers against the web app in its own process.

Run: .venv/bin/python benchmarks/load.py [--readers 200] [--writers 4] [--seconds 30]
     [--size 5000] [--database-url URL]

Builds a registry of ``--size`` farms (the demo region plus synthetic farms,
``veekompas.demo.large``) with the demo users in a temporary SQLite database (or the empty
database at ``--database-url``, e.g. PostgreSQL), starts ``uvicorn`` with the app in a separate
process on a free local port, and drives it with one asyncio client (aiohttp):

- readers (closed loop, no think time), each on one route: ``/regio`` anonymous (open data),
  ``/regio`` as the region's planner, ``/api/v1/farms?limit=50`` and ``/kaart`` as that planner;
- writers (admin bearer token): read a random farm's animal counts and write them back plus one;
  409 (the farm changed since it was read) is an expected answer for a writer, not an error.

Prints per route: requests, throughput [req/s], p50/p95/p99 latency [ms] and errors (any other
status, time-outs, broken connections). Target (issue 10): zero errors and no stall, p95 of
``/api/v1/farms`` under 1 s with 200 readers on a 2-core machine. Asserts nothing; traffic goes
to 127.0.0.1 only, and the run stops by itself after ``--seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import aiohttp
import httpx
import numpy as np

from veekompas.demo.large import build_large_region
from veekompas.demo.users import DEMO_PASSWORD, add_demo_users
from veekompas.store.db import make_engine, session_factory, upgrade
from veekompas.store.farms import FarmRepository
from veekompas.store.users import UserRepository
from veekompas.web.accounts.auth import SESSION_COOKIE
from veekompas.web.plumbing.headless import free_port

READ_ROUTES = (
    ("/regio (anoniem)", "/regio", False),
    ("/regio (regio)", "/regio", True),
    ("/api/v1/farms", "/api/v1/farms?limit=50", True),
    ("/kaart", "/kaart", True),
)
PLANNER = "demo-regio"
TIMEOUT_S = 60.0
MAX_SECONDS = 600
KEEP_ALIVE_S = 30  # as `veekompas serve`: longer than a client's pause between requests


def build_registry(url: str, size: int) -> tuple[list[str], str]:
    """Fill the registry; returns the farms' UBNs and an admin bearer token."""
    upgrade(url)
    farms = build_large_region(size)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        FarmRepository(session, "benchmark").add_many(farms)
        add_demo_users(session)
        token = UserRepository(session).create_token("demo-admin")
        session.commit()
    engine.dispose()
    return [f.ubn for f in farms], token


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "VEEKOMPAS_DATABASE_URL": url, "VEEKOMPAS_BASEMAP": "none"}
    command = [sys.executable, "-m", "uvicorn", "--factory", "veekompas.web.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--timeout-keep-alive", str(KEEP_ALIVE_S)]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/auth/me", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


class Tally:
    """Latencies [s] and errors per route name."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.conflicts: dict[str, int] = defaultdict(int)

    def add(self, name: str, seconds: float, error: str | None = None) -> None:
        self.latencies[name].append(seconds)
        if error:
            self.errors[name].append(error)


async def reader(client: aiohttp.ClientSession, name: str, path: str, stop: float, tally: Tally):
    while time.monotonic() < stop:
        start = time.monotonic()
        try:
            async with client.get(path) as response:
                await response.read()
                error = None if response.status == 200 else f"HTTP {response.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = type(exc).__name__
        tally.add(name, time.monotonic() - start, error)


async def writer(client: aiohttp.ClientSession, ubns: list[str], stop: float, tally: Tally):
    rng = random.Random()
    while time.monotonic() < stop:
        path = f"/api/v1/farms/{rng.choice(ubns)}/animals"
        start = time.monotonic()
        try:
            async with client.get(path) as response:
                response.raise_for_status()
                doc = await response.json()
            if doc["items"]:
                doc["items"][0]["count"] += 1
            async with client.put(path, json=doc) as response:
                await response.read()
                status = response.status
            error = None if status in (200, 409) else f"HTTP {status}"
            tally.conflicts["schrijven (GET+PUT)"] += status == 409
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = type(exc).__name__
        tally.add("schrijven (GET+PUT)", time.monotonic() - start, error)


async def login_cookie(base: str) -> dict[str, str]:
    async with aiohttp.ClientSession(base) as client:
        login = {"username": PLANNER, "password": DEMO_PASSWORD}
        async with client.post("/api/v1/auth/login", json=login) as response:
            response.raise_for_status()
            return {SESSION_COOKIE: response.cookies[SESSION_COOKIE].value}


async def drive(base: str, token: str, ubns: list[str], args: argparse.Namespace) -> Tally:
    connections = aiohttp.TCPConnector(limit=args.readers + args.writers + 10)
    common = {
        "base_url": base,
        "connector": connections,
        "connector_owner": False,
        "timeout": aiohttp.ClientTimeout(total=TIMEOUT_S),
    }
    cookies = await login_cookie(base)
    async with (
        aiohttp.ClientSession(**common) as anonymous,
        aiohttp.ClientSession(**common, cookies=cookies) as planner,
        aiohttp.ClientSession(**common, headers={"Authorization": f"Bearer {token}"}) as admin,
    ):
        tally, stop = Tally(), time.monotonic() + args.seconds
        tasks = []
        for i in range(args.readers):
            name, path, logged_in = READ_ROUTES[i % len(READ_ROUTES)]
            client = planner if logged_in else anonymous
            tasks.append(reader(client, name, path, stop, tally))
        tasks += [writer(admin, ubns, stop, tally) for _ in range(args.writers)]
        await asyncio.gather(*tasks)
    await connections.close()
    return tally


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time [s] of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(tally: Tally, seconds: float, server_cpu_s: float, args: argparse.Namespace) -> None:
    requests = sum(len(t) for t in tally.latencies.values())
    print(
        f"{args.readers} readers and {args.writers} writers for {seconds:.0f} s on "
        f"{args.size:,} farms ({os.cpu_count()} cores); load average at the start "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(
        f"server: {server_cpu_s:.1f} s CPU, {server_cpu_s / max(requests, 1) * 1e3:.1f} ms CPU per "
        f"request ({server_cpu_s / seconds:.2f} cores busy); {requests / seconds:.0f} requests/s"
    )
    print(f"{'route':22} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>7}")  # fmt: skip
    for name, times in tally.latencies.items():
        p50, p95, p99 = np.percentile(np.array(times) * 1e3, [50, 95, 99])
        line = (f"{name:22} {len(times):9d} {len(times) / seconds:7.1f} {p50:8.0f} {p95:8.0f} "
                f"{p99:8.0f} {len(tally.errors[name]):7d}")  # fmt: skip
        if name in tally.conflicts:
            line += f"   (409: {tally.conflicts[name]})"
        print(line)
    for name, errors in tally.errors.items():
        if errors:
            kinds = {e: errors.count(e) for e in sorted(set(errors))}
            print(f"errors on {name}: {kinds}")


def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'load.db'}"
        ubns, token = build_registry(url, args.size)
        port = free_port()
        server = start_server(url, port)
        try:
            start, cpu = time.monotonic(), cpu_seconds(server.pid)
            client_cpu = cpu_seconds(os.getpid())
            tally = asyncio.run(drive(f"http://127.0.0.1:{port}", token, ubns, args))
            print(f"client: {cpu_seconds(os.getpid()) - client_cpu:.1f} s CPU")
            report(tally, time.monotonic() - start, cpu_seconds(server.pid) - cpu, args)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a stalled server may not stop on SIGTERM
                server.kill()
                server.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--database-url", default=None, help="an empty database (default SQLite)")
    parsed = parser.parse_args()
    if not 0 < parsed.seconds <= MAX_SECONDS:
        parser.error(f"--seconds: between 0 and {MAX_SECONDS}")
    main(parsed)
