"""A farm as the user describes it: named situations with animal counts and crop areas.

These records check shape and ranges (whole, non-negative counts; non-negative areas). Whether a
category exists is a question for the norm table of the chosen year and is checked by the
assessment.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from veekompas.domain.limits import MAX_ANIMALS, MAX_HA
from veekompas.errors import InputError

MAX_COUNT = MAX_ANIMALS
MAX_CODE_LENGTH = 80  # a product code or situation name [characters]
MAX_SITUATIONS = 20


def _problem(kind: str, text: str) -> PydanticCustomError:
    """A validation error whose message is ``text`` verbatim (no template expansion)."""
    return PydanticCustomError(kind, "{text}", {"text": text})


def _animal_count(value: Any) -> int:
    """A whole number of animals, 0 or more (an integral float such as 12.0 is accepted)."""
    allowed = f"animal counts are whole numbers from 0 to {MAX_COUNT}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _problem("count", f"{value!r} is not a number; {allowed}")
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise _problem("count", f"{value} is not a whole number; {allowed}")
    if not 0 <= value <= MAX_COUNT:
        raise _problem("count", f"{value} is out of range; {allowed}")
    return int(value)


def _hectares(value: Any) -> float:
    allowed = f"areas are numbers of hectares from 0 to {MAX_HA:.0f}"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _problem("ha", f"{value!r} is not a number; {allowed}")
    if not 0 <= value <= MAX_HA:
        raise _problem("ha", f"{value} is out of range; {allowed}")
    return float(value)


def _short_keys(value: Any, what: str) -> Any:
    """Keys (product codes, situation names) of at most MAX_CODE_LENGTH characters, refused with
    their length rather than echoed (an error message stays one short line)."""
    if isinstance(value, dict):
        for key in value:
            if isinstance(key, str) and len(key) > MAX_CODE_LENGTH:
                raise _problem(
                    "too_long", f"a {what} of {len(key)} characters; at most {MAX_CODE_LENGTH}"
                )
    return value


AnimalCount = Annotated[int, BeforeValidator(_animal_count)]
Hectares = Annotated[float, BeforeValidator(_hectares)]


class CropArea(BaseModel):
    """A crop on the farm.

    Attributes
    ----------
    ha : float
        Area [ha], measured size (gemeten maat).
    own_fodder : bool
        True when the farm's own grazing livestock use the fodder; such fodder crops count 0 nge
        and 0 bss, as in the LEI Rekenmodule.
    """

    model_config = ConfigDict(extra="forbid")

    ha: Hectares
    own_fodder: bool = False


class Situation(BaseModel):
    """One state of the farm (e.g. ``huidig`` or ``gewenst``).

    ``animals`` maps a product code of the norm table to the number of animals present;
    ``crops`` maps a product code to its area. A bare number for a crop means its area in ha.
    """

    model_config = ConfigDict(extra="forbid")

    animals: dict[str, AnimalCount] = Field(default_factory=dict)
    crops: dict[str, CropArea] = Field(default_factory=dict)

    @field_validator("animals", mode="before")
    @classmethod
    def _animal_codes(cls, value: Any) -> Any:
        return _short_keys(value, "product code")

    @field_validator("crops", mode="before")
    @classmethod
    def _bare_area(cls, value: Any) -> Any:
        _short_keys(value, "product code")
        if isinstance(value, dict):
            return {k: {"ha": v} if isinstance(v, int | float) else v for k, v in value.items()}
        return value

    def is_empty(self) -> bool:
        return not self.animals and not self.crops


class Farm(BaseModel):
    """A farm with one or more named situations, assessed with the norms of ``norm_year``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "name": "Maatschap Kettelarij (2011)",
                "municipality": "Lochem",
                "norm_year": 2010,
                "situations": {
                    "huidig": {
                        "animals": {
                            "melk_en_kalfkoeien": 137,
                            "jongvee_vrouwelijk_jonger_dan_1_jaar": 31,
                        },
                        "crops": {
                            "snijmais": {"ha": 5, "own_fodder": True},
                            "grasland_blijvend": {"ha": 35, "own_fodder": True},
                        },
                    }
                },
            }
        },
    )

    name: str = Field(default="", max_length=200)
    municipality: str | None = Field(default=None, max_length=100)
    norm_year: int = Field(default=2010, description="Landbouwtelling year of the NGE norms")
    situations: dict[str, Situation]

    @field_validator("situations", mode="before")
    @classmethod
    def _few_situations(cls, value: Any) -> Any:
        if isinstance(value, dict) and len(value) > MAX_SITUATIONS:
            raise _problem(
                "too_many", f"{len(value)} situations; a farm has at most {MAX_SITUATIONS}"
            )
        return _short_keys(value, "situation name")

    @field_validator("situations")
    @classmethod
    def _not_empty(cls, value: dict[str, Situation]) -> dict[str, Situation]:
        if not value:
            raise PydanticCustomError(
                "empty_farm",
                "the farm has no situations; give at least one (e.g. huidig) with animals or crops",
            )
        for name, situation in value.items():
            if not name.strip():
                raise PydanticCustomError("situation_name", "a situation needs a non-empty name")
            if situation.is_empty():
                raise _problem(
                    "empty_situation", f"situation {name!r} is empty; give animals or crops"
                )
        return value


def _location(loc: tuple[int | str, ...]) -> str:
    skip = ("body", "query", "path", "header", "cookie")
    return ".".join(str(part) for part in loc if part not in skip) or "farm"


def input_error_from_validation(exc: ValidationError | list[dict[str, Any]]) -> InputError:
    """Turn pydantic's errors into one :class:`InputError` (the first problem, one line)."""
    errors = exc.errors() if isinstance(exc, ValidationError) else exc
    first = errors[0]
    message = str(first["msg"])
    kind = first.get("type", "")
    if kind == "missing":
        message = "is required"
    elif kind == "extra_forbidden":
        message = "is not a known field"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return InputError(_location(tuple(first["loc"])), message)


def parse_farm(data: Any) -> Farm:
    """Validate a mapping (from YAML or JSON) into a :class:`Farm` or raise :class:`InputError`."""
    if data is None:
        raise InputError("farm", "the file is empty; a farm needs name and situations")
    if not isinstance(data, dict):
        raise InputError("farm", f"expected a mapping with name and situations, got {data!r:.60}")
    try:
        return Farm.model_validate(data)
    except ValidationError as exc:
        raise input_error_from_validation(exc) from None
