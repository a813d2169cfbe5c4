"""Request dependencies shared by the routers: one database session per request."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session


def db_session(request: Request) -> Iterator[Session]:
    """A session of the app's registry database; committed when the request succeeds."""
    session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
