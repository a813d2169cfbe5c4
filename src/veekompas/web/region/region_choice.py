"""Which region a request is about: ``?regio=<slug>`` (Regio Foodvalley when not given), from the
packaged regions, the provinces and the deployment's ``<VEEKOMPAS_DATA_DIR>/regions.csv``; and
the open-data table (one protected table for all regions), shared by ``/regio`` and the API."""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from veekompas.errors import unknown_value_message
from veekompas.geodata.regions import DEFAULT_REGION, Region, RegionFileError, all_regions
from veekompas.region.open_data import OpenDataTable, open_data
from veekompas.web.plumbing.cache import cached


def regions(request: Request) -> tuple[Region, ...]:
    """Every region to choose from; a bad regions file answers 500 with its one-line reason."""
    try:
        return all_regions(request.app.state.settings.data_dir)
    except RegionFileError as exc:
        raise HTTPException(500, f"regio: {exc}") from None


def chosen_region(request: Request, slug: str | None) -> Region:
    """The region called ``slug`` (default Regio Foodvalley); 422 naming the allowed slugs."""
    choices = regions(request)
    key = (slug or DEFAULT_REGION).strip().casefold()
    found = next((r for r in choices if r.slug == key), None)
    if found is None:
        detail = unknown_value_message("regio", slug, [r.slug for r in choices])
        raise HTTPException(422, f"regio: {detail}")
    return found


def regions_key(choices: tuple[Region, ...]) -> tuple:
    """What of the regions decides the open-data table (a part of cache keys)."""
    return tuple((r.name, r.members) for r in choices)


def open_table(request: Request, session: Session) -> OpenDataTable:
    """The protected table with a row per region, computed once per registry version."""
    settings = request.app.state.settings
    rules = (settings.open_data_min_farms, settings.open_data_group_min_farms)
    choices = regions(request)
    key = ("open-data", *rules, regions_key(choices))
    return cached(request, session, key, lambda: open_data(session, *rules, choices))
