"""Accessibility checks in a Playwright page: axe-core (vendored, never from a CDN) and the
tablet-width check that the page body does not scroll sideways.

``axe.run`` resolves to results whose ``violations`` each have ``id``, ``impact``
(minor/moderate/serious/critical), ``help`` and ``nodes`` with CSS ``target`` selectors
(axe-core 4.10 API, axe.d.ts)."""

from __future__ import annotations

from typing import Any

# The app serves the vendored axe-core itself; loaded from there, the page's CSP allows it.
AXE_URL = "/static/vendor/axe/axe.min.js"
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def axe_violations(page: Any, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """The axe violations of the page as loaded, limited to ``impacts`` (all when empty)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    found = page.evaluate(_RUN)
    return [v for v in found if not impacts or v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation, for assertion messages."""
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at {v['nodes'][:3]}" for v in violations
    )


def body_overflow_px(page: Any) -> int:
    """How far the page body is wider than the window [CSS px] (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
