"""Dutch server-rendered pages. Each page has a ``.json`` twin with the same data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from veekompas import format_nl
from veekompas.assess import Assessment, assess_farm
from veekompas.assess.farm_assessment import norm_tables, norm_years
from veekompas.domain import parse_farm
from veekompas.errors import InputError
from veekompas.norms import table, versions
from veekompas.norms.loader import norm_document, table_summaries
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)

SITUATIONS = ("huidig", "gewenst")
LOCHEM_EXAMPLE: dict[str, Any] = {
    "name": "Maatschap Kettelarij (2011)",
    "municipality": "Lochem",
    "norm_year": 2010,
    "situations": {
        "huidig": {
            "animals": {"melk_en_kalfkoeien": 137, "jongvee_vrouwelijk_jonger_dan_1_jaar": 31},
            "crops": {
                "snijmais": {"ha": 5, "own_fodder": True},
                "grasland_blijvend": {"ha": 35, "own_fodder": True},
            },
        },
        "gewenst": {
            "animals": {
                "melk_en_kalfkoeien": 200,
                "jongvee_vrouwelijk_jonger_dan_1_jaar": 70,
                "jongvee_vrouwelijk_1_tot_2_jaar": 70,
            },
            "crops": {
                "snijmais": {"ha": 5, "own_fodder": True},
                "grasland_blijvend": {"ha": 35, "own_fodder": True},
            },
        },
    },
}


def _number(field: str, text: str) -> float | int:
    """A form number; Dutch decimal comma accepted ('5,5')."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(field, f"{text!r} is not a number") from None
    return int(value) if value.is_integer() else value


def farm_from_form(form: dict[str, str], norm_year: int) -> dict[str, Any]:
    """The farm mapping (as in a farm file) from the page's fields ``<situation>.animals.<code>``,
    ``<situation>.crops.<code>.ha`` and ``<situation>.crops.<code>.own_fodder``."""
    nge = norm_tables(norm_year)["nge_norms"]
    situations: dict[str, Any] = {}
    for sit in SITUATIONS:
        animals, crops = {}, {}
        for row in nge.rows:
            code = row["code"]
            if row["unit"] == "dier":
                text = form.get(f"{sit}.animals.{code}", "").strip()
                if text:
                    animals[code] = _number(f"situations.{sit}.animals.{code}", text)
            else:
                text = form.get(f"{sit}.crops.{code}.ha", "").strip()
                if text:
                    own = form.get(f"{sit}.crops.{code}.own_fodder") in ("on", "true", "1")
                    ha = _number(f"situations.{sit}.crops.{code}.ha", text)
                    crops[code] = {"ha": ha, "own_fodder": own}
        if animals or crops:
            situations[sit] = {"animals": animals, "crops": crops}
    return {
        "name": form.get("name", "").strip(),
        "municipality": form.get("municipality", "").strip() or None,
        "norm_year": norm_year,
        "situations": situations,
    }


def _form_values(farm: dict[str, Any]) -> dict[str, str]:
    """Field name -> value to show in the form."""
    values = {"name": farm.get("name") or "", "municipality": farm.get("municipality") or ""}
    for sit, data in farm["situations"].items():
        for code, n in data.get("animals", {}).items():
            values[f"{sit}.animals.{code}"] = str(n)
        for code, crop in data.get("crops", {}).items():
            values[f"{sit}.crops.{code}.ha"] = (
                format_nl.number(crop["ha"], 2).rstrip("0").rstrip(",")
            )
            if crop.get("own_fodder"):
                values[f"{sit}.crops.{code}.own_fodder"] = "on"
    return values


def _evaluate(request: Request) -> tuple[dict[str, str], Assessment | None, InputError | None, int]:
    params = dict(request.query_params)
    policy = params.pop("policy", "") or None
    if params.keys() == {"leeg"}:
        return {"policy": ""}, None, None, 200
    if not params:
        farm_data = LOCHEM_EXAMPLE
        values = _form_values(farm_data)
    else:
        values = dict(params)
        farm_data = None
    values["policy"] = policy or ""
    try:
        if farm_data is None:
            year_text = params.get("norm_year", "2010")
            year = int(year_text) if year_text.isdigit() else -1
            if year < 0:
                raise InputError("norm_year", f"{year_text!r} is not a year")
            farm_data = farm_from_form(params, year)
        assessment = assess_farm(parse_farm(farm_data), policy=policy)
        return values, assessment, None, 200
    except InputError as exc:
        return values, None, exc, 422


@router.get("/bedrijf/toets", response_class=HTMLResponse)
def farm_check_page(request: Request) -> HTMLResponse:
    """Omvang, type, arbeid en woningcriterium voor twee situaties naast elkaar."""
    values, assessment, error, status = _evaluate(request)
    nge = versions("nge_norms")[-1]
    context = {
        "values": values,
        "assessment": assessment,
        "error": error,
        "error_field": (error.field.removeprefix("situations.") if error else None),
        "situations": SITUATIONS,
        "animal_rows": [r for r in nge.rows if r["unit"] == "dier"],
        "crop_rows": [r for r in nge.rows if r["unit"] == "ha"],
        "norm_years": norm_years(),
        "policies": versions("dwelling_policy")[-1].codes(),
        "json_url": str(request.url.replace(path="/bedrijf/toets.json")),
    }
    return templates.TemplateResponse(request, "farm_check.html", context, status_code=status)


@router.get("/bedrijf/toets.json")
def farm_check_json(request: Request) -> JSONResponse:
    """The page's data: the assessment, or the input error (422)."""
    _, assessment, error, status = _evaluate(request)
    if error is not None:
        return JSONResponse({"detail": str(error)}, status_code=status)
    assert assessment is not None
    return JSONResponse(assessment.model_dump(mode="json"))


@router.get("/normen", response_class=HTMLResponse)
def norms_page(request: Request) -> HTMLResponse:
    """Alle normtabellen met bron en versies."""
    context = {"tables": table_summaries(), "json_url": "/normen.json"}
    return templates.TemplateResponse(request, "norms.html", context)


@router.get("/normen.json")
def norms_json() -> list[dict[str, Any]]:
    return table_summaries()


@router.get("/normen/{name}.json")
def norm_table_json(name: str) -> JSONResponse:
    try:
        return JSONResponse(norm_document(table(name)))
    except InputError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=404)


@router.get("/normen/{name}", response_class=HTMLResponse)
def norm_table_page(request: Request, name: str) -> HTMLResponse:
    """Eén normtabel: bron, kolommen met eenheden, rijen met hun bron."""
    try:
        doc = norm_document(table(name))
    except InputError as exc:
        context = {"error": exc, "json_url": f"/normen/{name}.json", "tables": table_summaries()}
        return templates.TemplateResponse(request, "norms.html", context, status_code=404)
    context = {"doc": doc, "json_url": f"/normen/{name}.json"}
    return templates.TemplateResponse(request, "norm_table.html", context)
