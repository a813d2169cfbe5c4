"""The one Jinja environment of the pages, with the helpers every template may use."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.routing import Match

from veekompas import format_nl
from veekompas.presentation import PRODUCT_COLUMNS, product_rows, summary_rows


def has_page(request: Request, path: str) -> bool:
    """Whether the app serves a page at ``path`` (the menu links only to pages that exist).

    Asks each route whether it matches a GET of ``path``: FastAPI >= 0.165 keeps an included
    router as one route without a ``path``, so comparing paths would miss its pages."""
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)


templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    nl=format_nl.number,
    signed=format_nl.signed,
    product_rows=product_rows,
    summary_rows=summary_rows,
    PRODUCT_COLUMNS=PRODUCT_COLUMNS,
    has_page=has_page,
)
