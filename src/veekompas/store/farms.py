"""Farm repository: reads and writes registry farms as domain records, audits every write.

Concurrent edits: a write carries the version it read; a stale version raises
:class:`ConflictError` (the API answers 409) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from veekompas.domain.registry import (
    AnimalGroup,
    Housing,
    Location,
    RegistryCrop,
    RegistryFarm,
    Succession,
)
from veekompas.errors import InputError
from veekompas.store.db import is_write_conflict
from veekompas.store.models import (
    AnimalGroupRow,
    AuditRow,
    CropRow,
    FarmRow,
    HousingRow,
    SuccessionRow,
)

# Sort keys of farm listings; a missing permitted NH3 sorts as -1 (before every real value).
SORT_KEYS: dict[str, Any] = {
    "ubn": FarmRow.ubn,
    "name": FarmRow.name,
    "municipality": FarmRow.municipality,
    "permitted_nh3_kg_per_year": func.coalesce(FarmRow.permitted_nh3_kg_per_year, -1.0),
}


def sort_value(farm: RegistryFarm, sort: str) -> Any:
    """The value of ``farm`` under sort key ``sort``, as the database compares it."""
    name = sort.removeprefix("-")
    if name == "permitted_nh3_kg_per_year":
        nh3 = farm.permitted_nh3_kg_per_year
        return -1.0 if nh3 is None else nh3
    if name == "municipality":
        return farm.municipality
    return getattr(farm, name)


class FarmPoint(NamedTuple):
    """A farm on a map: identity, grouping and location (RD New [m])."""

    ubn: str
    name: str
    municipality: str
    sector: str
    intent: str
    x_rd: float
    y_rd: float
    permitted_nh3_kg_per_year: float | None
    place: str | None = None


class ConflictError(Exception):
    """The farm changed since the writer read it (version mismatch)."""


class NotFoundError(LookupError):
    pass


def _housing(h: HousingRow) -> Housing:
    return Housing(
        stalsysteem_code=h.stalsysteem_code,
        animal_category=h.animal_category,
        dierplaatsen=h.dierplaatsen,
        year_built=h.year_built,
    )


def _load_all() -> tuple:
    return (
        selectinload(FarmRow.housings),
        selectinload(FarmRow.animals),
        selectinload(FarmRow.crops),
        selectinload(FarmRow.succession),
    )


def to_domain(row: FarmRow) -> RegistryFarm:
    s = row.succession
    return RegistryFarm(
        ubn=row.ubn,
        name=row.name,
        kvk=row.kvk,
        municipality=row.municipality,
        sector=row.sector,
        location=Location(x_rd=row.x_rd, y_rd=row.y_rd, place=row.place),
        housings=tuple(_housing(h) for h in row.housings),
        animals=tuple(
            AnimalGroup(category=a.category, count=a.count, counted_on=a.counted_on)
            for a in row.animals
        ),
        crops=tuple(RegistryCrop(crop=c.crop, ha=c.ha, own_fodder=c.own_fodder) for c in row.crops),
        succession=Succession(
            farmer_birth_year=s.farmer_birth_year,
            successor=s.successor,
            intent=s.intent,
            planned_stop_year=s.planned_stop_year,
            buyout_scheme=s.buyout_scheme,
        )
        if s
        else Succession(),
        permitted_nh3_kg_per_year=row.permitted_nh3_kg_per_year,
        version=row.version,
    )


def _fill(row: FarmRow, farm: RegistryFarm) -> None:
    row.ubn, row.name, row.kvk, row.municipality = farm.ubn, farm.name, farm.kvk, farm.municipality
    row.sector = farm.sector
    row.x_rd, row.y_rd, row.place = farm.location.x_rd, farm.location.y_rd, farm.location.place
    row.permitted_nh3_kg_per_year = farm.permitted_nh3_kg_per_year
    row.housings = [HousingRow(**h.model_dump()) for h in farm.housings]
    row.animals = [AnimalGroupRow(**a.model_dump()) for a in farm.animals]
    row.crops = [CropRow(**c.model_dump()) for c in farm.crops]
    row.succession = SuccessionRow(**farm.succession.model_dump())


def _snapshot(farm: RegistryFarm | None) -> dict[str, Any] | None:
    return None if farm is None else farm.model_dump(mode="json", exclude={"version"})


NO_SCHEME = ""  # the buyout_scheme filter value of farms in no buy-out scheme


@dataclass(frozen=True)
class SuccessionFilter:
    """Filters on the farmer and his plans; None = no filter. Year bounds are inclusive; a
    bound on the birth or stop year leaves out farms without that year. ``buyout_scheme`` is a
    scheme's name as stored, or :data:`NO_SCHEME` for farms in none."""

    successor: str | None = None
    born_from: int | None = None
    born_until: int | None = None
    stop_from: int | None = None
    stop_until: int | None = None
    buyout_scheme: str | None = None

    def conditions(self) -> list[Any]:
        s = SuccessionRow
        found: list[Any] = []
        if self.successor:
            found.append(func.coalesce(s.successor, "onbekend") == self.successor)
        for column, low, high in (
            (s.farmer_birth_year, self.born_from, self.born_until),
            (s.planned_stop_year, self.stop_from, self.stop_until),
        ):
            if low is not None:
                found.append(column >= low)
            if high is not None:
                found.append(column <= high)
        if self.buyout_scheme == NO_SCHEME:
            found.append(func.coalesce(s.buyout_scheme, "") == "")
        elif self.buyout_scheme is not None:
            found.append(s.buyout_scheme == self.buyout_scheme)
        return found


def _filtered(
    query: Any,
    municipality: str | None,
    sector: str | None,
    intent: str | None,
    ubns: Collection[str] | None,
    search: str | None,
    succession: SuccessionFilter | None = None,
) -> Any:
    """``query`` over FarmRow limited by the list filters (see :meth:`FarmRepository.list`)."""
    if municipality:
        query = query.where(FarmRow.municipality == municipality)
    if sector:
        query = query.where(FarmRow.sector == sector)
    on_plans = succession.conditions() if succession else []
    if intent or on_plans:
        query = query.outerjoin(SuccessionRow, SuccessionRow.farm_id == FarmRow.id)
    if intent:
        query = query.where(func.coalesce(SuccessionRow.intent, "onbekend") == intent)
    if on_plans:
        query = query.where(*on_plans)
    if ubns is not None:
        query = query.where(FarmRow.ubn.in_(list(ubns)))
    if search:
        query = query.where(
            or_(
                FarmRow.ubn.startswith(search, autoescape=True),
                FarmRow.name.icontains(search, autoescape=True),
            )
        )
    return query


class FarmRepository:
    """Farms of the registry in one SQLAlchemy session; the caller commits."""

    def __init__(self, session: Session, username: str) -> None:
        self.session = session
        self.username = username

    def _row(self, ubn: str) -> FarmRow | None:
        query = select(FarmRow).where(FarmRow.ubn == ubn).options(*_load_all())
        return self.session.scalars(query).one_or_none()

    def get(self, ubn: str) -> RegistryFarm:
        row = self._row(ubn)
        if row is None:
            raise NotFoundError(f"ubn: no farm with UBN {ubn!r}")
        return to_domain(row)

    def list(
        self,
        *,
        municipality: str | None = None,
        sector: str | None = None,
        intent: str | None = None,
        ubns: Collection[str] | None = None,
        sort: str = "ubn",
        after: tuple[Any, str] | None = None,
        after_ubn: str | None = None,
        limit: int = 50,
        search: str | None = None,
        succession: SuccessionFilter | None = None,
    ) -> list[RegistryFarm]:
        """One page of farms, filtered, in ``sort`` order (a key of ``SORT_KEYS``, ``-`` for
        descending) with the UBN as tie-breaker.

        Keyset pagination: ``after`` = (sort value, UBN) of the last farm of the previous page
        (see :func:`sort_value`); ``after_ubn`` is the same for the default UBN order. ``ubns``
        limits the page to those farms (an empty collection gives nothing). ``search`` keeps the
        farms whose UBN starts with it or whose name contains it (case-insensitive);
        ``succession`` filters on the farmer and his plans."""
        if not 1 <= limit <= 1000:
            raise InputError("limit", f"{limit} is out of range; allowed 1 to 1000")
        descending = sort.startswith("-")
        name = sort.removeprefix("-")
        if name not in SORT_KEYS:
            allowed = ", ".join(f"{k}, -{k}" for k in SORT_KEYS)
            raise InputError("sort", f"unknown sort key {sort!r}; allowed: {allowed}")
        key = SORT_KEYS[name]
        order = (key.desc(), FarmRow.ubn.desc()) if descending else (key, FarmRow.ubn)
        query = select(FarmRow).order_by(*order).limit(limit)
        query = _filtered(query, municipality, sector, intent, ubns, search, succession)
        if after_ubn is not None and after is None:
            after = (after_ubn, after_ubn) if name == "ubn" else None
        if after is not None:
            edge = tuple_(key, FarmRow.ubn)
            query = query.where(edge < after if descending else edge > after)
        query = query.options(*_load_all())
        return [to_domain(r) for r in self.session.scalars(query)]

    def count(
        self,
        *,
        municipality: str | None = None,
        sector: str | None = None,
        intent: str | None = None,
        ubns: Collection[str] | None = None,
        search: str | None = None,
        succession: SuccessionFilter | None = None,
    ) -> int:
        """How many farms :meth:`list` pages through with the same filters."""
        query = _filtered(
            select(func.count()).select_from(FarmRow),
            *(municipality, sector, intent, ubns, search, succession),
        )
        return int(self.session.scalar(query) or 0)

    def buyout_schemes(
        self, *, municipality: str | None = None, ubns: Collection[str] | None = None
    ) -> list[str]:
        """The buy-out schemes named by farms (of ``municipality``, or of ``ubns``), sorted."""
        query = (
            select(SuccessionRow.buyout_scheme)
            .join(FarmRow, FarmRow.id == SuccessionRow.farm_id)
            .where(func.coalesce(SuccessionRow.buyout_scheme, "") != "")
            .distinct()
        )
        if municipality is not None:
            query = query.where(FarmRow.municipality == municipality)
        if ubns is not None:
            query = query.where(FarmRow.ubn.in_(list(ubns)))
        return sorted(self.session.scalars(query))

    def points(
        self, *, municipality: str | None = None, ubns: Collection[str] | None = None
    ) -> list[FarmPoint]:
        """Every farm (of ``municipality``, or of ``ubns``) as a light record for maps: one query,
        no barns or animals loaded; ordered by UBN."""
        query = (
            select(
                FarmRow.ubn,
                FarmRow.name,
                FarmRow.municipality,
                FarmRow.sector,
                func.coalesce(SuccessionRow.intent, "onbekend"),
                FarmRow.x_rd,
                FarmRow.y_rd,
                FarmRow.permitted_nh3_kg_per_year,
                FarmRow.place,
            )
            .outerjoin(SuccessionRow, SuccessionRow.farm_id == FarmRow.id)
            .order_by(FarmRow.ubn)
        )
        if municipality is not None:
            query = query.where(FarmRow.municipality == municipality)
        if ubns is not None:
            query = query.where(FarmRow.ubn.in_(list(ubns)))
        return [FarmPoint(*row) for row in self.session.execute(query)]

    def iter_all(self, batch: int = 500) -> Iterator[RegistryFarm]:
        after = None
        while page := self.list(after_ubn=after, limit=batch):
            yield from page
            after = page[-1].ubn

    def add(self, farm: RegistryFarm) -> RegistryFarm:
        if self._row(farm.ubn) is not None:
            raise ConflictError(f"ubn: a farm with UBN {farm.ubn} exists already")
        row = FarmRow()
        _fill(row, farm)
        self.session.add(row)
        self.session.flush()
        saved = to_domain(row)
        self._audit("create", row.farm_uid, None, saved)
        return saved

    def refuse_create(self, farm: RegistryFarm) -> None:
        """Audit a create that was refused without an answer saying so (action
        ``create-refused``, with the farm as sent); in no farm's history."""
        self._audit("create-refused", None, None, farm)

    def existing_ubns(self, ubns: Collection[str], batch: int = 1000) -> set[str]:
        """Which of ``ubns`` are in the registry (one query per ``batch`` UBNs)."""
        ubns, found = list(ubns), set()
        for start in range(0, len(ubns), batch):
            chunk = ubns[start : start + batch]
            found |= set(self.session.scalars(select(FarmRow.ubn).where(FarmRow.ubn.in_(chunk))))
        return found

    def add_many(self, farms: Collection[RegistryFarm], batch: int = 1000) -> int:
        """Add many new farms at once (bulk path of loads and large imports), each audited as
        :meth:`add` does; one query checks the UBNs, one flush per ``batch`` farms. Any UBN that
        exists already (or twice in ``farms``) raises ConflictError before anything is added."""
        farms = list(farms)
        ubns = [f.ubn for f in farms]
        seen: set[str] = set()
        twice = sorted({u for u in ubns if u in seen or seen.add(u)})
        taken = set(twice) | self.existing_ubns(ubns)
        if taken:
            shown = ", ".join(sorted(taken)[:5]) + (" ..." if len(taken) > 5 else "")
            raise ConflictError(f"ubn: farms with UBN {shown} exist already")
        for start in range(0, len(farms), batch):
            rows = []
            for farm in farms[start : start + batch]:
                row = FarmRow()
                _fill(row, farm)
                rows.append(row)
            self.session.add_all(rows)
            self.session.flush()
            for row in rows:
                self._audit("create", row.farm_uid, None, to_domain(row))
        return len(farms)

    def update(self, farm: RegistryFarm) -> RegistryFarm:
        """Replace a farm's data; ``farm.version`` must be the version read, else ConflictError."""
        row = self._row(farm.ubn)
        if row is None:
            raise NotFoundError(f"ubn: no farm with UBN {farm.ubn!r}")
        if row.version != farm.version:
            raise ConflictError(
                f"version: farm {farm.ubn} is at version {row.version}, the edit was based on "
                f"version {farm.version}; reload and try again"
            )
        before = to_domain(row)
        if _snapshot(before) == _snapshot(farm):
            return before
        _fill(row, farm)
        # A change to barns, animals, crops or succession alone leaves the farm row's columns
        # as they were, and SQLAlchemy then issues no UPDATE and bumps no version: stamp it.
        row.updated_at = func.now()
        try:  # UPDATE ... WHERE id = :id AND version = :v, its row count checked (version_id_col)
            self.session.flush()
        except StaleDataError:
            raise ConflictError(f"version: farm {farm.ubn} was changed by someone else") from None
        except DBAPIError as exc:  # the database itself saw the concurrent write first
            if not is_write_conflict(exc):
                raise
            raise ConflictError(f"version: farm {farm.ubn} was changed by someone else") from None
        saved = to_domain(row)
        self._audit("update", row.farm_uid, before, saved)
        return saved

    def delete(self, ubn: str) -> None:
        row = self._row(ubn)
        if row is None:
            raise NotFoundError(f"ubn: no farm with UBN {ubn!r}")
        before, farm_uid = to_domain(row), row.farm_uid
        self.session.delete(row)
        self.session.flush()
        self._audit("delete", farm_uid, before, None)

    def _audit(
        self,
        action: str,
        farm_uid: str | None,
        before: RegistryFarm | None,
        after: RegistryFarm | None,
    ) -> None:
        """An audit row of the farm's lifetime ``farm_uid`` (None: a write that never happened,
        such as a refused create; kept for admins, in no farm's history)."""
        ubn = (after or before).ubn  # type: ignore[union-attr]
        entry = AuditRow(username=self.username, action=action, entity="farm", entity_key=ubn)
        entry.farm_uid = farm_uid
        entry.before, entry.after = _snapshot(before), _snapshot(after)
        self.session.add(entry)

    def history(self, ubn: str) -> list[dict[str, Any]]:
        """The writes of the farm now registered under ``ubn``, in order; not those of an earlier
        farm with the same UBN that was deleted (they belong to another lifetime)."""
        farm_uid = self.session.scalar(select(FarmRow.farm_uid).where(FarmRow.ubn == ubn))
        if farm_uid is None:
            return []
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.entity == "farm", AuditRow.farm_uid == farm_uid)
            .order_by(AuditRow.id)
        )
        keys = ("at", "username", "action", "before", "after")
        return [{k: getattr(r, k) for k in keys} for r in rows]
