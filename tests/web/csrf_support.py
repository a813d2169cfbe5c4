"""The CSRF token of a TestClient's login, read where a browser finds it: the page's
``<meta name="csrf-token">`` (forms send it as field ``csrf_token``, scripts as header
``X-CSRF-Token``)."""

from __future__ import annotations

import re
from typing import Any

TOKEN = re.compile(r'<meta name="csrf-token" content="([0-9a-f]{64})">')


def page_token(client: Any) -> str:
    page = client.get("/normen")
    found = TOKEN.search(page.text)
    assert found, "no csrf-token on the page: is the client logged in?"
    return found.group(1)


def with_token(client: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Form fields plus the login's CSRF token, as the page's form sends them."""
    return {**(data or {}), "csrf_token": page_token(client)}
