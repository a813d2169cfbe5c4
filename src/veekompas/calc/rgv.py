"""Map a Rav housing code (A4.100, D3.2.15.1, ...) to its row of the Rgv odour table.

The Regeling geurhinder en veehouderij (Rgv) Bijlage 1 does not list Rav codes: it gives one odour
factor per animal category for 'emissiearme en overige huisvesting' (or separately for
'emissiearme' and 'overige' housing), and per air-scrubber type and odour reduction on top of that
housing, some limited to named BWL codes. A Rav code is mapped by:

1. its animal category (the Rgv uses the Rav categories: A 4 veal calves, D 3 fattening pigs ...);
   a category without an odour factor (A 1, A 2, A 3, A 7, M 1) gives ``no_factor``;
2. air scrubber or not: a Rav description with 'luchtwas' (or 'biofilter') is a scrubber of type
   'gecombineerd', 'biologisch' or 'chemisch' (in that order of precedence); the Rgv row of that
   type whose BWL list shares a BWL code with the Rav row (a type without BWL lists matches all);
   where the Rgv distinguishes the basis, the 'overige huisvesting' row, because the Rav factor of a
   scrubber code is that of a scrubber on a traditional housing system (Rav eindnoot 3);
3. without a scrubber, 'emissiearm' where the Rgv defines it by the NH3 factor (D 1.1: a.e. < 0,3;
   D 3: <= 1,5 kg NH3 per dierplaats per jaar) using the Rav factor, else 'overige huisvesting';
   for E 2 'batterij' or 'niet-batterij' from the Rav description.

Where several Rgv rows remain (e.g. Rav A 4.5.4 lists BWL 2007.02.V4 and 2010.02.V3, odour 75%,
and BWL 2009.12.V2, odour 85%; or E 2 battery housing 'mestopslag onder batterij' vs. the
others), the highest factor is used and the result says so: give the Rgv row code to be exact.

References
----------
Regeling geurhinder en veehouderij (BWBR0020711), Bijlage 1, consolidated 2015-08-03.
Regeling ammoniak en veehouderij (BWBR0013629), Bijlage 1 and eindnoot 3, consolidated 2015-08-03.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class RgvMatch:
    """The Rgv row of a Rav code: ``status`` is factor, no_factor or unmapped."""

    status: str
    code: str | None
    reason: str
    candidates: tuple[str, ...] = field(default=())

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def scrubber_of(description: str) -> str | None:
    """Air-scrubber type named in a Rav description, or None."""
    text = description.lower().replace("-", "")
    if "luchtwas" not in text and "biofilter" not in text:
        return None
    for kind in ("gecombineerd", "biologisch", "chemisch"):
        if kind in text:
            return kind
    return "biofilter" if "biofilter" in text else "onbekend"


def _bwl(codes: str | None) -> set[str]:
    return {c.replace(" ", "") for c in (codes or "").split(";") if c.strip()}


def _housing_type(description: str) -> str | None:
    text = description.lower()
    if any(w in text for w in ("niet-batterij", "grondhuisvesting", "volière", "scharrel")):
        return "niet-batterijhuisvesting"
    if "batterij" in text or "kooi" in text:
        return "batterijhuisvesting"
    return None


def _is_emissiearm(rav: Row, limit_row: Row) -> bool:
    nh3 = rav.get("nh3_kg_per_dierplaats_per_year")
    limit = limit_row["nh3_limit_kg_per_dierplaats"]
    if nh3 is None:
        return False
    return nh3 <= limit if limit_row["nh3_limit_inclusive"] else nh3 < limit


def match(rav: Row, odour_rows: Sequence[Row]) -> RgvMatch:
    """The Rgv row for one Rav row (a row of ``ammonia_emission_factors``)."""
    category = rav["animal_category_code"]
    rows = [r for r in odour_rows if r["animal_category_code"] == category]
    if not rows:
        return RgvMatch("unmapped", None, f"category {category} is not in the Rgv table compiled")
    if all(r["kind"] == "no_factor" for r in rows):
        return RgvMatch("no_factor", rows[0]["code"], f"Rgv: no odour factor for {category}")
    scrubber = scrubber_of(rav["description"])
    why = []
    if scrubber:
        cands = [r for r in rows if r["scrubber"] == scrubber]
        if not cands:
            return RgvMatch("unmapped", None, f"no Rgv row for a {scrubber} scrubber in {category}")
        if any(r["basis"] == "overig" for r in cands):
            cands = [r for r in cands if r["basis"] == "overig"]
            why.append("scrubber on 'overige huisvesting' (Rav eindnoot 3)")
        if any(r["bwl_codes"] for r in cands):
            bwl = _bwl(rav.get("system_codes"))
            hit = [r for r in cands if _bwl(r["bwl_codes"]) & bwl]
            cands = hit or [r for r in cands if not r["bwl_codes"]]
            if not cands:
                text = ", ".join(sorted(bwl)) or "none"
                return RgvMatch("unmapped", None, f"BWL codes ({text}) in no Rgv {scrubber} row")
            why.append("by BWL code" if hit else f"{scrubber} scrubber without a BWL list")
    else:
        cands = [r for r in rows if r["kind"] == "factor" and not r["scrubber"]]
        limits = [r for r in cands if r["nh3_limit_kg_per_dierplaats"] is not None]
        if limits:
            arm = _is_emissiearm(rav, limits[0])
            cands = [r for r in cands if r["basis"] == ("emissiearm" if arm else "overig")]
            why.append(f"{'emissiearm' if arm else 'overig'} by the Rav NH3 factor")
    types = {r["housing_type"] for r in cands if r["housing_type"]}
    if len(types) > 1:
        own = _housing_type(rav["description"])
        if own is None:
            return RgvMatch("unmapped", None, "Rgv distinguishes batterij/niet-batterij housing")
        cands = [r for r in cands if r["housing_type"] == own]
        why.append(own)
    if not cands:
        return RgvMatch("unmapped", None, f"no Rgv row fits {rav['code']}")
    best = max(cands, key=lambda r: r["odour_oue_per_s_per_dier"])
    codes = tuple(r["code"] for r in cands)
    if len(cands) > 1:
        why.append(f"several Rgv rows fit ({', '.join(codes)}): the highest factor is used")
    return RgvMatch("factor", best["code"], "; ".join(why) or "category row", codes)
