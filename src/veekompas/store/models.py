"""SQLAlchemy 2 tables of the registry; only ``store/`` knows them (repositories return domain)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
INTENTS = ("stopper", "blijver", "onbekend")
SUCCESSOR = ("ja", "nee", "onbekend")
SECTORS = ("vleeskalveren", "melkvee", "varkens", "pluimvee", "overig")
DATA_SCOPES = ("inzien", "bewerken")
TOKEN_KINDS = ("api", "session")
ROLES = ("admin", "regio", "gemeente", "adviseur", "boer", "publiek")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_farm_uid() -> str:
    return str(uuid.uuid4())


class FarmRow(Base):
    """A farm; ``farm_uid`` names this farm for its whole lifetime (its audit rows carry it), so a
    UBN registered again after a delete starts a new history."""

    __tablename__ = "farm"

    id: Mapped[int] = mapped_column(primary_key=True)
    ubn: Mapped[str] = mapped_column(String(10), unique=True)
    farm_uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_farm_uid)
    kvk: Mapped[str | None] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(100), index=True)
    sector: Mapped[str] = mapped_column(String(20), index=True, default="overig")
    x_rd: Mapped[float] = mapped_column(Float)
    y_rd: Mapped[float] = mapped_column(Float)
    place: Mapped[str | None] = mapped_column(String(100))
    permitted_nh3_kg_per_year: Mapped[float | None] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    housings: Mapped[list[HousingRow]] = relationship(
        cascade="all, delete-orphan", order_by="HousingRow.id"
    )
    animals: Mapped[list[AnimalGroupRow]] = relationship(
        cascade="all, delete-orphan", order_by="AnimalGroupRow.id"
    )
    crops: Mapped[list[CropRow]] = relationship(cascade="all, delete-orphan", order_by="CropRow.id")
    succession: Mapped[SuccessionRow | None] = relationship(cascade="all, delete-orphan")

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "permitted_nh3_kg_per_year IS NULL OR permitted_nh3_kg_per_year >= 0", name="nh3"
        ),
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint(
            "x_rd BETWEEN 0 AND 300000 AND y_rd BETWEEN 289000 AND 630000", name="rd_new"
        ),
    )


class HousingRow(Base):
    __tablename__ = "housing"

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farm.id", ondelete="CASCADE"), index=True)
    stalsysteem_code: Mapped[str] = mapped_column(String(40))
    animal_category: Mapped[str] = mapped_column(String(80))
    dierplaatsen: Mapped[int] = mapped_column(Integer)
    year_built: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("dierplaatsen >= 0", name="dierplaatsen"),)


class AnimalGroupRow(Base):
    __tablename__ = "animal_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farm.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(Integer)
    counted_on: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (CheckConstraint("count >= 0", name="count"),)


class CropRow(Base):
    __tablename__ = "crop_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farm.id", ondelete="CASCADE"), index=True)
    crop: Mapped[str] = mapped_column(String(80))
    ha: Mapped[float] = mapped_column(Float)
    own_fodder: Mapped[bool] = mapped_column(default=False)
    __table_args__ = (CheckConstraint("ha >= 0", name="ha"),)


class SuccessionRow(Base):
    __tablename__ = "succession"

    farm_id: Mapped[int] = mapped_column(
        ForeignKey("farm.id", ondelete="CASCADE"), primary_key=True
    )
    farmer_birth_year: Mapped[int | None] = mapped_column(Integer)
    successor: Mapped[str] = mapped_column(String(10), default="onbekend")
    intent: Mapped[str] = mapped_column(String(10), default="onbekend", index=True)
    planned_stop_year: Mapped[int | None] = mapped_column(Integer)
    buyout_scheme: Mapped[str | None] = mapped_column(String(80))
    __table_args__ = (
        CheckConstraint(_in("successor", SUCCESSOR), name="successor"),
        CheckConstraint(_in("intent", INTENTS), name="intent"),
    )


class RoleRow(Base):
    __tablename__ = "role"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = mapped_column(String(200))


class UserRow(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(ForeignKey("role.name"))
    municipality: Mapped[str | None] = mapped_column(String(100))
    farm_id: Mapped[int | None] = mapped_column(ForeignKey("farm.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class TokenRow(Base):
    """A bearer token for scripts (kind ``api``) or a web login session (kind ``session``); both
    expire; only the token's sha256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="api", server_default="api")
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (CheckConstraint(_in("kind", TOKEN_KINDS), name="kind"),)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ConsentRow(Base):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    farm_id: Mapped[int] = mapped_column(ForeignKey("farm.id", ondelete="CASCADE"), index=True)
    party_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(200))
    data_scope: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("farm_id", "party_user_id", "purpose", name="farm_party_purpose"),
        CheckConstraint(_in("data_scope", DATA_SCOPES), name="data_scope"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
    )


class AuditRow(Base):
    """One write; rows about a farm (entity ``farm`` or ``consent``) carry the farm's lifetime
    ``farm_uid``, which stays when the farm is deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(40), index=True)
    farm_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
