"""A farm's municipality from its location (CBS 2024 boundaries), and the warning when a given
municipality does not match the location.

The boundaries are generalised (:data:`~veekompas.geodata.municipalities.GENERALISATION_M`), so a
location closer than that to the given municipality is taken as matching; the registry's own
field always wins (a mismatch is a warning, never an error). Geodata is imported on first use:
commands that never derive a municipality do not load shapely.
"""

from __future__ import annotations


def municipality_of_location(x_rd: float, y_rd: float) -> str | None:
    """The CBS name of the municipality at an RD New point [m]; None outside the Netherlands."""
    from veekompas.geodata.municipalities import municipality_at

    return municipality_at([x_rd], [y_rd])[0]


def municipality_warning(municipality: str, x_rd: float, y_rd: float) -> str | None:
    """A Dutch warning when the location lies in another municipality than ``municipality``,
    farther than the boundaries' generalisation from it; None when they match."""
    from veekompas.format_nl import number
    from veekompas.geodata.municipalities import (
        BOUNDARIES_YEAR,
        GENERALISATION_M,
        distance_to_municipality_m,
    )

    distance = distance_to_municipality_m(municipality, x_rd, y_rd)
    found = municipality_of_location(x_rd, y_rd)
    if distance is None:
        where = f"in de gemeente {found}" if found else "buiten Nederland"
        return (
            f"Let op: {municipality!r} is geen gemeente van {BOUNDARIES_YEAR} (CBS); de ligging "
            f"ligt {where}. De opgegeven gemeente is overgenomen."
        )
    if distance <= GENERALISATION_M:
        return None
    where = f"in de gemeente {found}" if found else "buiten Nederland"
    return (
        f"Let op: de ligging ligt {where}, {number(distance / 1000, 1)} km buiten de opgegeven "
        f"gemeente {municipality}. De opgegeven gemeente is overgenomen; controleer de ligging."
    )
