"""Compile the odour and PM10 norm tables from the project's compiled CSVs.

Usage: python scripts/compile_odour_tables.py /work/shared/norms

Writes, and refuses to overwrite (released tables are never edited):

- ``odour_emission_factors_2015-08-03.csv``: Rgv Bijlage 1 as consolidated on 2015-08-03, one row
  per Rgv row, with the parts the Rav -> Rgv mapping needs parsed out of the printed text
  (basis 'emissiearm'/'overig'/'alle', scrubber type and odour reduction, BWL codes, the NH3 limit
  that defines 'emissiearm' for D 1.1 and D 3). The InfoMil cross-check row A4-INFOMIL is left out
  (it repeats A4-01).
- ``pm10_emission_factors_2015-08-03.csv``: the InfoMil / fijnstoflijst PM10 factors, one row per
  Rav code they apply to (category rows such as 'A 1.2 t/m A 1.8' are expanded over the Rav codes
  of the ammonia table); the Beh maximum values are not factors and are left out.
- ``odour_fixed_distances_2007-01-01.csv`` and ``_2024-01-01.csv``: Wgv/Rgv/Activiteitenbesluit
  distances (Wgv in force 1 January 2007) and the Omgevingswet rows (from 1 January 2024).
- ``odour_norms_2007-01-01.csv`` and ``_2024-01-01.csv``: idem for the P98 odour norms.

Run ``scripts/release_norm_table.py`` on the new CSVs afterwards. A one-off build step; the product
never reads the source files.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

TABLES = Path(__file__).parents[1] / "src/veekompas/norms/tables"
AMMONIA = TABLES / "ammonia_emission_factors/ammonia_emission_factors_2023-03-06.csv"
REVISED = (
    "figure as in the Rgv of 2015-08-03; the odour credit of several air scrubbers was revised "
    "by Stcrt. 2018, 39679 and later amendments, which were not compiled: for later dates check "
    "the current table"
)


def _write(name: str, valid_from: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    path = TABLES / name / f"{name}_{valid_from}.csv"
    if path.exists():
        sys.exit(f"{path} exists: released tables are never edited")
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    print(f"{path.name}: {len(rows)} rows")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


ODOUR_COLUMNS = [
    "code",
    "kind",
    "animal_category_code",
    "animal_category",
    "description",
    "odour_oue_per_s_per_dier",
    "housing_type",
    "basis",
    "scrubber",
    "odour_reduction_percent",
    "bwl_codes",
    "nh3_limit_kg_per_dierplaats",
    "nh3_limit_inclusive",
    "rgv_notes",
    "source",
    "source_year",
    "unverified",
    "note",
]


def _odour_row(raw: dict[str, str]) -> dict[str, str]:
    text = raw["description"]
    housing_type = ""
    head, sep, rest = text.partition(": ")
    if sep and head in ("batterijhuisvesting", "niet-batterijhuisvesting"):
        housing_type, text = head, rest
    scrubber, reduction, bwl = "", "", ""
    m = re.match(r"op basis van \[(?P<basis>[^\]]+)\] \+ (?P<rest>.*)$", text)
    basis_text = m["basis"] if m else text
    if m:
        s = re.match(r"(?:(\w+) luchtwassysteem|(biofilter)) (\d+)% geurreductie", m["rest"])
        if s is None:
            sys.exit(f"{raw['code']}: cannot parse scrubber in {m['rest']!r}")
        scrubber = s[1] or s[2]
        reduction = s[3]
        found = re.search(r"\((BWL [^)]*)\)", m["rest"])
        if found:
            bwl = "; ".join(c.replace(" ", "") for c in found[1].split(";"))
    basis = ""
    if raw["value"]:
        if "emissiearme en overige" in basis_text or basis_text.startswith("diercategorie"):
            basis = "alle"
        elif basis_text.startswith("emissiearme huisvesting"):
            basis = "emissiearm"
        elif basis_text.startswith("overige huisvesting"):
            basis = "overig"
        else:
            basis = "bijzonder"  # a named system (E 2 mestopslag, E 5 uitbroeden ...)
    limit, inclusive = "", ""
    lim = re.search(r"(<=|<)\s*(\d+),(\d+) kg", basis_text)
    if basis == "emissiearm" and lim:
        limit, inclusive = f"{lim[2]}.{lim[3]}", "true" if lim[1] == "<=" else "false"
    is_scrubber = bool(scrubber)
    return {
        "code": raw["code"],
        "kind": "factor" if raw["value"] else "no_factor",
        "animal_category_code": raw["animal_category_code"],
        "animal_category": raw["animal_category"],
        "description": raw["description"],
        "odour_oue_per_s_per_dier": raw["value"],
        "housing_type": housing_type,
        "basis": basis,
        "scrubber": scrubber,
        "odour_reduction_percent": reduction,
        "bwl_codes": bwl,
        "nh3_limit_kg_per_dierplaats": limit,
        "nh3_limit_inclusive": inclusive,
        "rgv_notes": raw["notes"],
        "source": raw["source"],
        "source_year": raw["source_year"],
        "unverified": "true" if is_scrubber else "false",
        "note": REVISED if is_scrubber else "",
    }


PM10_COLUMNS = [
    "code",
    "kind",
    "animal_category_code",
    "description",
    "pm10_g_per_dierplaats_per_year",
    "infomil_row",
    "source",
    "source_year",
    "unverified",
    "note",
]
# InfoMil rows that name a group of Rav codes -> the Rav codes (by prefix or exact code).
PM10_GROUPS = {
    "A1-STAL": [f"A1.{n}" for n in range(2, 9)],
    "D1.1-100": ["D1.1.100"],
    "D1.2-100": ["D1.2.100"],
    "D1.3-100": ["D1.3.100"],
    "E5-100": ["E5.100"],
    "E2-GROND": ["E2.7", "E2.100"],
}
UNDATED = (
    "the InfoMil overview is undated (the fijnstoflijst is republished every year); the table is "
    "dated with the Rav version of 2015-08-03 it uses the codes of"
)


def _pm10_rows(raw_rows: list[dict[str, str]], rav: dict[str, dict[str, str]]) -> list[dict]:
    out: dict[str, dict[str, str]] = {}
    for raw in raw_rows:
        if not raw["value"] or raw["code"].startswith("BEH-") or raw["code"] == "A1-BEWEID":
            continue
        group = PM10_GROUPS.get(raw["code"])
        if group is None:
            targets = [raw["code"]]
        else:
            targets = [
                c
                for c, r in rav.items()
                if r["kind"] == "factor" and any(c == g or c.startswith(g + ".") for g in group)
            ]
        for code in targets:
            if code not in rav:
                print(f"left out: PM10 row {raw['code']} ({code} is not in the Rav table)")
                continue
            notes = [UNDATED]
            if "unverified" in raw["notes"]:
                notes.append(raw["notes"])
            out[code] = {
                "code": code,
                "kind": "factor",
                "animal_category_code": rav[code]["animal_category_code"],
                "description": rav[code]["description"],
                "pm10_g_per_dierplaats_per_year": raw["value"],
                "infomil_row": raw["code"],
                "source": raw["source"],
                "source_year": raw["source_year"],
                "unverified": "true",
                "note": "; ".join(notes),
            }
    # A 1.100: the InfoMil excerpt showed 148 for A 1.2 - A 1.8 only ('same 148 expected').
    stal = next(r for r in raw_rows if r["code"] == "A1-STAL")
    out["A1.100"] = {
        **out["A1.2"],
        "code": "A1.100",
        "description": rav["A1.100"]["description"],
        "note": f"{UNDATED}; {stal['notes']}",
    }
    return sorted(out.values(), key=lambda r: (r["animal_category_code"], r["code"]))


REGIME_COLUMNS = [
    "code",
    "regime",
    "kind",
    "inside_built_up",
    "concentratiegebied",
    "description",
    "source",
    "source_year",
    "unverified",
    "note",
]
# code -> (kind, inside_built_up) for the fixed distances the calculation uses.
DISTANCE_KINDS = {
    "WGV-4-1a": ("no_odour_factor", "true"),
    "WGV-4-1b": ("no_odour_factor", "false"),
    "WGV-5-1a": ("outside_wall", "true"),
    "WGV-5-1b": ("outside_wall", "false"),
    "WGV-3-2a": ("other_livestock_farm", "true"),
    "WGV-3-2b": ("other_livestock_farm", "false"),
    "WGV-6-3a": ("ordinance_minimum", "true"),
    "WGV-6-3b": ("ordinance_minimum", "false"),
    "OW-VAST-a": ("no_odour_factor", "true"),
    "OW-VAST-b": ("no_odour_factor", "false"),
    "OW-DV-a": ("outside_wall", "true"),
    "OW-DV-b": ("outside_wall", "false"),
}


def _regime(raw: dict[str, str]) -> str:
    r = raw["regime"]
    return (
        "wgv"
        if r.startswith("Wgv (")
        else "activiteitenbesluit"
        if r.startswith("Activiteitenbesluit")
        else "omgevingswet"
        if r.startswith("Omgevingswet")
        else "wgv_omgevingswet"
    )


def _source(raw: dict[str, str], previous: dict[str, str]) -> str:
    src = raw["source"]
    if src.startswith("idem") and previous:
        return f"{src} ({previous['source']})"
    return src


def _regime_rows(raw_rows: list[dict[str, str]], value_col: str, norms: bool) -> dict:
    by_version: dict[str, list[dict[str, str]]] = {"2007-01-01": [], "2024-01-01": []}
    previous: dict[str, str] = {}
    for raw in raw_rows:
        regime = _regime(raw)
        if norms:
            m = re.match(r"(WGV-3-1|WGV-6-1|OW-STD|ABM-T3\.115)-?([a-d])", raw["code"])
            kind = "definition"
            inside = conc = ""
            if m:
                kind = "ordinance_bound" if m[1] == "WGV-6-1" else "standard"
                text = raw["description"]
                inside_text = "BINNEN bebouwde kom" in text or ": bebouwde kom" in text
                inside = "true" if inside_text else "false"
                conc = "false" if "niet-concentratiegebied" in text else "true"
                conc = "false" if "buiten concentratiegebied" in text else conc
                if kind == "ordinance_bound":
                    kind = "ordinance_min" if "ondergrens" in text else "ordinance_max"
        else:
            kind, inside = DISTANCE_KINDS.get(raw["code"], ("other", ""))
            if raw["code"].startswith("ABM-3.11"):
                kind = {"7": "no_odour_factor", "9": "outside_wall"}.get(raw["code"][8], "other")
                inside = "true" if raw["code"].endswith("a") else "false"
            conc = ""
        source = _source(raw, previous)
        if not raw["source"].startswith("idem"):
            previous = raw
        row = {
            "code": raw["code"],
            "regime": regime,
            "kind": kind,
            "inside_built_up": inside,
            "concentratiegebied": conc,
            value_col: raw["value"],
            "description": raw["description"],
            "source": source,
            "source_year": raw["source_year"],
            "unverified": "true" if "unverified" in raw["notes"] else "false",
            "note": raw["notes"],
        }
        if regime in ("wgv", "activiteitenbesluit"):
            by_version["2007-01-01"].append(row)
        elif regime == "omgevingswet":
            by_version["2024-01-01"].append(row)
        else:  # the concentratiegebied definition belongs to both
            by_version["2007-01-01"].append(row)
            by_version["2024-01-01"].append(row)
    return by_version


def main(folder: Path) -> None:
    odour = [r for r in _read(folder / "odour_emission_factors.csv") if r["code"] != "A4-INFOMIL"]
    _write(
        "odour_emission_factors", "2015-08-03", ODOUR_COLUMNS, [_odour_row(r) for r in odour]
    )
    rav = {r["code"]: r for r in _read(AMMONIA)}
    pm10 = _pm10_rows(_read(folder / "pm10_emission_factors.csv"), rav)
    _write("pm10_emission_factors", "2015-08-03", PM10_COLUMNS, pm10)
    columns = [*REGIME_COLUMNS[:5], "distance_m", *REGIME_COLUMNS[5:]]
    rows = _read(folder / "odour_fixed_distances.csv")
    for valid_from, table in _regime_rows(rows, "distance_m", norms=False).items():
        _write("odour_fixed_distances", valid_from, columns, table)
    columns = [*REGIME_COLUMNS[:5], "p98_oue_per_m3", *REGIME_COLUMNS[5:]]
    rows = _read(folder / "odour_norms.csv")
    for valid_from, table in _regime_rows(rows, "p98_oue_per_m3", norms=True).items():
        _write("odour_norms", valid_from, columns, table)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
