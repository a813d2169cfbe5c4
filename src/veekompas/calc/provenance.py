"""What a result says about the norms behind it: table versions and unverified figures."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from veekompas.norms import NormTable


class UnverifiedFigure(BaseModel):
    """A figure from a norm row marked unverified; every result that used it lists it."""

    table: str
    code: str
    note: str


def unverified_figure(norm: NormTable, row: dict[str, Any]) -> UnverifiedFigure:
    return UnverifiedFigure(table=norm.version, code=row["code"], note=row.get("note") or "")


def merge_unverified(*groups: list[UnverifiedFigure]) -> list[UnverifiedFigure]:
    """The union of several lists, each figure once, in first-seen order."""
    seen: dict[tuple[str, str], UnverifiedFigure] = {}
    for group in groups:
        for fig in group:
            seen.setdefault((fig.table, fig.code), fig)
    return list(seen.values())
