"""The one Jinja environment of the pages, with the helpers every template may use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

from veekompas import format_nl
from veekompas.assess.rav_labels import category_label, housing_label
from veekompas.presentation import PRODUCT_COLUMNS, product_rows, summary_rows


def app_routes(app: FastAPI) -> list[Any]:
    """Every route of ``app``, flattened: recent FastAPI keeps an included router as one entry
    of ``app.routes``; ``fastapi.routing.iter_route_contexts`` lists its routes (each proxies
    ``path``, ``methods``, ``include_in_schema``)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is flat already
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def route_paths(app: FastAPI) -> frozenset[str]:
    """The paths ``app`` serves, listed once per app (its routes are fixed once it serves)."""
    paths = getattr(app.state, "route_paths", None)
    if paths is None:
        paths = frozenset(getattr(route, "path", None) for route in app_routes(app)) - {None}
        app.state.route_paths = paths
    return paths


def has_page(request: Request, path: str) -> bool:
    """Whether the app serves a page at ``path`` (the menu links only to pages that exist)."""
    return path in route_paths(request.app)


templates = Jinja2Templates(directory=Path(__file__).parents[1] / "templates")
templates.env.globals.update(
    nl=format_nl.number,
    count=format_nl.count,
    signed=format_nl.signed,
    product_rows=product_rows,
    summary_rows=summary_rows,
    PRODUCT_COLUMNS=PRODUCT_COLUMNS,
    has_page=has_page,
    today=dt.date.today,
    rav_category=category_label,
    rav_housing=housing_label,
)
