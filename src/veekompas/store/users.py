"""Users, argon2 password hashes and bearer tokens (only the token's sha256 is stored).

Every token expires: an API token after ``days`` (default :data:`API_TOKEN_DAYS`), a login
session after its hours. :meth:`UserRepository.revoke` withdraws a user's tokens at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from veekompas.domain.users import ROLES, User
from veekompas.errors import InputError, unknown_value_message
from veekompas.store.models import AuditRow, FarmRow, TokenRow, UserRow

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
API_TOKEN_DAYS = 90
MAX_API_TOKEN_DAYS = 3650
MAX_PASSWORD_LENGTH = 200  # as the login form and API accept
MAX_MUNICIPALITY_LENGTH = UserRow.municipality.type.length
# at most 40 characters: a username is also the key of its audit entries (audit_log.entity_key)
MAX_USERNAME_LENGTH = AuditRow.entity_key.type.length
USERNAME_RE = re.compile(rf"^[a-z0-9][a-z0-9._-]{{1,{MAX_USERNAME_LENGTH - 1}}}$")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class IssuedToken(NamedTuple):
    """A new token: the secret (shown once), its id (to revoke it) and when it expires."""

    token: str
    id: int
    expires_at: dt.datetime


class TokenInfo(NamedTuple):
    """A stored token without its secret."""

    id: int
    kind: str
    created_at: dt.datetime
    expires_at: dt.datetime


class UserRepository:
    """Users and their tokens; ``actor`` (who acts) is written to the audit log for every new
    user and every new bearer token (never the token itself)."""

    def __init__(self, session: Session, actor: str = "system") -> None:
        self.session = session
        self.actor = actor

    def _audit(self, action: str, entity: str, username: str, after: dict | None) -> None:
        self.session.add(
            AuditRow(
                username=self.actor,
                action=action,
                entity=entity,
                entity_key=username,
                before=None,
                after=after,
            )
        )

    def _to_domain(self, row: UserRow) -> User:
        ubn = self.session.get(FarmRow, row.farm_id).ubn if row.farm_id else None
        return User(
            username=row.username, role=row.role, municipality=row.municipality, farm_ubn=ubn
        )

    def add(
        self,
        username: str,
        password: str,
        role: str,
        municipality: str | None = None,
        farm_ubn: str | None = None,
    ) -> User:
        """Create a user; the role decides which scope (municipality or farm) is required."""
        if not USERNAME_RE.match(username):
            allowed = f"use 2-{MAX_USERNAME_LENGTH} characters a-z 0-9 . _ -"
            raise InputError("username", f"{username!r} is not allowed; {allowed}")
        if role not in ROLES:
            raise InputError("role", unknown_value_message("role", role, ROLES))
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError("password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
        if len(password) > MAX_PASSWORD_LENGTH:
            raise InputError("password", f"has at most {MAX_PASSWORD_LENGTH} characters")
        if municipality is not None and len(municipality) > MAX_MUNICIPALITY_LENGTH:
            raise InputError("municipality", f"at most {MAX_MUNICIPALITY_LENGTH} characters")
        if role == "gemeente" and not municipality:
            raise InputError("municipality", "is required for role gemeente")
        farm_id = None
        if role == "boer":
            if not farm_ubn:
                raise InputError("farm", "is required for role boer (the farm's UBN)")
            farm_id = self.session.scalar(select(FarmRow.id).where(FarmRow.ubn == farm_ubn))
            if farm_id is None:
                raise InputError("farm", f"no farm with UBN {farm_ubn!r} in the registry")
        if self.session.scalar(select(UserRow.id).where(UserRow.username == username)):
            raise InputError("username", f"{username!r} exists already")
        row = UserRow(
            username=username,
            password_hash=_hasher.hash(password),
            role=role,
            municipality=municipality if role == "gemeente" else None,
            farm_id=farm_id,
        )
        self.session.add(row)
        self.session.flush()
        user = self._to_domain(row)
        self._audit("create", "user", username, user.model_dump(mode="json"))
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            _hasher.hash(password)  # same work as a real check: no timing hint about usernames
            return None
        try:
            _hasher.verify(row.password_hash, password)
        except VerificationError:
            return None
        return self._to_domain(row)

    def list(self) -> list[User]:
        rows = self.session.scalars(select(UserRow).order_by(UserRow.username))
        return [self._to_domain(r) for r in rows]

    def get(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return self._to_domain(row) if row else None

    def _user_row(self, username: str) -> UserRow:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise InputError("username", f"no user {username!r}")
        return row

    def issue_token(
        self, username: str, *, days: int = API_TOKEN_DAYS, session_hours: float | None = None
    ) -> IssuedToken:
        """A new token for ``username``, shown once and stored only as its sha256: a bearer token
        for scripts valid ``days`` days, or with ``session_hours`` a web login session. The
        user's expired tokens are removed on the way."""
        if session_hours is None and not 1 <= days <= MAX_API_TOKEN_DAYS:
            raise InputError("days", f"{days} is out of range; allowed 1 to {MAX_API_TOKEN_DAYS}")
        row = self._user_row(username)
        now = _now()
        self.session.execute(
            delete(TokenRow).where(TokenRow.user_id == row.id, TokenRow.expires_at <= now)
        )
        token = secrets.token_urlsafe(32)
        kind = "api" if session_hours is None else "session"
        lifetime = dt.timedelta(days=days) if kind == "api" else dt.timedelta(hours=session_hours)
        entry = TokenRow(
            user_id=row.id, token_sha256=_sha256(token), kind=kind, expires_at=now + lifetime
        )
        self.session.add(entry)
        self.session.flush()
        if kind == "api":
            after = {"token_id": entry.id, "expires_at": entry.expires_at.isoformat()}
            self._audit("create", "api_token", username, after)
        return IssuedToken(token, entry.id, entry.expires_at)

    def create_token(
        self, username: str, *, days: int = API_TOKEN_DAYS, session_hours: float | None = None
    ) -> str:
        """:meth:`issue_token`'s secret alone."""
        return self.issue_token(username, days=days, session_hours=session_hours).token

    def tokens(self, username: str) -> list[TokenInfo]:
        """The user's tokens that have not expired (API tokens and login sessions), oldest first."""
        row = self._user_row(username)
        query = (
            select(TokenRow)
            .where(TokenRow.user_id == row.id, TokenRow.expires_at > _now())
            .order_by(TokenRow.id)
        )
        return [
            TokenInfo(t.id, t.kind, _aware(t.created_at), _aware(t.expires_at))
            for t in self.session.scalars(query)
        ]

    def revoke(
        self, username: str, *, token_id: int | None = None, sessions: bool = True
    ) -> dict[str, int]:
        """Withdraw the user's API tokens and, with ``sessions``, login sessions; or only the
        token ``token_id``. They stop working at once. Audited (action ``revoke``); returns how
        many of each kind were withdrawn."""
        row = self._user_row(username)
        query = select(TokenRow).where(TokenRow.user_id == row.id)
        if token_id is not None:
            query = query.where(TokenRow.id == token_id)
        elif not sessions:
            query = query.where(TokenRow.kind == "api")
        found = list(self.session.scalars(query))
        if token_id is not None and not found:
            raise InputError("token", f"user {username!r} has no token with id {token_id}")
        counts = {"api": 0, "session": 0}
        for entry in found:
            counts[entry.kind] += 1
        self.session.execute(delete(TokenRow).where(TokenRow.id.in_([t.id for t in found])))
        api_ids = sorted(t.id for t in found if t.kind == "api")
        after = {"api_token_ids": api_ids, "sessions": counts["session"]}
        self._audit("revoke", "api_token", username, after)
        return counts

    def user_for_token(self, token: str, kind: str = "api") -> User | None:
        """The user of a valid token of ``kind`` (``api`` or ``session``), else None."""
        # one light query on every request: columns only (no ORM entities), the farm joined
        query = (
            select(
                UserRow.username,
                UserRow.role,
                UserRow.municipality,
                FarmRow.ubn,
                TokenRow.expires_at,
            )
            .join(TokenRow, TokenRow.user_id == UserRow.id)
            .outerjoin(FarmRow, FarmRow.id == UserRow.farm_id)
            .where(TokenRow.token_sha256 == _sha256(token), TokenRow.kind == kind)
        )
        found = self.session.execute(query).first()
        if found is None:
            return None
        username, role, municipality, ubn, expires_at = found
        if expires_at is not None and _aware(expires_at) <= _now():
            return None
        return User(username=username, role=role, municipality=municipality, farm_ubn=ubn)

    def revoke_token(self, token: str) -> None:
        self.session.execute(delete(TokenRow).where(TokenRow.token_sha256 == _sha256(token)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
