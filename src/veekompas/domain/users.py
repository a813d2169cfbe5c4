"""Users of veekompas and their roles."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["admin", "regio", "gemeente", "adviseur", "boer", "publiek"]
ROLES: tuple[str, ...] = ("admin", "regio", "gemeente", "adviseur", "boer", "publiek")


class User(BaseModel):
    """A user; ``municipality`` scopes role gemeente, ``farm_ubn`` role boer."""

    model_config = ConfigDict(frozen=True)

    username: str
    role: Role
    municipality: str | None = None
    farm_ubn: str | None = None
