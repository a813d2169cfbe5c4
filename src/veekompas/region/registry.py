"""The registry as a user sees it: every read and write goes through the access rules of
:mod:`veekompas.region.access`, so the API, the pages and scripts enforce the same roles."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from veekompas.domain.registry import RegistryFarm
from veekompas.domain.users import Consent, User
from veekompas.errors import Forbidden, InputError
from veekompas.region.access import Action, Reach, Resource, may, reach
from veekompas.store import exchange
from veekompas.store.consents import ConsentRepository
from veekompas.store.farms import FarmPoint, FarmRepository, NotFoundError, sort_value
from veekompas.store.users import UserRepository


@dataclass(frozen=True)
class FarmPage:
    farms: list[RegistryFarm]
    next_cursor: str | None


def encode_cursor(sort: str, value: Any, ubn: str) -> str:
    raw = json.dumps([sort, value, ubn], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (sort value, UBN) a cursor continues after; it must come from the same ``sort``."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, value, ubn = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError):
        cursor_sort, value, ubn = None, None, None
    if cursor_sort != sort or not isinstance(ubn, str):
        raise InputError(
            "cursor", "is not a next_cursor of this listing and sort order; start without it"
        )
    return value, ubn


class RegistryService:
    """The registry on behalf of ``user``; the caller commits the session."""

    def __init__(self, session: Session, user: User, today: dt.date | None = None) -> None:
        self.user = user
        self.today = today or dt.date.today()
        self._farms = FarmRepository(session, user.username)
        self._consents = ConsentRepository(session, user.username)
        self._users = UserRepository(session, user.username)
        scopes = self._consents.valid_for_party(user.username, self.today)
        self._consent_scopes = scopes if user.role == "adviseur" else {}
        self._reach: Reach = reach(user, self._consent_scopes)

    # -- rules ---------------------------------------------------------------------------------
    def _check(self, action: Action, resource: Resource, ubn: str | None = None) -> None:
        if not may(self.user, action, resource, self._consent_scopes.get(ubn or "")):
            raise Forbidden(
                f"role {self.user.role} may not {action} {resource}"
                + (f" of farm {ubn}" if ubn else "")
            )

    def _visible(self, ubn: str) -> RegistryFarm:
        """The farm if it lies within the user's reach; otherwise it does not exist for them."""
        if self.user.role == "publiek":
            raise Forbidden("role publiek has open data only")
        farm = self._farms.get(ubn)
        if not self._reach.includes(farm.ubn, farm.municipality):
            raise NotFoundError(f"ubn: no farm with UBN {ubn!r}")
        return farm

    def _limit_to_reach(self, farm: RegistryFarm) -> None:
        if not self._reach.includes(farm.ubn, farm.municipality):
            raise Forbidden(
                f"municipality: role {self.user.role} may only keep farms in "
                f"{self.user.municipality or 'its own reach'}"
            )

    # -- farms ---------------------------------------------------------------------------------
    def list_farms(
        self,
        *,
        municipality: str | None = None,
        sector: str | None = None,
        intent: str | None = None,
        sort: str = "ubn",
        cursor: str | None = None,
        limit: int = 50,
        search: str | None = None,
    ) -> FarmPage:
        self._check("read", "farm")
        scope = self._scope(municipality)
        if scope is None:
            return FarmPage([], None)
        after = decode_cursor(cursor, sort) if cursor else None
        farms = self._farms.list(
            municipality=scope[0],
            sector=sector,
            intent=intent,
            ubns=scope[1],
            sort=sort,
            after=after,
            limit=limit,
            search=search,
        )
        last = farms[-1] if len(farms) == limit else None
        next_cursor = encode_cursor(sort, sort_value(last, sort), last.ubn) if last else None
        return FarmPage(farms, next_cursor)

    def count_farms(
        self,
        *,
        municipality: str | None = None,
        sector: str | None = None,
        intent: str | None = None,
        search: str | None = None,
    ) -> int:
        """How many farms :meth:`list_farms` pages through with the same filters."""
        self._check("read", "farm")
        scope = self._scope(municipality)
        if scope is None:
            return 0
        return self._farms.count(
            municipality=scope[0], sector=sector, intent=intent, ubns=scope[1], search=search
        )

    def _scope(self, municipality: str | None) -> tuple[str | None, Collection[str] | None] | None:
        """The (municipality, ubns) filters of a list within the user's reach; None when the
        asked municipality lies outside it."""
        r = self._reach
        if r.municipality is not None:
            if municipality not in (None, r.municipality):
                return None
            return r.municipality, None
        return municipality, None if r.everything else r.ubns

    def farm_points(self) -> list[FarmPoint]:
        """Every farm the user may see, as light map records (same reach as :meth:`list_farms`)."""
        self._check("read", "farm")
        r = self._reach
        if r.everything:
            return self._farms.points()
        if r.municipality is not None:
            return self._farms.points(municipality=r.municipality)
        return self._farms.points(ubns=r.ubns or ())

    @property
    def farm_reach(self) -> Reach:
        """The farms this user may see (for aggregates limited to them)."""
        return self._reach

    def may(self, action: Action, resource: Resource, ubn: str | None = None) -> bool:
        """Whether the user may do ``action`` on ``resource`` (of farm ``ubn``, within reach)."""
        return may(self.user, action, resource, self._consent_scopes.get(ubn or ""))

    def get_farm(self, ubn: str) -> RegistryFarm:
        farm = self._visible(ubn)
        self._check("read", "farm", ubn)
        return farm

    def create_farm(self, farm: RegistryFarm) -> RegistryFarm:
        self._check("create", "farm")
        self._limit_to_reach(farm)
        return self._farms.add(farm)

    def update_farm(self, farm: RegistryFarm) -> RegistryFarm:
        self._visible(farm.ubn)
        self._check("update", "farm", farm.ubn)
        self._limit_to_reach(farm)
        return self._farms.update(farm)

    def delete_farm(self, ubn: str) -> None:
        self._visible(ubn)
        self._check("delete", "farm", ubn)
        self._farms.delete(ubn)

    def history(self, ubn: str) -> list[dict[str, Any]]:
        self._visible(ubn)
        self._check("read", "history", ubn)
        return self._farms.history(ubn)

    def check_import(self, parsed: exchange.ParseResult) -> exchange.ParseResult:
        """The parse result with the user's reach applied: a farm outside it (a gemeente user's
        row of another municipality, or a UBN registered outside it) becomes one more problem
        at its farm row, and its UBN is skipped. Writes nothing."""
        self._check("create", "farm")
        self._check("update", "farm")
        checked = exchange.ParseResult(places=parsed.places, unlisted=Counter(parsed.unlisted))
        checked.add_problems(parsed.problems)
        skipped = list(parsed.skipped_ubns)
        allowed: list[RegistryFarm] = []
        where = self.user.municipality or "its own reach"
        for farm in parsed.farms:
            unit, number = parsed.places.get(farm.ubn, ("row", 0))
            reason, field, value = None, "municipality", farm.municipality
            if not self._reach.includes(farm.ubn, farm.municipality):
                reason = f"role {self.user.role} may only import farms in {where}"
            elif not self._reach.everything:
                try:
                    stored = self._farms.get(farm.ubn)
                except NotFoundError:
                    stored = None
                if stored is not None and not self._reach.includes(stored.ubn, stored.municipality):
                    field, value = "ubn", farm.ubn
                    reason = f"this UBN cannot be imported by role {self.user.role} in {where}"
            if reason is None:
                allowed.append(farm)
            else:
                checked.add_problems([exchange.Problem(number, field, value, reason, unit)])
                skipped.append(farm.ubn)
        checked.problems.sort(key=lambda p: (p.unit, p.row))
        checked.farms, checked.skipped_ubns = allowed, skipped
        return checked

    def import_farms(
        self, parsed: exchange.ParseResult, *, skip_invalid: bool = False
    ) -> exchange.ImportReport:
        """Import parsed farms (upsert on UBN, audited) after :meth:`check_import`: with any
        problem nothing is written unless ``skip_invalid``, which writes the farms without
        problems. The caller commits when the report's ``written`` is true."""
        checked = self.check_import(parsed)
        return exchange.import_farms(self._farms, checked, skip_invalid=skip_invalid)

    # -- consents ------------------------------------------------------------------------------
    def consents(self, ubn: str) -> list[Consent]:
        self._visible(ubn)
        self._check("read", "consent", ubn)
        return self._consents.for_farm(ubn)

    def grant_consent(self, consent: Consent) -> Consent:
        self._visible(consent.farm_ubn)
        self._check("create", "consent", consent.farm_ubn)
        return self._consents.grant(consent)

    def withdraw_consent(self, ubn: str, consent_id: int) -> None:
        self._visible(ubn)
        self._check("delete", "consent", ubn)
        if self._consents.get(consent_id).farm_ubn != ubn:
            raise NotFoundError(f"consent: no consent with id {consent_id} on farm {ubn}")
        self._consents.withdraw(consent_id)

    # -- users ---------------------------------------------------------------------------------
    def users(self) -> list[User]:
        self._check("read", "user")
        return self._users.list()

    def add_user(self, username: str, password: str, role: str, **scope: str | None) -> User:
        self._check("create", "user")
        return self._users.add(username, password, role, **scope)
