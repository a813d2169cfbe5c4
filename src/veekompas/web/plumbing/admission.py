"""Admission limit: at most N requests run inside the app at once; the others wait here.

A waiting request holds nothing: no worker thread and no database connection. Each admitted
request needs at most one worker thread and two pooled connections at a time, and the app sizes
the thread limiter and the pool for N admitted requests (:func:`size_worker_threads`), so
requests can never wait on each other for a thread or a connection (the stall of issue 10: 40
threads waiting for 15 connections held by requests that waited for a thread)."""

from __future__ import annotations

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from veekompas.web.plumbing.deps import UNSAFE_METHODS

# Static files hold no database connection: they are served without waiting for a slot.
EXEMPT_PREFIXES = ("/static/",)
# Threads besides the admitted requests: static files, middleware lookups, the server itself.
SPARE_THREADS = 8


class AdmissionLimit:
    """ASGI middleware letting at most ``limit`` reading and ``limit`` writing HTTP requests in
    at once (first come, first served by anyio's semaphores)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.app = app
        self.limit = limit
        self._lanes: dict[bool, anyio.Semaphore] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        if self._lanes is None:  # made inside the server's event loop
            self._lanes = {False: anyio.Semaphore(self.limit), True: anyio.Semaphore(self.limit)}
        async with self._lanes[scope["method"] in UNSAFE_METHODS]:
            await self.app(scope, receive, send)


def admitted_requests(limit: int) -> int:
    """How many requests can be inside the app at once with ``limit`` per lane."""
    return 2 * limit


def size_worker_threads(limit: int) -> None:
    """Give the event loop's worker-thread limiter room for every admitted request."""
    total = admitted_requests(limit) + SPARE_THREADS
    anyio.to_thread.current_default_thread_limiter().total_tokens = total
