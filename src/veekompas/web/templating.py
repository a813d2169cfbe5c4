"""The one Jinja environment of the pages, with the helpers every template may use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from veekompas import format_nl
from veekompas.presentation import PRODUCT_COLUMNS, product_rows, summary_rows


def _paths(routes: Iterable[Any], prefix: str = "") -> Iterator[str]:
    """Paths of ``routes``, also inside included routers (FastAPI 0.12x+ wraps each included
    router in one route object without a ``path``)."""
    for route in routes:
        path = getattr(route, "path", None)
        if path is not None:
            yield prefix + path
        router = getattr(route, "original_router", None)
        if router is not None:
            context = getattr(route, "include_context", None)
            yield from _paths(router.routes, prefix + getattr(context, "prefix", ""))


def has_page(request: Request, path: str) -> bool:
    """Whether the app serves a page at ``path`` (the menu links only to pages that exist)."""
    return path in _paths(request.app.routes)


templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    nl=format_nl.number,
    signed=format_nl.signed,
    product_rows=product_rows,
    summary_rows=summary_rows,
    PRODUCT_COLUMNS=PRODUCT_COLUMNS,
    has_page=has_page,
)
