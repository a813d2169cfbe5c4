"""``/import``: upload a registry CSV or XLSX, see every problem, then confirm the import.

Step 1 (POST ``/import``) parses the file, applies the user's reach
(``RegistryService.check_import``: a gemeente user only imports its own municipality) and keeps
the upload under a random token (:mod:`veekompas.web.farms.upload_store`). Step 2 (POST
``/import/bevestigen``) imports it all or nothing, or only the good rows. ``/import/{token}.json``
is the report's JSON twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from veekompas.domain.users import User
from veekompas.errors import InputError
from veekompas.reasons_nl import dutch_reason
from veekompas.region.registry import RegistryService
from veekompas.store import exchange
from veekompas.web.farms import upload_store
from veekompas.web.plumbing.body_limit import FORM_OVERHEAD
from veekompas.web.plumbing.deps import request_session
from veekompas.web.plumbing.page_access import page_user
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)

IMPORT_ROLES = ("admin", "regio", "gemeente")
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


def max_upload_bytes(request: Request) -> int:
    return request.app.state.settings.import_max_bytes


def _too_big(request: Request) -> str:
    megabytes = f"{max_upload_bytes(request) / 1024 / 1024:g}".replace(".", ",")
    return f"Het bestand is groter dan {megabytes} MB. Splits het op, bijvoorbeeld per gemeente."


def _report(parsed: exchange.ParseResult) -> dict[str, Any]:
    """The report: at most LISTED_PROBLEMS problems, then how many more per field."""
    summary = exchange.summarise(parsed.problems, parsed.unlisted)
    return {
        "farms_ok": len(parsed.farms),
        "ubns_ok": [f.ubn for f in parsed.farms],
        "skipped_ubns": parsed.skipped_ubns,
        "problems_total": summary.total,
        "problems": [
            {
                "unit": p.unit,
                "row": p.row,
                "field": p.field,
                "value": p.value,
                "reason": dutch_reason(p.reason),
            }
            for p in summary.listed
        ],
        "more_problems": summary.more,
        "more_problems_per_field": summary.more_per_field,
        # accepted as given, but worth a look (a municipality the location does not match)
        "warnings": [
            {"unit": w.unit, "row": w.row, "field": w.field, "value": w.value, "reason": w.reason}
            for w in parsed.warnings
        ],
    }


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    base = {
        "active": "import",
        "json_url": "/import.json",
        "error": None,
        "report": None,
        "max_mb": f"{max_upload_bytes(request) / 1024 / 1024:g}".replace(".", ","),
    }
    return templates.TemplateResponse(
        request, "import.html", {**base, **context}, status_code=status
    )


def _parse(request: Request, upload: upload_store.Upload) -> exchange.ParseResult:
    """The upload parsed within the app's import limits (records, bytes, unpacked bytes)."""
    bounds = exchange.ImportLimits.from_settings(request.app.state.settings)
    return exchange.parse(upload.data, upload.fmt, bounds)


def _check(request: Request, user: User, upload: upload_store.Upload) -> exchange.ParseResult:
    parsed = _parse(request, upload)
    with request.app.state.session_factory() as session:
        return RegistryService(session, user).check_import(parsed)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> Response:
    user = page_user(request, IMPORT_ROLES)
    return user if isinstance(user, Response) else _page(request)


@router.get("/import.json")
def import_form_json(request: Request) -> Response:
    user = page_user(request, IMPORT_ROLES)
    if isinstance(user, Response):
        return user
    return JSONResponse(
        {
            "formats": sorted(FORMATS.values()),
            "max_upload_bytes": max_upload_bytes(request),
            "expires_after_s": upload_store.UPLOAD_TTL_S,
            "user": user.model_dump(),
        }
    )


async def _read_upload(request: Request) -> tuple[str, bytes]:
    """The uploaded file's name and bytes; InputError naming ``bestand`` when it is missing,
    too big (Content-Length checked before the body is read) or not CSV/XLSX."""
    limit = max_upload_bytes(request)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit + FORM_OVERHEAD:
        raise InputError("bestand", _too_big(request))
    form = await request.form(max_files=1, max_fields=5)
    file = form.get("bestand")
    if not isinstance(file, UploadFile) or not file.filename:
        raise InputError("bestand", "Kies een CSV- of XLSX-bestand.")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise InputError("bestand", _too_big(request))
    if not data:
        raise InputError("bestand", "Het bestand is leeg.")
    return file.filename, data


@router.post("/import", response_class=HTMLResponse)
async def import_check(request: Request) -> Response:
    user = page_user(request, IMPORT_ROLES)
    if isinstance(user, Response):
        return user
    try:
        filename, data = await _read_upload(request)
    except InputError as exc:
        return _page(request, 422, error=exc.message)
    # parsing and checking are CPU and database work: in a worker thread, off the event loop
    return await run_in_threadpool(_check_upload, request, user, filename, data)


def _check_upload(request: Request, user: User, filename: str, data: bytes) -> Response:
    try:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix not in FORMATS:
            raise InputError("bestand", "Alleen .csv en .xlsx kunnen worden geïmporteerd.")
        fmt = FORMATS[suffix]
        token = upload_store.save(user.username, fmt, filename, data)
        upload = upload_store.load(token, user.username)
        assert upload is not None
    except InputError as exc:
        return _page(request, 422, error=exc.message)
    try:
        parsed = _check(request, user, upload)
    except InputError as exc:
        upload_store.discard(token)  # a file that cannot be read at all is not kept
        return _page(request, 422, error=dutch_reason(exc.message))
    report = _report(parsed)
    return _page(request, token=token, filename=filename, report=report)


@router.get("/import/{token}.json")
def import_report_json(request: Request, token: str) -> Response:
    user = page_user(request, IMPORT_ROLES)
    if isinstance(user, Response):
        return user
    upload = upload_store.load(token, user.username)
    if upload is None:
        return JSONResponse({"detail": "token: onbekend of verlopen"}, status_code=404)
    try:
        parsed = _check(request, user, upload)
    except InputError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    return JSONResponse({"filename": upload.filename, "format": upload.fmt, **_report(parsed)})


@router.post("/import/bevestigen", response_class=HTMLResponse)
async def import_confirm(request: Request) -> Response:
    user = page_user(request, IMPORT_ROLES)
    if isinstance(user, Response):
        return user
    form = await request.form(max_files=0, max_fields=5)
    token, mode = str(form.get("token", "")), str(form.get("modus", "alles"))
    return await run_in_threadpool(_confirm, request, user, token, mode)


def _confirm(request: Request, user: User, token: str, mode: str) -> Response:
    """Import the upload (parse and write, in a worker thread)."""
    upload = upload_store.load(token, user.username)
    if upload is None:
        message = "Deze upload is verlopen of onbekend. Laad het bestand opnieuw."
        return _page(request, 422, error=message)
    if mode not in ("alles", "goede"):
        return _page(request, 422, error="modus: kies 'alles' of 'goede'.")
    parsed = _parse(request, upload)
    with request_session(request) as session:
        done = RegistryService(session, user).import_farms(parsed, skip_invalid=mode == "goede")
        if done.written:
            session.commit()
            upload_store.discard(token)
        else:
            session.rollback()
    result = {
        "written": done.written,
        "created": len(done.created),
        "updated": len(done.updated),
        "unchanged": len(done.unchanged),
        "skipped": len(done.skipped),
        "problems": done.summary().total,
    }
    return _page(request, result=result, filename=upload.filename)
