"""Write the demo region into the registry through the audited farm repository, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from veekompas.demo.guard import require_demo_registry
from veekompas.demo.region import DEMO_SEED, build_demo_region
from veekompas.errors import InputError
from veekompas.store.farms import FarmRepository

DEMO_USER = "demo"


@dataclass(frozen=True)
class LoadReport:
    """What a load did: ``skipped`` when the registry was not empty and ``if_empty`` was asked."""

    skipped: bool
    existing_farms: int
    created: int
    updated: int
    municipalities: int
    nh3_kg_per_year: float


def load_demo_region(
    session: Session, *, if_empty: bool = False, replace: bool = False, seed: int = DEMO_SEED
) -> LoadReport:
    """Add the demo farms in one transaction; the caller's session is committed on success.

    ``if_empty``: do nothing when the registry holds any farm. ``replace``: overwrite demo farms
    that exist already (same UBN); without it, existing demo farms make the load fail and
    nothing is written. A registry with a farm that is not a demo farm is refused
    (``InputError``), never written to (with ``if_empty`` it is skipped).
    """
    if if_empty and replace:
        raise InputError("--replace", "use either --if-empty or --replace, not both")
    repo = FarmRepository(session, DEMO_USER)
    farms = build_demo_region(seed)
    existing = len(repo.list(limit=1))
    report = dict(
        existing_farms=existing,
        municipalities=len({f.municipality for f in farms}),
        nh3_kg_per_year=sum(f.permitted_nh3_kg_per_year or 0.0 for f in farms),
    )
    if if_empty and existing:
        return LoadReport(skipped=True, created=0, updated=0, **report)
    require_demo_registry(session, users=False)
    created = updated = 0
    try:
        stored = repo.existing_ubns([f.ubn for f in farms])
        if stored and not replace:
            first = min(stored)
            raise InputError(
                "--replace",
                f"demo farm {first} is already in the registry; use --replace to write "
                "the demo region again or --if-empty to skip it",
            )
        for farm in farms:
            if farm.ubn in stored:
                current = repo.get(farm.ubn)
                repo.update(farm.model_copy(update={"version": current.version}))
                updated += 1
        created = repo.add_many([f for f in farms if f.ubn not in stored])
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return LoadReport(skipped=False, created=created, updated=updated, **report)
