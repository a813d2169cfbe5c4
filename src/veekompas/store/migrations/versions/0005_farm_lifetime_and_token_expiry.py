"""farm lifetime identity and token expiry

Every farm gets a ``farm_uid`` (UUID) that its audit rows carry, so a UBN registered again after a
delete does not inherit the deleted farm's history. Existing audit rows of a UBN are split into
lifetimes at each farm ``delete``: the rows after the last delete of a live farm get its uid, each
earlier lifetime (and the last one of a farm that is gone) a uid of its own.

Every token now expires: API tokens issued before this migration get 90 days from the upgrade
(login sessions had an expiry already).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:00:00
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

EXISTING_TOKEN_DAYS = 90

farm = sa.table("farm", sa.column("id", sa.Integer), sa.column("ubn"), sa.column("farm_uid"))
audit = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("entity"),
    sa.column("entity_key"),
    sa.column("action"),
    sa.column("farm_uid"),
)
token = sa.table(
    "api_token", sa.column("kind"), sa.column("expires_at", sa.DateTime(timezone=True))
)


def _new_uid() -> str:
    return str(uuid.uuid4())


def _fill_farm_uids(conn: sa.Connection) -> None:
    live = {ubn: _new_uid() for (ubn,) in conn.execute(sa.select(farm.c.ubn))}
    if live:
        conn.execute(
            sa.update(farm)
            .where(farm.c.ubn == sa.bindparam("key"))
            .values(farm_uid=sa.bindparam("uid")),
            [{"key": ubn, "uid": uid} for ubn, uid in live.items()],
        )
    rows = conn.execute(
        sa.select(audit.c.id, audit.c.entity, audit.c.entity_key, audit.c.action)
        .where(audit.c.entity.in_(("farm", "consent")))
        .order_by(audit.c.id)
    )
    assigned: list[dict] = []
    open_lifetimes: dict[str, list[int]] = {}
    for row_id, entity, ubn, action in rows:
        open_lifetimes.setdefault(ubn, []).append(row_id)
        if entity == "farm" and action == "delete":  # this lifetime ends here
            uid = _new_uid()
            assigned += [{"rid": i, "uid": uid} for i in open_lifetimes.pop(ubn)]
    for ubn, ids in open_lifetimes.items():
        uid = live.get(ubn) or _new_uid()
        assigned += [{"rid": i, "uid": uid} for i in ids]
    if assigned:
        conn.execute(
            sa.update(audit)
            .where(audit.c.id == sa.bindparam("rid"))
            .values(farm_uid=sa.bindparam("uid")),
            assigned,
        )


def upgrade() -> None:
    with op.batch_alter_table("farm", schema=None) as batch_op:
        batch_op.add_column(sa.Column("farm_uid", sa.String(length=36), nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("farm_uid", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_log_farm_uid"), ["farm_uid"], unique=False)

    conn = op.get_bind()
    _fill_farm_uids(conn)
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=EXISTING_TOKEN_DAYS)
    conn.execute(sa.update(token).where(token.c.expires_at.is_(None)).values(expires_at=expiry))

    with op.batch_alter_table("farm", schema=None) as batch_op:
        batch_op.alter_column("farm_uid", existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_farm_farm_uid"), ["farm_uid"])
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.alter_column(
            "expires_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_farm_uid"))
        batch_op.drop_column("farm_uid")
    with op.batch_alter_table("farm", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_farm_farm_uid"), type_="unique")
        batch_op.drop_column("farm_uid")
