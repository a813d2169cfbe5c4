"""Consents: a farm lets a party (user) see or edit its registry data for a purpose and period.

Granting and withdrawing are audited like farm edits (entity ``consent``). A party that is not
an adviseur (unknown, or a user of another role) is refused with one and the same message."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from veekompas.domain.users import Consent
from veekompas.errors import InputError
from veekompas.store.farms import ConflictError, NotFoundError
from veekompas.store.models import AuditRow, ConsentRow, FarmRow, UserRow

# The one answer to a party that is not an adviseur: whether such a user exists at all, and with
# which role, is not revealed to the farmer granting the consent.
NO_ADVISEUR = "no adviseur with this username"


class ConsentRepository:
    def __init__(self, session: Session, username: str) -> None:
        self.session = session
        self.username = username

    def _query(self):  # type: ignore[no-untyped-def]
        return (
            select(ConsentRow, FarmRow.ubn, UserRow.username)
            .join(FarmRow, ConsentRow.farm_id == FarmRow.id)
            .join(UserRow, ConsentRow.party_user_id == UserRow.id)
            .order_by(ConsentRow.id)
        )

    @staticmethod
    def _to_domain(row: ConsentRow, ubn: str, party: str) -> Consent:
        return Consent(
            id=row.id,
            farm_ubn=ubn,
            party=party,
            purpose=row.purpose,
            data_scope=row.data_scope,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )

    def for_farm(self, ubn: str) -> list[Consent]:
        rows = self.session.execute(self._query().where(FarmRow.ubn == ubn))
        return [self._to_domain(*r) for r in rows]

    def valid_for_party(self, party: str, on: dt.date) -> dict[str, str]:
        """UBN -> widest data scope (``bewerken`` over ``inzien``) of the party's valid consents."""
        query = self._query().where(
            UserRow.username == party,
            ConsentRow.valid_from <= on,
            (ConsentRow.valid_to.is_(None)) | (ConsentRow.valid_to >= on),
        )
        scopes: dict[str, str] = {}
        for row, ubn, _ in self.session.execute(query):
            if scopes.get(ubn) != "bewerken":
                scopes[ubn] = row.data_scope
        return scopes

    def grant(self, consent: Consent) -> Consent:
        farm_id = self.session.scalar(select(FarmRow.id).where(FarmRow.ubn == consent.farm_ubn))
        if farm_id is None:
            raise NotFoundError(f"ubn: no farm with UBN {consent.farm_ubn!r}")
        party = self.session.scalar(
            select(UserRow).where(UserRow.username == consent.party, UserRow.role == "adviseur")
        )
        if party is None:  # one answer for an unknown user and any other role: nothing leaks
            raise InputError("party", NO_ADVISEUR)
        row = ConsentRow(
            farm_id=farm_id,
            party_user_id=party.id,
            purpose=consent.purpose,
            data_scope=consent.data_scope,
            valid_from=consent.valid_from,
            valid_to=consent.valid_to,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise ConflictError(
                f"purpose: {consent.party} has a consent for {consent.purpose!r} on this farm "
                "already; withdraw it first"
            ) from None
        saved = self._to_domain(row, consent.farm_ubn, consent.party)
        self._audit("create", saved, None, saved)
        return saved

    def get(self, consent_id: int) -> Consent:
        found = self.session.execute(self._query().where(ConsentRow.id == consent_id)).first()
        if found is None:
            raise NotFoundError(f"consent: no consent with id {consent_id}")
        return self._to_domain(*found)

    def withdraw(self, consent_id: int) -> None:
        before = self.get(consent_id)
        self.session.delete(self.session.get(ConsentRow, consent_id))
        self.session.flush()
        self._audit("delete", before, before, None)

    def history(self, ubn: str) -> list[dict]:
        """The consent grants and withdrawals of the farm now registered under ``ubn``, in
        order (audit rows of entity ``consent`` of this farm's lifetime)."""
        farm_uid = self.session.scalar(select(FarmRow.farm_uid).where(FarmRow.ubn == ubn))
        if farm_uid is None:
            return []
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.entity == "consent", AuditRow.farm_uid == farm_uid)
            .order_by(AuditRow.id)
        )
        keys = ("at", "username", "action", "before", "after")
        return [{k: getattr(r, k) for k in keys} for r in rows]

    def _audit(self, action: str, key: Consent, before: Consent | None, after: Consent | None):  # type: ignore[no-untyped-def]
        farm_uid = self.session.scalar(select(FarmRow.farm_uid).where(FarmRow.ubn == key.farm_ubn))
        entry = AuditRow(
            username=self.username,
            action=action,
            entity="consent",
            entity_key=key.farm_ubn,
            farm_uid=farm_uid,
        )
        entry.before = before.model_dump(mode="json") if before else None
        entry.after = after.model_dump(mode="json") if after else None
        self.session.add(entry)
