"""Municipal policy profiles for a second farm dwelling (table ``dwelling_policy``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from veekompas.calc.provenance import UnverifiedFigure, unverified_figure
from veekompas.errors import InputError, unknown_value_message
from veekompas.norms import NormTable

DEFAULT_POLICY = "default"


class DwellingPolicy(BaseModel):
    """The profile applied: its threshold [VAK] and where it comes from."""

    code: str
    municipality: str | None
    min_vak: float
    threshold_from: str  # profile whose threshold applies (default when the profile has none)
    source: str
    note: str
    unverified: list[UnverifiedFigure]


def choose_policy(policies: NormTable, name: str | None, municipality: str | None) -> str:
    """The profile code: ``name`` if given, else the farm's municipality's, else the default."""
    if name:
        key = name.strip().lower()
        if key not in policies.codes():
            raise InputError(
                "policy", unknown_value_message("policy profile", name, policies.codes())
            )
        return key
    by_municipality = {
        (r["municipality"] or "").lower(): r["code"] for r in policies.rows if r["municipality"]
    }
    return by_municipality.get((municipality or "").strip().lower(), DEFAULT_POLICY)


def dwelling_policy(policies: NormTable, code: str) -> DwellingPolicy:
    row: dict[str, Any] = policies.row(code, field_name="policy")
    threshold_row = (
        row if row["min_vak_second_dwelling"] is not None else policies.row(DEFAULT_POLICY)
    )
    unverified = [
        unverified_figure(policies, r)
        for r in {row["code"]: row, threshold_row["code"]: threshold_row}.values()
        if r["unverified"]
    ]
    return DwellingPolicy(
        code=row["code"],
        municipality=row["municipality"],
        min_vak=threshold_row["min_vak_second_dwelling"],
        threshold_from=threshold_row["code"],
        source=row["source"],
        note=row["note"] or "",
        unverified=unverified,
    )
