"""A region's farms and its omgeving, by the registry's municipality field and the location.

A farm belongs to a region when its municipality (the registry's field, case-insensitive) is one
of the region's members. The region's *omgeving* are the farms that do not belong to it but lie
within a distance (``VEEKOMPAS_REGION_SURROUNDINGS_M``, default 5 km) of its outline, the union
of the members' CBS 2024 shapes; they are counted apart and never in the region's totals.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from veekompas.geodata.regions import Region
from veekompas.store.aggregates import municipality_names
from veekompas.store.models import FarmRow


def registry_members(session: Session, region: Region) -> list[str]:
    """The region's members as the registry spells them (only those with farms)."""
    wanted = {name.casefold() for name in region.municipality_names}
    return [n for n in municipality_names(session) if n.casefold() in wanted]


def surrounding_ubns(
    session: Session,
    region: Region,
    distance_m: float,
    ubns: Collection[str] | None = None,
) -> list[str]:
    """UBNs of the farms outside ``region`` within ``distance_m`` [m] of its outline (limited to
    ``ubns`` when given); a box around the outline is filtered in the database first."""
    x0, y0, x1, y1 = region.outline.bounds
    query = select(FarmRow.ubn, FarmRow.municipality, FarmRow.x_rd, FarmRow.y_rd).where(
        FarmRow.x_rd.between(x0 - distance_m, x1 + distance_m),
        FarmRow.y_rd.between(y0 - distance_m, y1 + distance_m),
    )
    if ubns is not None:
        query = query.where(FarmRow.ubn.in_(list(ubns)))
    members = {name.casefold() for name in region.municipality_names}
    rows = [r for r in session.execute(query) if r.municipality.casefold() not in members]
    if not rows:
        return []
    points = shapely.points(np.array([(r.x_rd, r.y_rd) for r in rows], dtype=float))
    near = shapely.dwithin(region.outline, points, distance_m)
    return sorted(r.ubn for r, keep in zip(rows, near, strict=True) if keep)
