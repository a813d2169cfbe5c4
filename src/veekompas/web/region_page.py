"""The region dashboard ``/regio`` and its twin ``/regio.json``: open data for anonymous and
``publiek`` users, the figures of the farms within reach for the other roles, with charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from veekompas.charts import dashboard_charts, render_svg
from veekompas.region.dashboard import Dashboard, dashboard
from veekompas.web.deps import db_session
from veekompas.web.templating import templates

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db_session)]

SECTOR_LABELS = {
    "vleeskalveren": "Vleeskalveren",
    "melkvee": "Melkvee",
    "varkens": "Varkens",
    "pluimvee": "Pluimvee",
    "overig": "Overig",
}
INTENT_LABELS = {"stopper": "Stopper", "blijver": "Blijver", "onbekend": "Onbekend"}


def _dashboard(request: Request, session: Session) -> Dashboard:
    settings = request.app.state.settings
    return dashboard(session, request.state.user, settings.open_data_min_farms)


@router.get("/regio.json")
def region_json(request: Request, session: DB) -> Dashboard:
    return _dashboard(request, session)


@router.get("/regio", response_class=HTMLResponse)
def region_page(request: Request, session: DB) -> HTMLResponse:
    """Per gemeente: bedrijven, dierplaatsen, vergunde NH3 en intentie, met grafieken."""
    data = _dashboard(request, session)
    rows = [r.model_dump() for r in data.municipalities]
    # the specs go into <script type="application/json"> blocks through Jinja's ``tojson``,
    # which writes <, >, & and ' as \u003c... so no name can close the block
    charts = dashboard_charts(rows)
    context = {
        "data": data,
        "charts": charts,
        "sector_labels": SECTOR_LABELS,
        "intent_labels": INTENT_LABELS,
        "active": "regio",
        "json_url": "/regio.json",
    }
    return templates.TemplateResponse(request, "region.html", context)


@router.get("/regio/grafieken/{name}.svg")
def region_chart_svg(name: str, request: Request, session: DB) -> Response:
    """One of the page's charts as an SVG file (same figures as the page for this user)."""
    rows = [r.model_dump() for r in _dashboard(request, session).municipalities]
    charts = dashboard_charts(rows)
    if name not in charts:
        allowed = ", ".join(sorted(charts))
        raise HTTPException(404, f"name: onbekende grafiek {name!r}; kies uit {allowed}")
    headers = {"Content-Disposition": f'inline; filename="regio-{name}.svg"'}
    return Response(render_svg(charts[name]), media_type="image/svg+xml", headers=headers)
