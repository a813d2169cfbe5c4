"""Login throttling: failed logins counted per user and per client address, and a bound on how
many password checks run at once.

Every login attempt is counted when it starts (so a burst of parallel attempts cannot all slip
through before the first failure is recorded); a success clears the user's count and takes its
own attempt off the address's count. With ``per_user`` attempts of one username, or
``per_address`` attempts from one address, within ``window_s`` seconds, further attempts are
refused with :class:`~veekompas.errors.TooManyRequests` (429 with Retry-After) before any password
is checked. An argon2 check takes 64 MiB and about 0.15 s of CPU: at most ``parallel`` run at
once; an attempt that finds no free slot within ``wait_s`` is refused the same way.

The counts live in this process (a thread-safe store that forgets expired attempts and keeps at
most ``max_keys`` usernames and addresses, least recently used dropped first): right for one
server process; a restart forgets them. The address is the TCP peer (``request.client``), not an
``X-Forwarded-For`` header, which any client can forge; behind a proxy every client shares the
proxy's address, so raise ``VEEKOMPAS_LOGIN_FAILURES_PER_ADDRESS`` there.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request

from veekompas.errors import TooManyRequests

TOO_MANY_FAILURES = "login: too many failed logins; try again in {seconds} s"
TOO_BUSY = "login: too many logins at once; try again in {seconds} s"


class LoginsBusy(TooManyRequests):
    """No password-check slot came free in time (many logins at once)."""


class _Window:
    """The attempt times of each key within the last ``window_s`` seconds (oldest first)."""

    def __init__(self, limit: int, window_s: float, max_keys: int) -> None:
        self.limit, self.window_s, self.max_keys = limit, window_s, max_keys
        self._times: OrderedDict[str, deque[float]] = OrderedDict()

    def _live(self, key: str, now: float) -> deque[float] | None:
        times = self._times.get(key)
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if times is not None and not times:
            del self._times[key]
            return None
        return times

    def wait(self, key: str, now: float) -> float:
        """Seconds until ``key`` may try again; 0 when it may now."""
        times = self._live(key, now)
        if times is None or len(times) < self.limit:
            return 0.0
        return times[-self.limit] + self.window_s - now

    def add(self, key: str, now: float) -> None:
        self._times.setdefault(key, deque()).append(now)
        self._times.move_to_end(key)
        if len(self._times) > self.max_keys:  # forget the expired, then the least recent
            for old in [k for k in self._times if k != key]:
                self._live(old, now)
            while len(self._times) > self.max_keys * 0.9:
                self._times.popitem(last=False)

    def remove_one(self, key: str, at: float) -> None:
        times = self._times.get(key)
        if times and at in times:
            times.remove(at)
            if not times:
                del self._times[key]

    def clear(self, key: str) -> None:
        self._times.pop(key, None)

    def __len__(self) -> int:
        return len(self._times)


@dataclass(frozen=True)
class Attempt:
    """One counted login attempt (see :meth:`LoginLimiter.attempt`)."""

    user: str
    address: str
    at: float


class LoginLimiter:
    """Counts login attempts per user and address and bounds parallel password checks."""

    def __init__(
        self,
        *,
        per_user: int = 5,
        per_address: int = 20,
        window_s: float = 900.0,
        parallel: int = 2,
        wait_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self._users = _Window(per_user, window_s, max_keys)
        self._addresses = _Window(per_address, window_s, max_keys)
        self._checks = threading.BoundedSemaphore(parallel)
        self._lock = threading.Lock()
        self._clock, self._wait_s = clock, wait_s

    @contextmanager
    def attempt(self, username: str, address: str) -> Iterator[Attempt]:
        """Count an attempt and hold one password-check slot while the block runs; raises
        TooManyRequests (nothing counted) when the user or address is over its limit or no slot
        frees up in time. Call :meth:`succeeded` after a successful check."""
        user, now = username.strip().lower(), self._clock()
        with self._lock:
            wait = max(self._users.wait(user, now), self._addresses.wait(address, now))
            if wait > 0:
                raise TooManyRequests(
                    TOO_MANY_FAILURES.format(seconds=math.ceil(wait)), math.ceil(wait)
                )
            self._users.add(user, now)
            self._addresses.add(address, now)
        attempt = Attempt(user, address, now)
        if not self._checks.acquire(timeout=self._wait_s):
            self._forget(attempt)
            raise LoginsBusy(TOO_BUSY.format(seconds=1), 1)
        try:
            yield attempt
        finally:
            self._checks.release()

    def _forget(self, attempt: Attempt) -> None:
        with self._lock:
            self._users.remove_one(attempt.user, attempt.at)
            self._addresses.remove_one(attempt.address, attempt.at)

    def succeeded(self, attempt: Attempt) -> None:
        """A correct password: the user's count starts again and the attempt is no failure."""
        with self._lock:
            self._users.clear(attempt.user)
            self._addresses.remove_one(attempt.address, attempt.at)

    def tracked(self) -> tuple[int, int]:
        """How many usernames and addresses have attempts in the window (for tests)."""
        with self._lock:
            return len(self._users), len(self._addresses)


_create_lock = threading.Lock()


def login_limiter(app: FastAPI) -> LoginLimiter:
    """The app's limiter (``app.state.login_limiter``), made from its settings on first use."""
    limiter = getattr(app.state, "login_limiter", None)
    if limiter is None:
        with _create_lock:
            limiter = getattr(app.state, "login_limiter", None)
            if limiter is None:
                s = app.state.settings
                limiter = LoginLimiter(
                    per_user=s.login_failures_per_user,
                    per_address=s.login_failures_per_address,
                    window_s=s.login_window_minutes * 60,
                    parallel=s.login_parallel_checks,
                )
                app.state.login_limiter = limiter
    return limiter


def client_address(request: Request) -> str:
    """The TCP peer's address (never a forwarded-for header)."""
    return request.client.host if request.client else "unknown"
