"""The region dashboard ``/regio`` and its twin ``/regio.json``: open data for anonymous and
``publiek`` users, the figures of the farms within reach for the other roles, with charts."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from veekompas.assess.rav_labels import category_label
from veekompas.charts import dashboard_charts, render_svg
from veekompas.charts.specs import stop_years_chart
from veekompas.region.dashboard import Dashboard, dashboard
from veekompas.region.registry import RegistryService
from veekompas.region.stops import stops_overview
from veekompas.web.plumbing.cache import cached, login_key
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
DB = DbSession

SECTOR_LABELS = {
    "vleeskalveren": "Vleeskalveren",
    "melkvee": "Melkvee",
    "varkens": "Varkens",
    "pluimvee": "Pluimvee",
    "overig": "Overig",
}
INTENT_LABELS = {"stopper": "Stopper", "blijver": "Blijver", "onbekend": "Onbekend"}


def _view(request: Request, session: Session) -> tuple:
    """Who sees which figures: open data for anonymous and publiek, else the user's reach."""
    user, settings = request.state.user, request.app.state.settings
    if user is None or user.role == "publiek":
        return ("open", settings.open_data_min_farms, settings.open_data_group_min_farms)
    return RegistryService(session, user).view_key


def _dashboard(request: Request, session: Session) -> Dashboard:
    """The user's figures, computed once per registry version and view (web/plumbing/cache.py)."""
    settings = request.app.state.settings
    rules = (settings.open_data_min_farms, settings.open_data_group_min_farms)
    key = ("dashboard", *_view(request, session))
    return cached(request, session, key, lambda: _with_stops(request, session, rules))


def _with_stops(request: Request, session: Session, rules: tuple[int, int]) -> Dashboard:
    """The dashboard with the farmers' plans (region/stops.py), protected as its open data."""
    data = dashboard(session, request.state.user, *rules)
    region = data.region
    margins = (region.farms_per_sector, region.farms_per_intent, region.farms)
    plans = stops_overview(session, request.state.user, *rules, open_margins=margins)
    return data.model_copy(update={"stops": plans})


@router.get("/regio.json")
def region_json(request: Request, session: DB) -> Dashboard:
    return _dashboard(request, session)


@router.get("/regio", response_class=HTMLResponse)
def region_page(request: Request, session: DB) -> HTMLResponse:
    """Per gemeente: bedrijven, dierplaatsen, vergunde NH3 en voornemen, met grafieken.

    The page is rendered once per registry version and login session (web/plumbing/cache.py)."""
    key = ("regio-page", login_key(request), *_view(request, session))
    return HTMLResponse(cached(request, session, key, lambda: _render(request, session)))


def _render(request: Request, session: Session) -> bytes:
    data = _dashboard(request, session)
    # the specs go into <script type="application/json"> blocks through Jinja's ``tojson``,
    # which writes <, >, & and ' as \u003c... so no name can close the block
    charts = _charts(data)
    context = {
        "data": data,
        "charts": charts,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "active": "regio",
        "json_url": "/regio.json",
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
def region_chart_svg(name: str, request: Request, session: DB) -> Response:
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
