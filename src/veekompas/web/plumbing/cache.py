"""Answers derived from the whole registry, cached per registry version.

The open-data table (with its disclosure control), the region dashboard and its charts, the map's
farm layer and the farm list pages are computed once per registry version
(:func:`veekompas.store.registry_version.registry_version`) and per user reach, and served from
memory until the next write. Under load, one request computes a key and the others wait for it
instead of computing it too. Entries also expire after ``TTL_S``."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from veekompas.store.registry_version import registry_version
from veekompas.web.accounts.auth import SESSION_COOKIE

T = TypeVar("T")
MAX_ENTRIES = 256
TTL_S = 300.0


class VersionedCache:
    """A thread-safe LRU of at most ``max_entries`` values, each computed once per key."""

    def __init__(self, max_entries: int = MAX_ENTRIES, ttl_s: float = TTL_S) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _fresh(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            entry = self._values.get(key)
            if entry is None or time.monotonic() - entry[0] > self.ttl_s:
                return False, None
            self._values.move_to_end(key)
            self.hits += 1
            return True, entry[1]

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        found, value = self._fresh(key)
        if found:
            return value
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:  # one thread computes; the others wait and then find the value
            found, value = self._fresh(key)
            if found:
                return value
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self.misses += 1
                self._values[key] = (time.monotonic(), value)
                self._values.move_to_end(key)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value


def login_key(request: Request) -> str | None:
    """What a page may show of the login behind ``request`` (its user, menu and form tokens):
    a digest of the session cookie, so a cached page is served to that session only."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return hashlib.sha256(cookie.encode()).hexdigest() if cookie else None


def cached(request: Request, session: Session, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()`` for ``key`` at the registry version of ``session``'s snapshot, from the
    app's cache when another request computed it already."""
    cache: VersionedCache = request.app.state.cache
    return cache.get((registry_version(session), *key), compute)
