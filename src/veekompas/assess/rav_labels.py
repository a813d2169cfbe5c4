"""Rav animal categories and housing systems by their Dutch names, the code beside the name:
"Vleeskalveren tot circa 8 maanden (A4)", "... (A4.100)".

Category names: :data:`veekompas.assess.housing_choices.RAV_CATEGORY_NAMES` (InfoMil and
Provincie Gelderland, cited there; the same names head the Rav Bijlage 1 parts, e.g. Stcrt.
2019, 68350: "onderdeel A 1 diercategorie melk- en kalfkoeien ouder dan 2 jaar"). Housing system
names: the ``description`` of the code in the NH3 emission-factor table (Rav Bijlage 1), the
newest version that holds the code. An unknown code is shown as it is.
"""

from __future__ import annotations

from functools import cache

from veekompas.assess.housing_choices import RAV_CATEGORY_NAMES
from veekompas.calc.emissions import normalise_code
from veekompas.norms import versions

NH3_TABLE = "ammonia_emission_factors"


def category_name(code: str) -> str | None:
    """The Dutch name of a Rav animal category, capitalised; None when unknown."""
    name = RAV_CATEGORY_NAMES.get(normalise_code(code))
    return name[0].upper() + name[1:] if name else None


def category_label(code: str) -> str:
    """``'A4'`` -> ``'Vleeskalveren tot circa 8 maanden (A4)'``; an unknown code as it is."""
    name = category_name(code)
    return f"{name} ({code})" if name else code


@cache
def _housing_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for norm in versions(NH3_TABLE):  # oldest first: a newer description replaces an older
        for row in norm.rows:
            if row["kind"] == "factor" and row["description"]:
                names[row["code"]] = row["description"]
    return names


def housing_name(code: str) -> str | None:
    """The Rav description of a housing system (first letter capitalised); None when unknown."""
    name = _housing_names().get(normalise_code(code))
    return name[0].upper() + name[1:] if name else None


def housing_label(code: str) -> str:
    """``'A4.100'`` -> ``'<description> (A4.100)'``; an unknown code as it is."""
    name = housing_name(code)
    return f"{name} ({code})" if name else code
