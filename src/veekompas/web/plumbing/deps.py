"""Request dependencies shared by the routers: one database session per request.

The session is committed when the route function returns, *before* the response is sent
(``scope="function"``): a client that got 200 or 201 can read its write at once, and a commit
that fails turns into an error answer instead of a lost update. Requests that may write (POST,
PUT, PATCH, DELETE) get a write session (:func:`veekompas.store.db.write_session_factory`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_session(request: Request) -> Session:
    """A new session for ``request``: a write session when its method may change data."""
    state = request.app.state
    writes = request.method in UNSAFE_METHODS
    return (state.write_session_factory if writes else state.session_factory)()


def db_session(request: Request) -> Iterator[Session]:
    """A session of the app's registry database; committed before the response is sent."""
    session = request_session(request)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(db_session, scope="function")]
