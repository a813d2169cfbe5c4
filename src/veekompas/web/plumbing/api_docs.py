"""The API documentation, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, from the vendored
copies in ``static/vendor`` (no CDN): they work offline and under the page policy, since Swagger
UI is started by ``static/api-docs.js`` instead of FastAPI's inline script."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor"
SWAGGER_JS = f"{VENDOR}/swagger-ui/swagger-ui-bundle.js"
SWAGGER_CSS = f"{VENDOR}/swagger-ui/swagger-ui.css"
SWAGGER_INIT_JS = "/static/api-docs.js"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"
FAVICON = "/static/favicon.svg"


def swagger_ui_html(openapi_url: str, title: str) -> str:
    """Swagger UI's page with only external scripts; the init script reads the schema's URL
    from the element's ``data-openapi-url``."""
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="{FAVICON}" type="image/svg+xml">
<link rel="stylesheet" href="{SWAGGER_CSS}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="{SWAGGER_JS}"></script>
<script src="{SWAGGER_INIT_JS}"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and ``/redoc``; the app is created with ``docs_url=None, redoc_url=None``."""
    openapi_url = app.openapi_url or "/openapi.json"
    title = f"{app.title} – API-documentatie"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger_ui_html(openapi_url, title))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=title,
            redoc_js_url=REDOC_JS,
            redoc_favicon_url=FAVICON,
            with_google_fonts=False,
        )
