"""Registry API ``/api/v1/farms``: farms and their barns, animals, crops, succession, history and
consents; users for admins. Thin: every rule lives in :class:`region.registry.RegistryService`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from veekompas.domain.limits import MAX_DATE, MIN_DATE
from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Intent,
    RegistryCrop,
    RegistryFarm,
    Sector,
    Succession,
)
from veekompas.domain.users import Consent, DataScope, Role, User
from veekompas.errors import InputError
from veekompas.region.registry import RegistryService
from veekompas.store.exchange.geojson import farms_to_geojson
from veekompas.web.accounts.auth import Registry
from veekompas.web.plumbing.cache import cached
from veekompas.web.plumbing.errors import responses

router = APIRouter(prefix="/api/v1", tags=["register"])

Ubn = Annotated[str, Path(pattern=r"^\d{1,10}$", description="UBN of the farm")]
SortKey = Literal[
    "ubn", "-ubn", "name", "-name", "municipality", "-municipality",
    "permitted_nh3_kg_per_year", "-permitted_nh3_kg_per_year",
]  # fmt: skip
READ = responses(401, 403, 404, 422)
WRITE = responses(401, 403, 404, 409, 422)


class FarmList(BaseModel):
    """One page of farms; pass ``next_cursor`` as ``cursor`` for the next (null: last page)."""

    items: list[RegistryFarm]
    next_cursor: str | None


class FarmUpdate(RegistryFarm):
    """The whole farm as read, with the ``version`` it had when read (409 if it changed since)."""

    version: int = Field(ge=1)


class _Versioned(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, description="version of the farm when read; 409 if it changed")


class _Items(_Versioned):
    items: list


class Housings(_Items):
    items: list[Housing]


class Animals(_Items):
    items: list[AnimalGroup]


class Crops(_Items):
    items: list[RegistryCrop]


class SuccessionDoc(_Versioned):
    succession: Succession


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    party: str = Field(min_length=2, max_length=80, description="username of the adviseur")
    purpose: str = Field(min_length=1, max_length=200)
    data_scope: DataScope = "inzien"
    valid_from: dt.date = Field(ge=MIN_DATE, le=MAX_DATE)
    valid_to: dt.date | None = Field(default=None, ge=MIN_DATE, le=MAX_DATE)


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # the username keys its audit entries: at most audit_log.entity_key's 40 characters
    username: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=200)
    role: Role
    municipality: str | None = Field(default=None, max_length=100)
    farm_ubn: str | None = Field(default=None, pattern=r"^\d{1,10}$", max_length=10)


GEOJSON = "application/geo+json"
LIST_RESPONSES = READ | {
    200: {
        "description": "A page of farms: JSON (FarmList) or, with format=geojson, a GeoJSON "
        "FeatureCollection in WGS84 with next_cursor as a foreign member",
        "content": {GEOJSON: {"schema": {"type": "object"}}},
    }
}


def _farm_list_json(registry: RegistryService, query: dict) -> bytes:
    page = registry.list_farms(**query)
    return FarmList(items=page.farms, next_cursor=page.next_cursor).model_dump_json().encode()


@router.get("/farms", response_model=FarmList, responses=LIST_RESPONSES)
def list_farms(
    request: Request,
    registry: Registry,
    municipality: Annotated[str | None, Query(max_length=100)] = None,
    sector: Sector | None = None,
    intent: Intent | None = None,
    sort: SortKey = "ubn",
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    format: Literal["json", "geojson"] = "json",
) -> FarmList | Response:
    """The farms the user may see, filtered and sorted, one page at a time (keyset).

    ``format=geojson`` gives the page as a GeoJSON FeatureCollection (points in WGS84)."""
    query = {"municipality": municipality, "sector": sector, "intent": intent, "sort": sort,
             "cursor": cursor, "limit": limit}  # fmt: skip
    if format == "json":  # the same page for the same view and registry version: cached
        key = ("farm-list", registry.view_key, tuple(query.items()))
        body = cached(request, registry.session, key, lambda: _farm_list_json(registry, query))
        return Response(body, media_type="application/json")
    page = registry.list_farms(**query)
    if format == "geojson":
        collection = json.loads(farms_to_geojson(page.farms))
        collection["next_cursor"] = page.next_cursor
        return Response(json.dumps(collection, ensure_ascii=False), media_type=GEOJSON)
    return FarmList(items=page.farms, next_cursor=page.next_cursor)


@router.post("/farms", status_code=201, response_model=RegistryFarm, responses=WRITE)
def create_farm(farm: RegistryFarm, registry: Registry) -> RegistryFarm:
    """Add a farm (its ``version`` is ignored; the new farm gets version 1)."""
    return registry.create_farm(farm)


@router.get("/farms/{ubn}", response_model=RegistryFarm, responses=READ)
def get_farm(ubn: Ubn, registry: Registry) -> RegistryFarm:
    return registry.get_farm(ubn)


def _same_ubn(ubn: str, body_ubn: str) -> None:
    if ubn != body_ubn:
        raise InputError("ubn", f"{body_ubn!r} differs from the address's UBN {ubn!r}")


@router.put("/farms/{ubn}", response_model=RegistryFarm, responses=WRITE)
def update_farm(ubn: Ubn, farm: FarmUpdate, registry: Registry) -> RegistryFarm:
    """Replace the farm's data; send the ``version`` you read (409 Conflict if it changed).

    The municipality and location (x_rd, y_rd, place) change only by an admin, regio or the
    gemeente within its own municipality; anyone else gets 403 naming the field."""
    _same_ubn(ubn, farm.ubn)
    return registry.update_farm(RegistryFarm(**farm.model_dump()))


@router.delete("/farms/{ubn}", status_code=204, responses=WRITE)
def delete_farm(ubn: Ubn, registry: Registry) -> Response:
    registry.delete_farm(ubn)
    return Response(status_code=204)


@router.get("/farms/{ubn}/history", responses=READ)
def farm_history(ubn: Ubn, registry: Registry) -> list[dict]:
    """Every write to the farm: when, who, what (create/update/delete), before and after."""
    return registry.history(ubn)


def _part(registry: Registry, ubn: str, field: str, value: object, version: int) -> RegistryFarm:
    farm = registry.get_farm(ubn)
    changed = farm.model_copy(update={field: value, "version": version})
    return registry.update_farm(RegistryFarm.model_validate(changed.model_dump()))


def _list_part_routes(part: str, model: type[_Items], what: str) -> None:
    """GET and PUT of one list part of a farm (barns, animals or crops)."""

    def get_part(ubn: Ubn, registry: Registry) -> _Items:
        farm = registry.get_farm(ubn)
        return model(version=farm.version, items=list(getattr(farm, part)))

    def put_part(ubn: Ubn, body: _Items, registry: Registry) -> _Items:
        farm = _part(registry, ubn, part, tuple(body.items), body.version)
        return model(version=farm.version, items=list(getattr(farm, part)))

    put_part.__annotations__["body"] = model  # the part's own item type in body and OpenAPI

    path = f"/farms/{{ubn}}/{part}"
    router.get(path, response_model=model, responses=READ, name=f"get_{part}",
               summary=f"Get {what}")(get_part)  # fmt: skip
    router.put(path, response_model=model, responses=WRITE, name=f"put_{part}",
               summary=f"Replace {what}", description="Send the farm's version as read; "
               "409 if it changed since.")(put_part)  # fmt: skip


_list_part_routes("housings", Housings, "the barns (housing systems and animal places)")
_list_part_routes("animals", Animals, "the animal counts")
_list_part_routes("crops", Crops, "the crop areas")


@router.get("/farms/{ubn}/succession", response_model=SuccessionDoc, responses=READ)
def get_succession(ubn: Ubn, registry: Registry) -> SuccessionDoc:
    farm = registry.get_farm(ubn)
    return SuccessionDoc(version=farm.version, succession=farm.succession)


@router.put("/farms/{ubn}/succession", response_model=SuccessionDoc, responses=WRITE)
def put_succession(ubn: Ubn, body: SuccessionDoc, registry: Registry) -> SuccessionDoc:
    """Farmer's birth year, successor, intent (stopper/blijver/onbekend), stop year, buy-out."""
    farm = _part(registry, ubn, "succession", body.succession, body.version)
    return SuccessionDoc(version=farm.version, succession=farm.succession)


@router.get("/farms/{ubn}/consents", response_model=list[Consent], responses=READ)
def list_consents(ubn: Ubn, registry: Registry) -> list[Consent]:
    """The farm's consents to advisers (the farmer and admins see them)."""
    return registry.consents(ubn)


@router.post("/farms/{ubn}/consents", status_code=201, response_model=Consent, responses=WRITE)
def grant_consent(ubn: Ubn, body: ConsentIn, registry: Registry) -> Consent:
    """Let an adviseur see (``inzien``) or edit (``bewerken``) this farm for a purpose/period."""
    return registry.grant_consent(Consent(farm_ubn=ubn, **body.model_dump()))


@router.delete("/farms/{ubn}/consents/{consent_id}", status_code=204, responses=WRITE)
def withdraw_consent(
    ubn: Ubn, consent_id: Annotated[int, Path(ge=1, le=2**31 - 1)], registry: Registry
) -> Response:
    registry.withdraw_consent(ubn, consent_id)
    return Response(status_code=204)


@router.get("/users", response_model=list[User], responses=responses(401, 403))
def list_users(registry: Registry) -> list[User]:
    """All users with their role and scope (admins only)."""
    return registry.users()


@router.post("/users", status_code=201, response_model=User, responses=responses(401, 403, 422))
def add_user(body: UserIn, registry: Registry) -> User:
    """Add a user (admins only); role gemeente needs a municipality, role boer a farm UBN."""
    return registry.add_user(
        body.username,
        body.password,
        body.role,
        municipality=body.municipality,
        farm_ubn=body.farm_ubn,
    )
