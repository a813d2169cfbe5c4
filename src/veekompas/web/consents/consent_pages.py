"""The farmer's consent page ``/mijn-bedrijf/toestemmingen`` (and ``.json``): who may see or edit
his farm's registry data, a form to grant a consent to an adviseur and a button per consent to
withdraw it, and the consents' history from the audit log.

Every read and write goes through :class:`veekompas.region.registry.RegistryService` (the same
``grant_consent``/``withdraw_consent`` as the API, audited in ``store/consents.py``). Role boer
works on the farms in his reach (a choice appears when there are several); an admin names the
farm by its UBN. Forms carry the CSRF token (checked by ``web/plumbing/csrf.py``); bad input
answers 422 with a Dutch message next to the field and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from veekompas.domain.limits import MAX_DATE, MIN_DATE
from veekompas.domain.users import DATA_SCOPES, Consent, User
from veekompas.errors import Forbidden, InputError
from veekompas.region.registry import RegistryService
from veekompas.store.farms import ConflictError, NotFoundError
from veekompas.web.plumbing.deps import DbSession
from veekompas.web.plumbing.page_access import page_user
from veekompas.web.plumbing.templating import templates

router = APIRouter(include_in_schema=False)
PATH = "/mijn-bedrijf/toestemmingen"
ROLES = ("boer", "admin")  # the roles that may grant and withdraw consents (region/access.py)
SCOPE_LABELS = {"inzien": "inzien (alleen lezen)", "bewerken": "bewerken (lezen en wijzigen)"}
ACTION_LABELS = {"create": "verleend", "delete": "ingetrokken"}
DONE = {"verleend": "De toestemming is verleend.", "ingetrokken": "De toestemming is ingetrokken."}
NOT_FOUND = "Dit bedrijf bestaat niet of valt buiten uw bereik."
MAX_PURPOSE = 200
ConsentId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class Refused(Exception):
    """The page cannot be shown: status 404 (farm or consent not within reach)."""


def farm_choices(registry: RegistryService) -> list[str] | None:
    """The UBNs the user chooses from, or None when any farm may be named (an admin)."""
    reach = registry.farm_reach
    return None if reach.everything else sorted(reach.ubns or ())


def chosen_farm(choices: list[str] | None, asked: str) -> str | None:
    """The farm the page is about: the asked UBN, or the only one there is; None: not chosen yet.
    An asked UBN outside ``choices`` (or not a UBN) is :class:`Refused`."""
    asked = asked.strip()
    if not asked:
        return choices[0] if choices and len(choices) == 1 else None
    if not (asked.isdigit() and len(asked) <= 10) or (choices is not None and asked not in choices):
        raise Refused
    return asked


def datum(day: str | dt.date | None) -> str:
    """A date (ISO text or date) as Dutch ``dd-mm-jjjj``; ``–`` when there is none."""
    if not day:
        return "–"
    return (dt.date.fromisoformat(day) if isinstance(day, str) else day).strftime("%d-%m-%Y")


def status_of(consent: Consent, today: dt.date) -> str:
    if consent.valid_on(today):
        return "geldig"
    return "nog niet geldig" if today < consent.valid_from else "verlopen"


def page_data(registry: RegistryService, asked: str) -> dict[str, Any]:
    """What the page shows for the asked farm (also the ``.json`` twin)."""
    choices = farm_choices(registry)
    ubn = chosen_farm(choices, asked)
    data: dict[str, Any] = {"choices": choices, "ubn": ubn, "farm": None}
    if ubn is None:
        return data
    try:
        farm = registry.get_farm(ubn)
        consents = registry.consents(ubn)
        data |= {
            "farm": {"ubn": farm.ubn, "name": farm.name, "municipality": farm.municipality},
            "consents": [
                c.model_dump(mode="json") | {"status": status_of(c, registry.today)}
                for c in consents
            ],
            "history": registry.consent_history(ubn),
            "parties": registry.consent_parties(ubn),
        }
    except (NotFoundError, Forbidden):
        raise Refused from None
    return data


def read_consent(ubn: str, values: dict[str, str], parties: list[str], today: dt.date):  # type: ignore[no-untyped-def]
    """The consent the grant form describes, or None and a Dutch message per wrong field."""
    errors: dict[str, str] = {}
    party = values.get("party", "")
    if party not in parties:
        errors["party"] = "Kies een adviseur uit de lijst."
    scope = values.get("data_scope", "")
    if scope not in DATA_SCOPES:
        errors["data_scope"] = "Kies inzien of bewerken."
    purpose = values.get("purpose", "").strip()
    if not purpose or len(purpose) > MAX_PURPOSE:
        errors["purpose"] = f"Vul een doel in van ten hoogste {MAX_PURPOSE} tekens."
    dates: dict[str, dt.date | None] = {}
    for field, required in (("valid_from", True), ("valid_to", False)):
        text = values.get(field, "").strip()
        if not text and not required:
            dates[field] = None
            continue
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            errors[field] = "Vul een datum in als jjjj-mm-dd (bijvoorbeeld 2026-12-01)."
            continue
        if not MIN_DATE <= day <= MAX_DATE:
            errors[field] = (
                f"Kies een datum van {MIN_DATE:%d-%m-%Y} tot en met {MAX_DATE:%d-%m-%Y}."
            )
        else:
            dates[field] = day
    start, end = dates.get("valid_from"), dates.get("valid_to")
    if start and end and end < start:
        errors["valid_to"] = "De einddatum ligt vóór de begindatum."
    elif end and end < today:
        errors["valid_to"] = "De einddatum ligt in het verleden."
    if errors:
        return None, errors
    consent = Consent(farm_ubn=ubn, party=party, purpose=purpose, data_scope=scope,
                      valid_from=start, valid_to=end)  # fmt: skip
    return consent, {}


def _default_values(today: dt.date) -> dict[str, str]:
    return {"data_scope": "inzien", "valid_from": today.isoformat()}


def _render(
    request: Request,
    data: dict[str, Any],
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    done = request.query_params.get("gedaan", "")
    context = {
        **data,
        "values": values if values is not None else _default_values(dt.date.today()),
        "errors": errors or {},
        "done": DONE.get(done),
        "scope_labels": SCOPE_LABELS,
        "datum": datum,
        "action_labels": ACTION_LABELS,
        "path": PATH,
        "active": "toestemmingen",
        "json_url": f"{PATH}.json" + (f"?ubn={data['ubn']}" if data.get("ubn") else ""),
    }
    return templates.TemplateResponse(request, "consents.html", context, status_code=status)


def _not_found(request: Request) -> Response:
    context = {"title": "Niet gevonden", "text": NOT_FOUND, "json_url": f"{PATH}.json"}
    return templates.TemplateResponse(request, "page_message.html", context, status_code=404)


def _back(ubn: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"{PATH}?{urlencode({'ubn': ubn, 'gedaan': done})}", status_code=303)


@router.get(f"{PATH}.json")
def consents_json(request: Request, session: DbSession) -> Response:
    user = getattr(request.state, "user", None)
    if user is None:
        return JSONResponse({"detail": "Log in om deze pagina te zien."}, status_code=401)
    if user.role not in ROLES:
        return JSONResponse({"detail": "Uw rol geeft geen toegang tot deze pagina."}, 403)
    try:
        data = page_data(RegistryService(session, user), request.query_params.get("ubn", ""))
    except Refused:
        return JSONResponse({"detail": NOT_FOUND}, status_code=404)
    data["history"] = [
        {k: (v.isoformat() if k == "at" else v) for k, v in h.items()}
        for h in data.get("history", [])
    ]
    return JSONResponse(data)


@router.get(PATH, response_class=HTMLResponse)
def consents_page(request: Request, session: DbSession) -> Response:
    """Toestemmingen: wie de gegevens van het bedrijf mag inzien of bewerken."""
    user = page_user(request, ROLES)
    if not isinstance(user, User):
        return user
    try:
        data = page_data(RegistryService(session, user), request.query_params.get("ubn", ""))
    except Refused:
        return _not_found(request)
    return _render(request, data)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post(PATH, response_class=HTMLResponse)
async def grant(request: Request, session: DbSession) -> Response:
    values = await _form(request)
    # the database work in a worker thread: it must never block the event loop
    return await run_in_threadpool(_grant, request, session, values)


def _grant(request: Request, session: Session, values: dict[str, str]) -> Response:
    user = page_user(request, ROLES)
    if not isinstance(user, User):
        return user
    registry = RegistryService(session, user)
    try:
        data = page_data(registry, values.get("ubn", ""))
    except Refused:
        return _not_found(request)
    if data["farm"] is None:
        return _render(request, data, values, {"ubn": "Kies eerst een bedrijf."}, status=422)
    consent, errors = read_consent(data["ubn"], values, data["parties"], registry.today)
    if consent is not None:
        try:
            registry.grant_consent(consent)
            session.commit()
            return _back(data["ubn"], "verleend")
        except ConflictError:
            errors = {"purpose": "Deze adviseur heeft al een toestemming voor dit doel; "
                      "trek die eerst in of kies een ander doel."}  # fmt: skip
        except InputError:
            errors = {"party": "Kies een adviseur uit de lijst."}
        session.rollback()
    return _render(request, data, values, errors, status=422)


@router.post(PATH + "/{consent_id}/intrekken", response_class=HTMLResponse)
async def withdraw(request: Request, session: DbSession, consent_id: ConsentId) -> Response:
    values = await _form(request)
    return await run_in_threadpool(_withdraw, request, session, values, consent_id)


def _withdraw(
    request: Request, session: Session, values: dict[str, str], consent_id: int
) -> Response:
    user = page_user(request, ROLES)
    if not isinstance(user, User):
        return user
    registry = RegistryService(session, user)
    try:
        data = page_data(registry, values.get("ubn", ""))
        if data["farm"] is None:
            raise Refused
        registry.withdraw_consent(data["ubn"], consent_id)
    except (Refused, NotFoundError, Forbidden):
        session.rollback()
        return _not_found(request)
    session.commit()
    return _back(data["ubn"], "ingetrokken")
