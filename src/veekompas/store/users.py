"""Users, argon2 password hashes and bearer tokens (only the token's sha256 is stored)."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from veekompas.domain.users import ROLES, User
from veekompas.errors import InputError, unknown_value_message
from veekompas.store.models import FarmRow, TokenRow, UserRow

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

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
            raise InputError(
                "username", f"{username!r} is not allowed; use 2-80 characters a-z 0-9 . _ -"
            )
        if role not in ROLES:
            raise InputError("role", unknown_value_message("role", role, ROLES))
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError("password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
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
        return self._to_domain(row)

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

    def create_token(self, username: str) -> str:
        """A new bearer token for ``username``; shown once, stored only as its sha256."""
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise InputError("username", f"no user {username!r}")
        token = secrets.token_urlsafe(32)
        self.session.add(TokenRow(user_id=row.id, token_sha256=_sha256(token)))
        self.session.flush()
        return token

    def user_for_token(self, token: str) -> User | None:
        query = select(UserRow).join(TokenRow).where(TokenRow.token_sha256 == _sha256(token))
        row = self.session.scalar(query)
        return self._to_domain(row) if row else None
