"""Errors: bad input names the field and what is allowed; access errors say what was refused."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(ValueError):
    """Bad input from a user or a file.

    ``str(error)`` is one line, ``"<field>: <message>"``; the CLI prints it and exits 2, the API
    answers 422 with the same text.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = " ".join(message.split())
        super().__init__(f"{field}: {self.message}" if field else self.message)


class Forbidden(Exception):
    """The user is known but may not do this (API: 403)."""


class NotAuthenticated(Exception):
    """No valid login session or bearer token (API: 401)."""


class TooManyRequests(Exception):
    """Too many attempts; try again after ``retry_after`` seconds (API: 429 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


def close_matches(value: str, allowed: Iterable[str], n: int = 3) -> list[str]:
    """The allowed values that look most like ``value`` (for 'did you mean' hints)."""
    allowed = list(allowed)
    matches = difflib.get_close_matches(value, allowed, n=n, cutoff=0.5)
    if not matches:
        lowered = value.lower()
        matches = [a for a in allowed if lowered in a.lower() or a.lower() in lowered][:n]
    return matches


def unknown_value_message(kind: str, value: object, allowed: Iterable[str]) -> str:
    """'unknown <kind> 'x'; did you mean: a, b? Allowed: ...' in one line."""
    allowed = sorted(allowed)
    hint = close_matches(str(value), allowed)
    text = f"unknown {kind} {value!r}"
    if hint:
        text += f"; did you mean: {', '.join(hint)}?"
    return f"{text} Allowed: {', '.join(allowed)}"
