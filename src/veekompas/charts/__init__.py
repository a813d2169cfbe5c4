"""Charts of pages and reports: Vega-Lite specs built in Python (``specs``), drawn in the browser
by the vendored vega-embed and rendered to SVG on the server (``svg``) with the same Vega-Lite."""

from veekompas.charts.specs import SCHEMA, dashboard_charts
from veekompas.charts.svg import VEGA_LITE_VERSION, render_svg

__all__ = ["SCHEMA", "VEGA_LITE_VERSION", "dashboard_charts", "render_svg"]
