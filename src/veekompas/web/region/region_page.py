"""The region dashboard ``/regio`` and its twin ``/regio.json``: open data for anonymous and
``publiek`` users, the figures of the farms within reach for the other roles, with charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from veekompas.assess.rav_labels import category_label
from veekompas.charts import dashboard_charts, render_svg
from veekompas.charts.specs import stop_years_chart
from veekompas.geodata.regions import Region
from veekompas.labels_nl import INTENT_LABELS, SECTOR_LABELS
from veekompas.region.dashboard import Dashboard, public_dashboard, user_dashboard
from veekompas.region.registry import RegistryService
from veekompas.region.stops import registry_margins, stops_overview
from veekompas.region.surroundings import registry_members
from veekompas.web.plumbing.cache import cached, login_key
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates
from veekompas.web.region.region_choice import chosen_region, open_table, regions, regions_key

router = APIRouter(include_in_schema=False)
DB = DbSession


RegionSlug = Annotated[
    str | None,
    Query(max_length=60, description="region slug (default foodvalley); see the page's choice"),
]


def _view(request: Request, session: Session) -> tuple:
    """Who sees which figures: open data for anonymous and publiek, else the user's reach;
    with the region chosen and the omgeving's distance."""
    user, settings = request.state.user, request.app.state.settings
    region = chosen_region(request, request.query_params.get("regio"))
    where = (region.slug, region.members, settings.region_surroundings_m)
    if user is None or user.role == "publiek":
        rules = (settings.open_data_min_farms, settings.open_data_group_min_farms)
        return ("open", *rules, *where, regions_key(regions(request)))
    return (*RegistryService(session, user).view_key, *where, regions_key(regions(request)))


def _dashboard(request: Request, session: Session) -> Dashboard:
    """The user's figures for the chosen region, computed once per registry version and view
    (web/plumbing/cache.py)."""
    settings = request.app.state.settings
    region = chosen_region(request, request.query_params.get("regio"))
    where = (region, regions(request), settings.region_surroundings_m)
    key = ("dashboard", *_view(request, session))
    return cached(request, session, key, lambda: _with_stops(request, session, *where))


def _with_stops(request: Request, session: Session, region: Region, *rest: object) -> Dashboard:
    """The region's figures with the farmers' plans (region/stops.py). Open data: the plans
    of the whole registry, protected against the open-data table's registry row (per region
    they would be separate tables whose differences could reveal a hidden count)."""
    user, settings = request.state.user, request.app.state.settings
    rules = (settings.open_data_min_farms, settings.open_data_group_min_farms)
    if user is None or user.role == "publiek":
        table = open_table(request, session)
        data = public_dashboard(table, region, *rest)  # type: ignore[arg-type]
        margins = registry_margins(table)
        plans = stops_overview(session, user, *rules, open_margins=margins)
        return data.model_copy(update={"stops": plans})
    data = user_dashboard(session, user, region, *rest)  # type: ignore[arg-type]
    members = registry_members(session, region) if data.region_slug else None
    plans = stops_overview(session, user, *rules, municipalities=members)
    return data.model_copy(update={"stops": plans})


@router.get("/regio.json")
def region_json(request: Request, session: DB, regio: RegionSlug = None) -> Dashboard:
    return _dashboard(request, session)


@router.get("/regio", response_class=HTMLResponse)
def region_page(request: Request, session: DB, regio: RegionSlug = None) -> HTMLResponse:
    """Per gemeente: bedrijven, dierplaatsen, vergunde NH3 en voornemen, met grafieken, voor de
    gekozen regio (``?regio=``), en apart de omgeving.

    The page is rendered once per registry version and login session (web/plumbing/cache.py)."""
    asked = bool(request.query_params.get("regio"))  # the page's own links repeat ?regio=
    key = ("regio-page", login_key(request), asked, *_view(request, session))
    return HTMLResponse(cached(request, session, key, lambda: _render(request, session)))


def _render(request: Request, session: Session) -> bytes:
    data = _dashboard(request, session)
    asked = request.query_params.get("regio")
    regio_q = f"?regio={data.region_slug}" if asked and data.region_slug else ""
    # the specs go into <script type="application/json"> blocks through Jinja's ``tojson``,
    # which writes <, >, & and ' as \u003c... so no name can close the block
    charts = _charts(data)
    context = {
        "data": data,
        "charts": charts,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "active": "regio",
        "json_url": f"/regio.json{regio_q}",
        "regio_q": regio_q,
    }
    return bytes(templates.TemplateResponse(request, "region.html", context).body)


def _charts(data: Dashboard) -> dict[str, dict]:
    """The page's charts: per municipality, and the planned stops per year when there are any."""
    labels = {c: category_label(c) for c in data.categories}
    charts = dashboard_charts([r.model_dump() for r in data.municipalities], labels)
    if data.stops and data.stops.per_year:
        years = [y.model_dump() for y in data.stops.per_year]
        charts["stopjaren"] = stop_years_chart(years, data.stops.sectors)
    return charts


# chart files renamed since: the old name keeps working
RENAMED_CHARTS = {"intentie": "voornemen"}


@router.get("/regio/grafieken/{name}.svg")
def region_chart_svg(
    name: str, request: Request, session: DB, regio: RegionSlug = None
) -> Response:
    """One of the page's charts as an SVG file (same figures as the page for this user)."""
    if name in RENAMED_CHARTS:
        return RedirectResponse(f"/regio/grafieken/{RENAMED_CHARTS[name]}.svg", status_code=308)
    charts = _charts(_dashboard(request, session))
    if name not in charts:
        allowed = ", ".join(sorted(charts))
        raise HTTPException(404, f"name: onbekende grafiek {name!r}; kies uit {allowed}")
    key = ("chart-svg", name, *_view(request, session))
    svg = cached(request, session, key, lambda: render_svg(charts[name]))
    headers = {"Content-Disposition": f'inline; filename="regio-{name}.svg"'}
    return Response(svg, media_type="image/svg+xml", headers=headers)
