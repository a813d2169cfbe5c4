"""Render a Vega-Lite spec to SVG without a browser (vl-convert: Vega-Lite in an embedded
JavaScript engine, fonts not needed for SVG). Reports and the ``.svg`` chart routes use it."""

from __future__ import annotations

import copy
from typing import Any

import vl_convert

from veekompas.errors import InputError

# The Vega-Lite the browser gets (web/static/vendor/VERSIONS.txt); a test keeps the two equal.
VEGA_LITE_VERSION = "5.21"
DEFAULT_WIDTH_PX = 640


def render_svg(spec: dict[str, Any], *, width_px: int = DEFAULT_WIDTH_PX) -> str:
    """The chart as an SVG document (UTF-8 text).

    A spec whose width is ``"container"`` (pages) gets ``width_px``: an SVG has no container.
    A spec Vega-Lite rejects is an ``InputError`` on field ``spec``.
    """
    if width_px < 100 or width_px > 4000:
        raise InputError("width_px", f"moet tussen 100 en 4000 liggen, niet {width_px}")
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width_px
    try:
        return vl_convert.vegalite_to_svg(fixed, vl_version=VEGA_LITE_VERSION)
    except ValueError as error:
        reason = " ".join(str(error).strip().splitlines()[:2]) or "ongeldig"
        raise InputError("spec", f"Vega-Lite kon de grafiek niet tekenen ({reason})") from error
