"""Keep demo data out of real registries: the demo region and the demo users (one shared,
published password) go only into an empty registry or one that holds demo data alone.

A demo farm is one with a UBN of the demo region (``9000001`` ... ``9003567``, one per demo
source: ``region.ubn_of``) or a synthetic farm of the larger speed-check region
(``demo.large``: ``9100001`` ... ``9199999``); a demo user is one of
``users.DEMO_USERNAMES``. Any other farm or user makes the registry a real one. ``make run``
keeps its demo registry in ``data/demo``.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veekompas.demo import data
from veekompas.demo.large import SYNTHETIC_UBN_START
from veekompas.demo.region import ubn_of
from veekompas.errors import InputError
from veekompas.store.models import FarmRow, UserRow

DEMO_USERNAMES = (
    "demo-admin",
    "demo-regio",
    "demo-ede",
    "demo-adviseur",
    "demo-publiek",
    "demo-boer",
)
WHERE = "(make run keeps its demo in data/demo)"
SYNTHETIC_FIRST, SYNTHETIC_LAST = str(SYNTHETIC_UBN_START), "9199999"


@cache
def demo_ubns() -> frozenset[str]:
    """The UBNs of the demo region's farms."""
    return frozenset(ubn_of(sid) for sid in data.sources().source_id)


def first_real_farm(session: Session) -> str | None:
    """UBN of a farm in the registry that is not a demo farm, or None."""
    ubns = sorted(demo_ubns())
    synthetic = FarmRow.ubn.between(SYNTHETIC_FIRST, SYNTHETIC_LAST) & (
        func.length(FarmRow.ubn) == len(SYNTHETIC_FIRST)
    )
    query = select(FarmRow.ubn).where(FarmRow.ubn.not_in(ubns), ~synthetic)
    return session.scalar(query.order_by(FarmRow.ubn).limit(1))


def first_real_user(session: Session) -> str | None:
    """Name of a user in the registry that is not a demo user, or None."""
    query = select(UserRow.username).where(UserRow.username.not_in(DEMO_USERNAMES))
    return session.scalar(query.order_by(UserRow.username).limit(1))


def require_demo_registry(session: Session, *, users: bool) -> None:
    """Refuse (``InputError``, one line) when the registry holds a farm that is not a demo farm
    or, with ``users``, a user that is not a demo user. Reads only."""
    field = "--users" if users else "registry"
    what = "demo users only go" if users else "the demo region only goes"
    if (ubn := first_real_farm(session)) is not None:
        raise InputError(
            field,
            f"the registry holds farm {ubn}, not a demo farm; {what} into a demo registry {WHERE}",
        )
    if users and (name := first_real_user(session)) is not None:
        raise InputError(
            field,
            f"the registry holds user {name!r}, not a demo user; {what} into a demo "
            f"registry {WHERE}",
        )
