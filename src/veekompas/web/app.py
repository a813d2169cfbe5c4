"""The FastAPI application: JSON API under ``/api/v1`` and Dutch HTML pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from threadpoolctl import threadpool_limits

from veekompas import __version__
from veekompas.settings import Settings
from veekompas.store.db import make_engine, session_factory, write_session_factory
from veekompas.web.accounts import auth, login_pages
from veekompas.web.accounts.user_pages import router as user_pages_router
from veekompas.web.assessment import api, pages
from veekompas.web.consents.consent_pages import router as consent_pages_router
from veekompas.web.farms import registry_api, scan_api
from veekompas.web.farms.farm_edit import router as farm_edit_router
from veekompas.web.farms.farm_list import router as farm_list_router
from veekompas.web.farms.farm_pages import router as farm_pages_router
from veekompas.web.farms.import_pages import router as import_pages_router
from veekompas.web.map.borders_api import router as map_borders_router
from veekompas.web.map.map_api import router as map_api_router
from veekompas.web.map.map_page import router as map_page_router
from veekompas.web.map.map_search import router as map_search_router
from veekompas.web.plumbing import api_docs, csrf, errors, security_headers
from veekompas.web.plumbing.admission import AdmissionLimit, admitted_requests, size_worker_threads
from veekompas.web.plumbing.body_limit import BodySizeLimit, route_limits
from veekompas.web.plumbing.cache import VersionedCache
from veekompas.web.region.open_data import router as open_data_router
from veekompas.web.region.region_page import router as region_page_router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app on the registry database of ``settings`` (default: from the environment).

    The database must be migrated (``veekompas db upgrade``; ``serve`` does it on start)."""
    settings = settings or Settings()
    admitted = settings.max_concurrent_requests
    # Requests run in parallel threads: BLAS threads inside each would oversubscribe the cores
    # (open data went from 8 to 230 ms per call under load). One BLAS thread per request thread.
    threadpool_limits(limits=1, user_api="blas")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        size_worker_threads(admitted)
        yield

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served from vendored assets: web/plumbing/api_docs.py
        redoc_url=None,
        title="veekompas API",
        version=__version__,
        description=(
            "Bedrijfsomvang (nge, bss, SO), bedrijfstype, arbeidsbehoefte (VAK, mensjaren) en het "
            "woningcriterium, met de normtabellen en hun bronnen. Foute invoer geeft 422 met één "
            "regel die het veld en de toegestane waarden noemt."
        ),
    )
    app.state.settings = settings
    # Two pooled connections per admitted request at most (see web/plumbing/admission.py).
    engine = make_engine(settings.resolved_database_url(), pool_size=admitted_requests(admitted))
    app.state.session_factory = session_factory(engine)
    app.state.write_session_factory = write_session_factory(engine)
    app.state.cache = VersionedCache()
    errors.install(app)
    api_docs.install(app)
    app.include_router(api.router)
    app.include_router(auth.router)
    app.include_router(registry_api.router)
    app.include_router(scan_api.router)
    app.include_router(open_data_router)
    app.include_router(pages.router)
    app.include_router(login_pages.router)
    app.include_router(import_pages_router)
    app.include_router(user_pages_router)
    app.include_router(region_page_router)
    app.include_router(farm_edit_router)
    app.include_router(farm_list_router)
    app.include_router(farm_pages_router)
    app.include_router(consent_pages_router)
    app.include_router(map_api_router)
    app.include_router(map_borders_router)
    app.include_router(map_page_router)
    app.include_router(map_search_router)
    # Middleware, innermost first (the last added runs first): the CSRF check of cookie writes
    # (web/plumbing/csrf.py) inside the page user, so its refusal page shows who is logged in; the
    # admission limit; the body limit; security headers outermost, on every answer.
    csrf.install(app)
    app.add_middleware(login_pages.PageUser)
    app.add_middleware(AdmissionLimit, limit=admitted)
    app.add_middleware(BodySizeLimit, limit_for=route_limits(settings))
    security_headers.install(app, settings.basemap)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/kaart")

    return app
