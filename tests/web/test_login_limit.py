"""Login throttling: 429 with Retry-After after too many failed logins per user or per address,
on the API and the login page; the window expires (injected clock); a burst of parallel wrong
logins gets 401/429, never 500, with at most the configured password checks at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from registry_setup import PASSWORD

from veekompas.errors import TooManyRequests
from veekompas.web.accounts.login_limit import LoginLimiter, LoginsBusy
from veekompas.web.plumbing.headless import serve

LOGIN = "/api/v1/auth/login"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _try(limiter: LoginLimiter, user: str, address: str, ok: bool = False) -> None:
    with limiter.attempt(user, address) as attempt:
        pass
    if ok:
        limiter.succeeded(attempt)


# -- the limiter on its own ------------------------------------------------------------------


def test_the_sixth_attempt_of_a_user_is_refused_until_the_window_passes():
    clock = Clock()
    limiter = LoginLimiter(per_user=5, per_address=20, window_s=900, clock=clock)
    for i in range(5):
        clock.now = 1000.0 + 10 * i
        _try(limiter, "boer", "10.0.0.1")
    clock.now = 1100.0
    with pytest.raises(TooManyRequests) as refused:
        _try(limiter, "BOER ", "10.0.0.9")  # same user, any spelling, any address
    assert refused.value.retry_after == 800  # the first attempt (t=1000) leaves at t=1900
    assert str(refused.value) == "login: too many failed logins; try again in 800 s"
    _try(limiter, "ander", "10.0.0.2")  # another user from another address goes on
    clock.now = 1900.0
    _try(limiter, "boer", "10.0.0.1")  # one attempt left the window: one more try
    with pytest.raises(TooManyRequests):
        _try(limiter, "boer", "10.0.0.1")


def test_a_refused_attempt_is_not_counted_and_a_success_resets_the_user():
    clock = Clock()
    limiter = LoginLimiter(per_user=3, per_address=20, window_s=60, clock=clock)
    for _ in range(2):
        _try(limiter, "boer", "a")
    _try(limiter, "boer", "a", ok=True)
    for _ in range(3):
        _try(limiter, "boer", "a")
    for _ in range(10):
        with pytest.raises(TooManyRequests):
            _try(limiter, "boer", "a")
    clock.now += 60
    _try(limiter, "boer", "a")  # the refused ones did not extend the block


def test_an_address_is_limited_over_all_usernames():
    limiter = LoginLimiter(per_user=5, per_address=4, window_s=60, clock=Clock())
    for i in range(4):
        _try(limiter, f"gebruiker{i}", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        _try(limiter, "nog-een", "10.0.0.1")
    _try(limiter, "nog-een", "10.0.0.2")


def test_the_store_keeps_a_bounded_number_of_keys():
    clock = Clock()
    limiter = LoginLimiter(per_user=5, per_address=5, window_s=60, clock=clock, max_keys=100)
    for i in range(1000):
        clock.now += 0.001
        _try(limiter, f"u{i}", f"a{i}")
    users, addresses = limiter.tracked()
    assert 90 <= users <= 100 and 90 <= addresses <= 100
    assert limiter.tracked() == (users, addresses)


def test_at_most_parallel_checks_run_at_once_and_a_waiter_gives_up():
    limiter = LoginLimiter(per_user=100, per_address=100, parallel=2, wait_s=5)
    running, peak, lock = 0, 0, threading.Lock()

    def check(i: int) -> None:
        nonlocal running, peak
        with limiter.attempt(f"u{i}", "a"):
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.01)
            with lock:
                running -= 1

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(check, range(32)))
    assert peak == 2

    impatient = LoginLimiter(parallel=1, wait_s=0.01)
    with impatient.attempt("eerste", "a"), pytest.raises(LoginsBusy) as busy:
        _try(impatient, "tweede", "b")
    assert busy.value.retry_after == 1
    assert impatient.tracked() == (1, 1)  # the refused attempt was taken off again


# -- the API and the login page --------------------------------------------------------------


def _wrong(client: TestClient, user: str = "boer"):
    return client.post(LOGIN, json={"username": user, "password": "fout-wachtwoord"})


def test_api_the_sixth_wrong_login_gets_429_with_retry_after(registry_app):
    c = registry_app.client
    assert [_wrong(c).status_code for _ in range(5)] == [401] * 5
    refused = c.post(LOGIN, json={"username": "boer", "password": PASSWORD})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 900
    assert refused.json() == {
        "detail": f"login: too many failed logins; try again in {refused.headers['retry-after']} s"
    }
    other = TestClient(c.app, client=("192.0.2.7", 50000))
    ok = other.post(LOGIN, json={"username": "regio", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["username"] == "regio"


def test_api_the_block_ends_with_the_window_and_success_resets(registry_app):
    c, clock = registry_app.client, Clock()
    c.app.state.login_limiter = LoginLimiter(per_user=3, per_address=20, window_s=600, clock=clock)
    assert [_wrong(c).status_code for _ in range(2)] == [401, 401]
    good = {"username": "boer", "password": PASSWORD}
    assert c.post(LOGIN, json=good).status_code == 200
    assert [_wrong(c).status_code for _ in range(4)] == [401, 401, 401, 429]
    clock.now += 599
    assert c.post(LOGIN, json=good).headers["retry-after"] == "1"
    clock.now += 1
    assert c.post(LOGIN, json=good).status_code == 200


def test_login_page_the_sixth_wrong_login_gets_429(registry_app):
    c = registry_app.client
    form = {"username": "gemeente", "password": "fout-wachtwoord!"}
    assert [c.post("/inloggen", data=form).status_code for _ in range(5)] == [401] * 5
    refused = c.post("/inloggen", data={"username": "gemeente", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Te veel mislukte pogingen om in te loggen" in refused.text
    assert "veekompas_sessie" not in refused.headers.get("set-cookie", "")


def test_64_parallel_wrong_logins_give_401_or_429_never_500(registry_app):
    """On a live server (uvicorn, its own thread pool): 64 wrong logins at once from one
    address, of 64 usernames; at most the address's 20 reach the password check."""
    app = registry_app.client.app
    with serve(app) as base, httpx.Client(base_url=base, timeout=60) as http:

        def wrong(i: int) -> httpx.Response:
            user = "boer" if i % 8 == 0 else f"onbekend{i}"
            return http.post(LOGIN, json={"username": user, "password": "fout-wachtwoord"})

        with ThreadPoolExecutor(64) as pool:
            answers = list(pool.map(wrong, range(64)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses.count(401) <= 20
    assert all(a.headers["retry-after"].isdigit() for a in answers if a.status_code == 429)
