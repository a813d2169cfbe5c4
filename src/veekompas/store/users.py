"""Users, argon2 password hashes and bearer tokens (only the token's sha256 is stored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from veekompas.domain.users import ROLES, User
from veekompas.errors import InputError, unknown_value_message
from veekompas.store.models import AuditRow, FarmRow, TokenRow, UserRow

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200  # as the login form and API accept
MAX_MUNICIPALITY_LENGTH = UserRow.municipality.type.length
# at most 40 characters: a username is also the key of its audit entries (audit_log.entity_key)
MAX_USERNAME_LENGTH = AuditRow.entity_key.type.length
USERNAME_RE = re.compile(rf"^[a-z0-9][a-z0-9._-]{{1,{MAX_USERNAME_LENGTH - 1}}}$")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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

    def create_token(self, username: str, *, session_hours: float | None = None) -> str:
        """A new token for ``username``, shown once and stored only as its sha256: a bearer token
        for scripts, or with ``session_hours`` a web login session that expires."""
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise InputError("username", f"no user {username!r}")
        token = secrets.token_urlsafe(32)
        entry = TokenRow(user_id=row.id, token_sha256=_sha256(token), kind="api")
        if session_hours is not None:
            entry.kind = "session"
            entry.expires_at = _now() + dt.timedelta(hours=session_hours)
        self.session.add(entry)
        self.session.flush()
        if entry.kind == "api":
            self._audit("create", "api_token", username, {"token_id": entry.id})
        return token

    def user_for_token(self, token: str, kind: str = "api") -> User | None:
        """The user of a valid token of ``kind`` (``api`` or ``session``), else None."""
        query = (
            select(UserRow, TokenRow.expires_at)
            .join(TokenRow)
            .where(TokenRow.token_sha256 == _sha256(token), TokenRow.kind == kind)
        )
        found = self.session.execute(query).first()
        if found is None:
            return None
        row, expires_at = found
        if expires_at is not None and _aware(expires_at) <= _now():
            return None
        return self._to_domain(row)

    def revoke_token(self, token: str) -> None:
        self.session.execute(delete(TokenRow).where(TokenRow.token_sha256 == _sha256(token)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
