"""The registry as a user sees it: every read and write goes through the access rules of
:mod:`veekompas.region.access`, so the API, the pages and scripts enforce the same roles."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from veekompas.calc.emissions import check_housing
from veekompas.domain.registry import RegistryFarm
from veekompas.domain.users import Consent, User
from veekompas.errors import Forbidden, InputError
from veekompas.region.access import (
    LOCATION_FIELDS,
    Action,
    Reach,
    Resource,
    may,
    may_relocate,
    reach,
    relocation_refusal,
)
from veekompas.store import exchange
from veekompas.store.consents import ConsentRepository
from veekompas.store.farms import (
    FarmPoint,
    FarmRepository,
    NotFoundError,
    SuccessionFilter,
    sort_value,
)
from veekompas.store.users import UserRepository


@dataclass(frozen=True)
class FarmPage:
    farms: list[RegistryFarm]
    next_cursor: str | None


def encode_cursor(sort: str, value: Any, ubn: str) -> str:
    raw = json.dumps([sort, value, ubn], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_value_fits(sort: str, value: Any) -> bool:
    """Whether ``value`` can be a farm's value under ``sort`` (a crafted cursor could carry a
    list, an object or a huge number that the database cannot compare)."""
    if sort.removeprefix("-") == "permitted_nh3_kg_per_year":
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and abs(value) <= 1e15
        )
    return isinstance(value, str) and len(value) <= 200


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (sort value, UBN) a cursor continues after; it must come from the same ``sort``."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, value, ubn = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError):
        cursor_sort, value, ubn = None, None, None
    if (
        cursor_sort != sort
        or not isinstance(ubn, str)
        or not (ubn.isdigit() and len(ubn) <= 10)
        or not _cursor_value_fits(sort, value)
    ):
        raise InputError(
            "cursor", "is not a next_cursor of this listing and sort order; start without it"
        )
    return value, ubn


def moved_fields(old: RegistryFarm, new: RegistryFarm) -> list[str]:
    """Which of :data:`LOCATION_FIELDS` differ between ``old`` and ``new``."""

    def value(farm: RegistryFarm, name: str) -> object:
        return (
            farm.municipality
            if name == "municipality"
            else getattr(farm.location, name.split(".")[1])
        )

    return [name for name in LOCATION_FIELDS if value(old, name) != value(new, name)]


class RegistryService:
    """The registry on behalf of ``user``; the caller commits the session."""

    def __init__(self, session: Session, user: User, today: dt.date | None = None) -> None:
        self.user = user
        self.session = session
        self.today = today or dt.date.today()
        self._farms = FarmRepository(session, user.username)
        self._consents = ConsentRepository(session, user.username)
        self._users = UserRepository(session, user.username)
        # only an adviseur's reach rests on consents (one query less on every other request)
        self._consent_scopes = (
            self._consents.valid_for_party(user.username, self.today)
            if user.role == "adviseur"
            else {}
        )
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
        succession: SuccessionFilter | None = None,
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
            succession=succession,
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
        succession: SuccessionFilter | None = None,
    ) -> int:
        """How many farms :meth:`list_farms` pages through with the same filters."""
        self._check("read", "farm")
        scope = self._scope(municipality)
        if scope is None:
            return 0
        return self._farms.count(
            municipality=scope[0],
            sector=sector,
            intent=intent,
            ubns=scope[1],
            search=search,
            succession=succession,
        )

    def buyout_schemes(self) -> list[str]:
        """The buy-out schemes named by the farms within the user's reach."""
        self._check("read", "farm")
        r = self._reach
        if r.everything:
            return self._farms.buyout_schemes()
        if r.municipality is not None:
            return self._farms.buyout_schemes(municipality=r.municipality)
        return self._farms.buyout_schemes(ubns=r.ubns or ())

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

    @property
    def view_key(self) -> tuple:
        """What decides which registry figures this user sees (role, scope and reach): a part
        of the key of answers cached per registry version."""
        return (self.user.role, self.user.municipality, self._reach)

    def may(self, action: Action, resource: Resource, ubn: str | None = None) -> bool:
        """Whether the user may do ``action`` on ``resource`` (of farm ``ubn``, within reach)."""
        return may(self.user, action, resource, self._consent_scopes.get(ubn or ""))

    def get_farm(self, ubn: str) -> RegistryFarm:
        farm = self._visible(ubn)
        self._check("read", "farm", ubn)
        return farm

    def _registered_elsewhere(self, ubns: Collection[str]) -> set[str]:
        """Which of ``ubns`` are registered to farms outside the user's reach (none for a user
        who sees every farm)."""
        if self._reach.everything:
            return set()
        ubns, found = list(ubns), set()
        for start in range(0, len(ubns), 1000):
            points = self._farms.points(ubns=ubns[start : start + 1000])
            found |= {p.ubn for p in points if not self._reach.includes(p.ubn, p.municipality)}
        return found

    def create_farm(self, farm: RegistryFarm) -> RegistryFarm:
        """Add a farm within the user's reach; a UBN registered within the reach is a 409.

        A UBN registered to a farm outside the user's reach (a gemeente adding a UBN of another
        municipality's farm) gets the same answer as a free UBN, the farm as saved with version
        1 (201), so the other farm's existence is not revealed; but nothing is written, and an
        audit row (action ``create-refused``, in no farm's history) lets an admin follow up. A
        later read of that UBN answers 404, as for every farm outside the user's reach."""
        self._check("create", "farm")
        self._limit_to_reach(farm)
        self._check_housings(farm)
        if self._registered_elsewhere([farm.ubn]):
            self._farms.refuse_create(farm)
            return farm.model_copy(update={"version": 1})
        return self._farms.add(farm)

    def update_farm(self, farm: RegistryFarm) -> RegistryFarm:
        stored = self._visible(farm.ubn)
        self._check("update", "farm", farm.ubn)
        changed = moved_fields(stored, farm)
        if changed and not may_relocate(self.user, stored.municipality, farm.municipality):
            raise Forbidden(relocation_refusal(self.user, changed))
        self._limit_to_reach(farm)
        self._check_housings(farm)
        return self._farms.update(farm)

    def _check_housings(self, farm: RegistryFarm) -> None:
        """Every barn's code has a factor in the NH3 table in force today, as the omgevingsscan
        and the import check it (an InputError naming the barn and close codes)."""
        for i, housing in enumerate(farm.housings):
            try:
                check_housing(housing.stalsysteem_code, housing.animal_category, self.today)
            except InputError as exc:
                raise InputError(f"housings.{i}.{exc.field}", exc.message) from None

    def delete_farm(self, ubn: str) -> None:
        self._visible(ubn)
        self._check("delete", "farm", ubn)
        self._farms.delete(ubn)

    def history(self, ubn: str) -> list[dict[str, Any]]:
        self._visible(ubn)
        self._check("read", "history", ubn)
        return self._farms.history(ubn)

    def check_import(self, parsed: exchange.ParseResult) -> exchange.ParseResult:
        """The parse result with the user's reach applied: a farm row of a municipality outside
        it (a gemeente user's row of another municipality) becomes one more problem at its farm
        row, and its UBN is skipped. Writes nothing. A UBN registered outside the reach is not
        named (see :meth:`import_farms`)."""
        self._check("create", "farm")
        self._check("update", "farm")
        checked = exchange.ParseResult(
            places=parsed.places, unlisted=Counter(parsed.unlisted), warnings=parsed.warnings
        )
        checked.add_problems(parsed.problems)
        skipped = list(parsed.skipped_ubns)
        allowed: list[RegistryFarm] = []
        where = self.user.municipality or "its own reach"
        for farm in parsed.farms:
            unit, number = parsed.places.get(farm.ubn, ("row", 0))
            if self._reach.includes(farm.ubn, farm.municipality):
                allowed.append(farm)
            else:
                reason = f"role {self.user.role} may only import farms in {where}"
                problem = exchange.Problem(number, "municipality", farm.municipality, reason, unit)
                checked.add_problems([problem])
                skipped.append(farm.ubn)
        checked.problems.sort(key=lambda p: (p.unit, p.row))
        checked.farms, checked.skipped_ubns = allowed, skipped
        return checked

    def import_farms(
        self, parsed: exchange.ParseResult, *, skip_invalid: bool = False
    ) -> exchange.ImportReport:
        """Import parsed farms (upsert on UBN, audited) after :meth:`check_import`: with any
        problem nothing is written unless ``skip_invalid``, which writes the farms without
        problems. The caller commits when the report's ``written`` is true.

        A farm whose UBN is registered outside the user's reach is reported as created, like a
        free UBN (as :meth:`create_farm` answers), but neither written nor allowed to touch the
        other farm; an audit row ``create-refused`` records it for an admin."""
        checked = self.check_import(parsed)
        hidden = self._registered_elsewhere([f.ubn for f in checked.farms])
        writable = replace(checked, farms=[f for f in checked.farms if f.ubn not in hidden])
        report = exchange.import_farms(self._farms, writable, skip_invalid=skip_invalid)
        if report.written and hidden:
            for farm in checked.farms:
                if farm.ubn in hidden:
                    self._farms.refuse_create(farm)
            created = set(report.created) | hidden
            report.created = [f.ubn for f in checked.farms if f.ubn in created]
        return report

    # -- consents ------------------------------------------------------------------------------
    def consents(self, ubn: str) -> list[Consent]:
        self._visible(ubn)
        self._check("read", "consent", ubn)
        return self._consents.for_farm(ubn)

    def grant_consent(self, consent: Consent) -> Consent:
        self._visible(consent.farm_ubn)
        self._check("create", "consent", consent.farm_ubn)
        return self._consents.grant(consent)

    def consent_history(self, ubn: str) -> list[dict[str, Any]]:
        """Who granted or withdrew which consent of the farm, when (its audit rows)."""
        self._visible(ubn)
        self._check("read", "consent", ubn)
        return self._consents.history(ubn)

    def consent_parties(self, ubn: str) -> list[str]:
        """The usernames a consent of farm ``ubn`` can be granted to: the adviseurs. Shown only
        to who may grant one (the farm's farmer, an admin)."""
        self._visible(ubn)
        self._check("create", "consent", ubn)
        return sorted(u.username for u in self._users.list() if u.role == "adviseur")

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
