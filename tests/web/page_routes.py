"""The GET HTML pages of the app, found from its routes (so pages added later are checked too)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from veekompas.web.plumbing.templating import app_routes

NOT_PAGES = ("/api/", "/static/", "/docs", "/redoc", "/openapi")
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def page_paths(app: Any, examples: Mapping[str, str]) -> list[str]:
    """The GET HTML pages of ``app`` (no API, no JSON twins, no SVG, CSV or XLSX files, no
    redirects such as ``/``), with each path parameter replaced by its value in ``examples``
    (a missing one fails)."""
    paths = []
    for route in app_routes(app):
        methods = getattr(route, "methods", None) or set()
        if "GET" not in methods or getattr(route, "include_in_schema", True):
            continue
        path = route.path
        if (
            path == "/"
            or path.startswith(NOT_PAGES)
            or path.endswith((".json", ".svg", ".csv", ".xlsx"))
        ):
            continue
        missing = [p for p in PARAM.findall(path) if p not in examples]
        assert not missing, f"{path}: add an example value for {missing}"
        paths.append(PARAM.sub(lambda m: examples[m.group(1)], path))
    return sorted(set(paths))
