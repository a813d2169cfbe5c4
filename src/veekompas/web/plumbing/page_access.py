"""Who may open a page: anonymous visitors go to the login page, other roles get a Dutch 403.

The menu (``base.html``) hides what a role may not use; these checks make sure it is not served
either."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from veekompas.domain.users import User
from veekompas.web.plumbing.templating import templates


def page_user(request: Request, roles: tuple[str, ...]) -> User | Response:
    """The logged-in user when its role is one of ``roles``; otherwise the answer to give:
    a redirect to ``/inloggen`` (not logged in) or a 403 page (role not allowed)."""
    user = getattr(request.state, "user", None)
    if user is None:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/inloggen?volgende={target}", status_code=303)
    if user.role not in roles:
        return forbidden(request, roles)
    return user


def forbidden(request: Request, roles: tuple[str, ...]) -> HTMLResponse:
    context = {"roles": roles, "json_url": "/api/v1/auth/me"}
    return templates.TemplateResponse(request, "forbidden.html", context, status_code=403)
