"""Compile the dated ``ammonia_emission_factors`` norm tables from the project's compiled CSV.

Usage: python scripts/compile_ammonia_tables.py /work/shared/norms/ammonia_emission_factors.csv

Writes one full table per version (the Rav as consolidated on 2015-08-03, then one version per
amending regulation, each = previous version + its amendment rows) into
``src/veekompas/norms/tables/ammonia_emission_factors/`` and refuses to overwrite a released file.
Run ``scripts/release_norm_table.py`` on the new CSVs afterwards. Omgevingsregeling (HA...) rows
are left out: their factors were not available (code scheme only). This is a one-off build step;
the product never reads the source file.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

OUT = Path(__file__).parents[1] / "src/veekompas/norms/tables/ammonia_emission_factors"
COLUMNS = [
    "code",
    "kind",
    "animal_category_code",
    "description",
    "nh3_kg_per_dierplaats_per_year",
    "reduction_percent",
    "system_codes",
    "rav_notes",
    "source",
    "source_year",
    "unverified",
    "note",
]
BASE = "2015-08-03"
# Amending regulation (by source_year of its rows) -> valid_from used and whether that date is
# verified. 2019: InfoMil 'Rav-wijziging 17 december 2019' says in force 1 January 2020.
AMENDMENTS = {
    "2018": ("2018-07-17", False, "Stcrt. 2018, 39679 (regeling 17 juli 2018)"),
    "2019": ("2020-01-01", True, "Stcrt. 2019, 68350; in force 1 January 2020 (InfoMil)"),
    "2021": ("2021-05-25", False, "Stcrt. 2021, 25721 (regeling 25 mei 2021)"),
    "2023": ("2023-03-06", False, "Stcrt. 2023, 5459 (regeling 6 maart 2023)"),
}
UNDATED_TO = "2023-03-06"  # rows 'undated (post-2019)' appear from the newest version on


def _row(raw: dict[str, str], version: str) -> dict[str, str]:
    notes = raw["notes"]
    is_heading = raw["value"] == "" and "group heading" in notes
    is_reduction = raw["unit"].startswith("%")
    note, unverified = "", False
    year = raw["source_year"]
    if year in AMENDMENTS and not AMENDMENTS[year][1]:
        unverified = True
        note = (
            f"in-force date not verified: valid from {AMENDMENTS[year][0]}, the date of "
            f"{AMENDMENTS[year][2]}"
        )
    if year.startswith("undated"):
        unverified = True
        note = (
            "taken from the InfoMil overview, not from the legal text; date of introduction "
            f"unknown, included from the version of {UNDATED_TO} on"
        )
    if raw["code"] == "A1.13" and version == "2018-07-17":
        unverified = True
        note = (
            "Stcrt. 2016, 49500 (regeling 19 september 2016) set A 1.13 to 7; that change was "
            "not compiled, so 7.7 is shown until the 2019 amendment"
        )
    return {
        "code": raw["code"],
        "kind": "group_heading" if is_heading else "reduction" if is_reduction else "factor",
        "animal_category_code": raw["animal_category_code"],
        "description": raw["description"],
        "nh3_kg_per_dierplaats_per_year": "" if is_reduction else raw["value"],
        "reduction_percent": raw["value"] if is_reduction else "",
        "system_codes": raw["system_codes"],
        "rav_notes": notes,
        "source": raw["source"],
        "source_year": year,
        "unverified": "true" if unverified else "false",
        "note": note,
    }


def main(source: Path) -> None:
    with source.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["regime"].startswith("Rav")]
    current = {r["code"]: r for r in rows if r["source_year"] == "2015"}
    versions = {BASE: dict(current)}
    for year, (valid_from, _, _) in sorted(AMENDMENTS.items()):
        for r in rows:
            if r["source_year"] == year:
                current[r["code"]] = r
        if valid_from == UNDATED_TO:
            for r in rows:
                if r["source_year"].startswith("undated"):
                    current[r["code"]] = r
        versions[valid_from] = dict(current)
    OUT.mkdir(parents=True, exist_ok=True)
    for valid_from, table in versions.items():
        path = OUT / f"ammonia_emission_factors_{valid_from}.csv"
        if path.exists():
            sys.exit(f"{path} exists: released tables are never edited")
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for raw in table.values():
            writer.writerow(_row(raw, valid_from))
        path.write_text(buf.getvalue(), encoding="utf-8")
        print(f"{path.name}: {len(table)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
