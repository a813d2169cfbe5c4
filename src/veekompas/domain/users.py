"""Users of veekompas and their roles."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from veekompas.domain.limits import MAX_DATE, MIN_DATE

Role = Literal["admin", "regio", "gemeente", "adviseur", "boer", "publiek"]
ROLES: tuple[str, ...] = ("admin", "regio", "gemeente", "adviseur", "boer", "publiek")


class User(BaseModel):
    """A user; ``municipality`` scopes role gemeente, ``farm_ubn`` role boer."""

    model_config = ConfigDict(frozen=True)

    username: str = Field(max_length=80)
    role: Role
    municipality: str | None = Field(default=None, max_length=100)
    farm_ubn: str | None = Field(default=None, max_length=10)


# What a consent lets the party do with the farm's registry data.
DataScope = Literal["inzien", "bewerken"]
DATA_SCOPES: tuple[str, ...] = ("inzien", "bewerken")


class Consent(BaseModel):
    """A farm's consent to a party (user) for a purpose: ``inzien`` (read) or ``bewerken`` (read
    and edit) its registry data from ``valid_from`` up to and including ``valid_to``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    farm_ubn: str = Field(pattern=r"^\d{1,10}$", max_length=10)
    party: str = Field(min_length=2, max_length=80, description="username of the party")
    purpose: str = Field(min_length=1, max_length=200)
    data_scope: DataScope = "inzien"
    valid_from: dt.date = Field(ge=MIN_DATE, le=MAX_DATE)
    valid_to: dt.date | None = Field(default=None, ge=MIN_DATE, le=MAX_DATE)

    @model_validator(mode="after")
    def _period(self) -> Consent:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to lies before valid_from")
        return self

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
