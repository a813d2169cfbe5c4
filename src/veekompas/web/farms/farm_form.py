"""The edit form's fields as plain data: the values shown for a farm (``form_values``), the fields
with their limits for the ``.json`` twin (``form_fields``), and the farm a submitted form makes
(``edited_farm``: a Dutch message per bad field, nothing raised). No routes, no database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from veekompas.assess.housing_choices import housing_category, housing_choices
from veekompas.domain.farm_municipality import municipality_warning
from veekompas.domain.registry import (
    MAX_ANIMALS,
    AnimalGroup,
    Housing,
    RegistryFarm,
    Succession,
)
from veekompas.errors import InputError
from veekompas.labels_nl import INTENT_LABELS
from veekompas.reasons_nl import dutch_reason

SUCCESSORS = {"ja": "Ja", "nee": "Nee", "onbekend": "Onbekend"}
# Limits of the whole-number fields (inclusive), as the domain records allow them.
COUNT_RANGE = (0, MAX_ANIMALS)
BIRTH_YEAR_RANGE = (1900, 2100)
STOP_YEAR_RANGE = (1990, 2100)
YEAR_BUILT_RANGE = (1800, 2100)
MAX_SCHEME_CHARS = 80


def location_note(role: str) -> str:
    """Why the form shows the farm's municipality and location read-only, for ``role``: they
    decide whose reach the farm is in (``region/access.py``, ``may_relocate``)."""
    if role in ("admin", "regio"):
        return (
            "Gemeente en ligging wijzigt u niet in dit formulier maar via de API "
            "(PUT /api/v1/farms/{ubn}) of een import."
        )
    if role == "gemeente":
        return (
            "De ligging binnen uw gemeente wijzigt u via de API of een import; een verhuizing "
            "naar een andere gemeente kan alleen een beheerder doorvoeren."
        )
    return (
        "Gemeente en ligging kunt u niet zelf wijzigen: dat doet de gemeente of een beheerder. "
        "Klopt er iets niet, neem dan contact op met uw gemeente."
    )


def location_warning(farm: RegistryFarm) -> str | None:
    """A Dutch warning when the farm's location lies in another municipality than its own."""
    return municipality_warning(farm.municipality, farm.location.x_rd, farm.location.y_rd)


def location_fields(farm: RegistryFarm, role: str) -> list[dict[str, Any]]:
    """The farm's municipality and location as read-only fields with the reason (``.json``);
    the municipality carries a ``warning`` when the location lies in another municipality."""
    note = location_note(role).replace("{ubn}", farm.ubn)
    warning = location_warning(farm)
    shown = (
        ("municipality", "Gemeente", farm.municipality),
        ("location.place", "Plaats", farm.location.place or ""),
        ("location.x_rd", "Ligging x (RD New, m)", farm.location.x_rd),
        ("location.y_rd", "Ligging y (RD New, m)", farm.location.y_rd),
    )
    fields = [
        {"name": name, "label": label, "kind": "readonly", "value": value, "note": note}
        for name, label, value in shown
    ]
    if warning:
        fields[0]["warning"] = warning
    return fields


def form_fields(farm: RegistryFarm) -> list[dict[str, Any]]:
    """The form's fields with label, current value and what is allowed (the ``.json`` twin)."""
    values = form_values(farm)

    def whole(name: str, label: str, bounds: tuple[int, int], required: bool = True):
        low, high = bounds
        return {"name": name, "label": label, "kind": "integer", "min": low, "max": high,
                "required": required, "value": values[name]}  # fmt: skip

    fields = [
        whole(f"animals.{i}.count", f"Aantal dieren {a.category}", COUNT_RANGE)
        for i, a in enumerate(farm.animals)
    ]
    fields += [
        whole(
            f"housings.{i}.dierplaatsen",
            f"Dierplaatsen {h.stalsysteem_code} ({h.animal_category})",
            COUNT_RANGE,
        )
        for i, h in enumerate(farm.housings)
    ]
    fields += [
        {"name": f"{part}.{i}.remove", "label": f"{label} {name} verwijderen", "kind": "boolean",
         "value": ""}
        for part, label, items in (
            ("animals", "Diergroep", [a.category for a in farm.animals]),
            ("housings", "Stal", [h.stalsysteem_code for h in farm.housings]),
        )
        for i, name in enumerate(items)
    ]  # fmt: skip
    choices = housing_choices()
    fields += [
        {"name": "new_housing.stalsysteem_code", "label": "Nieuwe stal: stalsysteem (Rav-code)",
         "kind": "code", "required": False, "value": "", "table": choices.norm_version,
         "choices": [c.code for c in choices.systems]},
        whole("new_housing.dierplaatsen", "Nieuwe stal: dierplaatsen", COUNT_RANGE, False),
        whole("new_housing.year_built", "Nieuwe stal: bouwjaar", YEAR_BUILT_RANGE, False),
        {"name": "new_animals.category", "label": "Nieuwe diergroep: diercategorie",
         "kind": "choice", "required": False, "value": "", "choices": list(choices.categories)},
        whole("new_animals.count", "Nieuwe diergroep: aantal dieren", COUNT_RANGE, False),
    ]  # fmt: skip
    fields += [
        whole("succession.farmer_birth_year", "Geboortejaar boer", BIRTH_YEAR_RANGE, False),
        {"name": "succession.successor", "label": "Opvolger", "kind": "choice",
         "choices": list(SUCCESSORS), "value": values["succession.successor"]},
        {"name": "succession.intent", "label": "Voornemen", "kind": "choice",
         "choices": list(INTENT_LABELS), "value": values["succession.intent"]},
        whole("succession.planned_stop_year", "Geplande stopdatum (jaar)", STOP_YEAR_RANGE, False),
        {"name": "succession.buyout_scheme", "label": "Opkoopregeling", "kind": "text",
         "max_length": MAX_SCHEME_CHARS, "value": values["succession.buyout_scheme"]},
    ]  # fmt: skip
    return fields


def form_values(farm: RegistryFarm) -> dict[str, str]:
    """Field name -> shown value of ``farm``."""
    s = farm.succession
    values = {f"animals.{i}.count": str(a.count) for i, a in enumerate(farm.animals)}
    values |= {
        f"housings.{i}.dierplaatsen": str(h.dierplaatsen) for i, h in enumerate(farm.housings)
    }
    values |= {
        "succession.farmer_birth_year": ""
        if s.farmer_birth_year is None
        else str(s.farmer_birth_year),
        "succession.successor": s.successor,
        "succession.intent": s.intent,
        "succession.planned_stop_year": ""
        if s.planned_stop_year is None
        else str(s.planned_stop_year),
        "succession.buyout_scheme": s.buyout_scheme or "",
        "new_housing.dierplaatsen": "",
        "new_housing.year_built": "",
        "new_animals.count": "",
        "version": str(farm.version),
    }
    return values


def _whole(
    values: dict[str, str],
    errors: dict[str, str],
    field: str,
    low: int,
    high: int,
    required: bool = True,
) -> int | None:
    text = values.get(field, "").strip().replace(".", "").replace(" ", "")
    if not text:
        if required:
            errors[field] = "Vul een geheel getal in."
        return None
    if not text.lstrip("-").isdigit():
        errors[field] = f"'{values[field]}' is geen geheel getal."
        return None
    number = int(text)
    if not low <= number <= high:
        errors[field] = f"Toegestaan: {low} tot en met {high}."
        return None
    return number


def _new_housing(values: dict[str, str], errors: dict[str, str]) -> Housing | None:
    """The form's new barn, if a housing system code was given."""
    code = values.get("new_housing.stalsysteem_code", "").strip()
    if not code:
        return None
    places = _whole(values, errors, "new_housing.dierplaatsen", *COUNT_RANGE)
    year = _whole(values, errors, "new_housing.year_built", *YEAR_BUILT_RANGE, False)
    try:
        code, category = housing_category(code)
    except InputError as exc:
        errors["new_housing.stalsysteem_code"] = dutch_reason(exc.message)
        return None
    if places is None:
        return None
    return Housing(
        stalsysteem_code=code, animal_category=category, dierplaatsen=places, year_built=year
    )


def _new_animals(
    values: dict[str, str], errors: dict[str, str], kept: list[AnimalGroup], today: dt.date
) -> AnimalGroup | None:
    """The form's new animal group, if a category was chosen (one group per category)."""
    category = values.get("new_animals.category", "").strip()
    if not category:
        return None
    allowed = housing_choices().categories
    count = _whole(values, errors, "new_animals.count", *COUNT_RANGE)
    if category not in allowed:
        errors["new_animals.category"] = f"Kies een diercategorie uit: {', '.join(allowed)}."
        return None
    if any(a.category == category for a in kept):
        errors["new_animals.category"] = (
            f"Er is al een diergroep {category}; pas daar het aantal aan."
        )
        return None
    return None if count is None else AnimalGroup(category=category, count=count, counted_on=today)


def edited_farm(
    farm: RegistryFarm, values: dict[str, str], today: dt.date
) -> tuple[RegistryFarm | None, dict[str, str]]:
    """The farm with the form's values, or None and a Dutch message per bad field."""
    errors: dict[str, str] = {}
    animals = []
    for i, group in enumerate(farm.animals):
        if values.get(f"animals.{i}.remove"):
            continue
        count = _whole(values, errors, f"animals.{i}.count", *COUNT_RANGE)
        if count is not None:
            counted_on = group.counted_on if count == group.count else today
            animals.append(AnimalGroup(category=group.category, count=count, counted_on=counted_on))
    housings = []
    for i, barn in enumerate(farm.housings):
        if values.get(f"housings.{i}.remove"):
            continue
        places = _whole(values, errors, f"housings.{i}.dierplaatsen", *COUNT_RANGE)
        if places is not None:
            housings.append(Housing(**{**barn.model_dump(), "dierplaatsen": places}))
    if new_barn := _new_housing(values, errors):
        housings.append(new_barn)
    if new_group := _new_animals(values, errors, animals, today):
        animals.append(new_group)
    birth = _whole(values, errors, "succession.farmer_birth_year", *BIRTH_YEAR_RANGE, False)
    stop = _whole(values, errors, "succession.planned_stop_year", *STOP_YEAR_RANGE, False)
    successor = values.get("succession.successor", "")
    intent = values.get("succession.intent", "")
    if successor not in SUCCESSORS:
        errors["succession.successor"] = "Kies ja, nee of onbekend."
    if intent not in INTENT_LABELS:
        errors["succession.intent"] = "Kies stopper, blijver of onbekend."
    scheme = values.get("succession.buyout_scheme", "").strip()
    if len(scheme) > MAX_SCHEME_CHARS:
        errors["succession.buyout_scheme"] = f"Ten hoogste {MAX_SCHEME_CHARS} tekens."
    version = _whole(values, errors, "version", 0, 2**31 - 1)
    if errors:
        return None, errors
    try:
        succession = Succession(
            farmer_birth_year=birth,
            successor=successor,
            intent=intent,
            planned_stop_year=stop,
            buyout_scheme=scheme or None,
        )
        data = farm.model_dump()
        data |= {"animals": animals, "housings": housings, "succession": succession}
        return RegistryFarm(**{**data, "version": version}), {}
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        return None, {field or "succession.intent": dutch_reason(str(first["msg"]))}
