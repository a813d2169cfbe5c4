"""Every text the app stores fits its column: for each String(n) column of store/models.py the
input fields whose values go into it accept at most n characters (max_length, a Literal's
longest value or a bounded pattern). A new String column must be listed here, as stored from
input or as written by the code itself, so its limit cannot drift from the input's."""

from __future__ import annotations

import typing

import annotated_types
from pydantic import BaseModel
from sqlalchemy import String

from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.domain.scan import ScanFarm
from veekompas.domain.users import Consent, User
from veekompas.store.models import Base
from veekompas.store.users import USERNAME_RE
from veekompas.web.accounts.auth import Login
from veekompas.web.farms.registry_api import ConsentIn, UserIn

STORED_FROM_INPUT: dict[str, list[tuple[type[BaseModel], str]]] = {
    "farm.ubn": [(RegistryFarm, "ubn"), (UserIn, "farm_ubn"), (Consent, "farm_ubn")],
    "farm.kvk": [(RegistryFarm, "kvk")],
    "farm.name": [(RegistryFarm, "name")],
    "farm.municipality": [(RegistryFarm, "municipality"), (ScanFarm, "municipality")],
    "farm.sector": [(RegistryFarm, "sector")],
    "farm.place": [(Location, "place")],
    "housing.stalsysteem_code": [(Housing, "stalsysteem_code")],
    "housing.animal_category": [(Housing, "animal_category")],
    "animal_group.category": [(AnimalGroup, "category")],
    "crop_area.crop": [(RegistryCrop, "crop")],
    "succession.successor": [(Succession, "successor")],
    "succession.intent": [(Succession, "intent")],
    "succession.buyout_scheme": [(Succession, "buyout_scheme")],
    "role.name": [(User, "role"), (UserIn, "role")],
    "app_user.role": [(User, "role"), (UserIn, "role")],
    "app_user.username": [
        (User, "username"),
        (UserIn, "username"),
        (Login, "username"),
        (Consent, "party"),
        (ConsentIn, "party"),
    ],
    "app_user.municipality": [(User, "municipality"), (UserIn, "municipality")],
    "consent.purpose": [(Consent, "purpose"), (ConsentIn, "purpose")],
    "consent.data_scope": [(Consent, "data_scope"), (ConsentIn, "data_scope")],
    # a farm's audit entries are keyed by its UBN, a user's and a token's by the username
    "audit_log.entity_key": [(RegistryFarm, "ubn"), (UserIn, "username")],
}
WRITTEN_BY_THE_CODE = {
    "role.description",  # the six roles' descriptions (migration)
    "app_user.password_hash",  # argon2 hash
    "api_token.token_sha256",  # 64 hex digits
    "api_token.kind",  # api | session
    "audit_log.username",  # the acting username (app_user.username) or a script's name
    "audit_log.action",  # create | update | delete | create-refused | revoke
    "farm.farm_uid",  # uuid4 of the farm's lifetime (36 characters)
    "audit_log.farm_uid",  # the same uid
    "audit_log.entity",  # farm | user | api_token | consent
}


def string_columns() -> dict[str, int]:
    return {
        f"{table.name}.{column.name}": column.type.length
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String)
    }


def max_length(model: type[BaseModel], name: str) -> int | None:
    """The most characters ``model.name`` accepts: max_length, or a Literal's longest value."""
    info = model.model_fields[name]
    for rule in info.metadata:
        if isinstance(rule, annotated_types.MaxLen):
            return rule.max_length
    hint = info.annotation
    if typing.get_origin(hint) is not typing.Literal:  # Literal[...] | None
        hint = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
    if typing.get_origin(hint) is typing.Literal:
        return max(len(v) for v in typing.get_args(hint))
    return None


def test_every_string_column_is_classified():
    columns = set(string_columns())
    listed = set(STORED_FROM_INPUT) | WRITTEN_BY_THE_CODE
    assert (columns - listed, listed - columns) == (set(), set())


def test_every_stored_input_fits_its_column():
    columns = string_columns()
    too_long = {}
    for column, fields in STORED_FROM_INPUT.items():
        for model, name in fields:
            limit = max_length(model, name)
            if limit is None or limit > columns[column]:
                too_long[f"{model.__name__}.{name}"] = (limit, column, columns[column])
    assert too_long == {}


def test_new_usernames_fit_the_audit_key():
    limit = string_columns()["audit_log.entity_key"]
    assert USERNAME_RE.match("a" * limit) and not USERNAME_RE.match("a" * (limit + 1))
