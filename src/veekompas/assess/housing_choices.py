"""What a barn may be: the housing systems of the newest NH3 table (Rav code, Rav animal
category, description) and the categories' Dutch names, for the edit form's new-barn and
new-animals fields; and the check of a code a user typed.

Category names: InfoMil, "In welke RAV-categorie moet ik kalveren indelen?" (A 1 - A 7),
https://www.infomil.nl/onderwerpen/landbouw/ammoniak/rav-0/vragen-antwoorden/stalsystemen/welke-rav-categorie/;
InfoMil, "Wat is een diercategorie?" (E 2, E 5); Provincie Gelderland, "Diercategorie extern
salderen" (D 1.1, D 1.2, D 1.3, D 3), https://www.gelderland.nl/stikstof/diercategorie-extern-salderen.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from veekompas.calc.emissions import factor_index

RAV_CATEGORY_NAMES = {
    "A1": "melk- en kalfkoeien ouder dan 2 jaar",
    "A2": "zoogkoeien ouder dan 2 jaar",
    "A3": "vrouwelijk jongvee tot 2 jaar",
    "A4": "vleeskalveren tot circa 8 maanden",
    "A6": "vleesstieren en overig vleesvee van circa 8 tot 24 maanden",
    "A7": "fokstieren en overig rundvee ouder dan 2 jaar",
    "D1.1": "biggenopfok (gespeende biggen)",
    "D1.2": "kraamzeugen (incl. biggen tot spenen)",
    "D1.3": "guste en dragende zeugen",
    "D3": "vleesvarkens, opfokberen en opfokzeugen",
    "E2": "legkippen en (groot)ouderdieren van legrassen",
    "E5": "vleeskuikens",
}


class HousingChoice(BaseModel):
    code: str
    animal_category: str
    description: str


class HousingChoices(BaseModel):
    """The housing systems with an NH3 factor in ``norm_version`` and the animal categories."""

    norm_version: str
    systems: list[HousingChoice]
    categories: dict[str, str]  # Rav category -> Dutch name (the code itself when unnamed)


def housing_choices() -> HousingChoices:
    """The choices of the newest NH3 table (built once per table version)."""
    return _choices(factor_index().norm.version)


@cache
def _choices(norm_version: str) -> HousingChoices:
    """Keyed by the version so a newer table (a new dated file) gives new choices."""
    index = factor_index()
    systems = [
        HousingChoice(
            code=code,
            animal_category=category,
            description=index.norm._by_code[code]["description"],
        )
        for code, category in zip(index.codes, index.category, strict=True)
    ]
    categories = {c: RAV_CATEGORY_NAMES.get(c, c) for c in sorted(set(index.category))}
    return HousingChoices(norm_version=index.norm.version, systems=systems, categories=categories)


def housing_category(code: str) -> tuple[str, str]:
    """The table's spelling of ``code`` and its Rav animal category; an ``InputError`` naming
    close codes when the newest NH3 table has no factor for it."""
    index = factor_index()
    j = int(index.indices([code.strip()])[0])
    return index.codes[j], index.category[j]
