"""Digests of listed and flagged numbers, for partners' k-anonymous lookups.

Adds ``digest`` (SHA-256 hex of the canonical value) to list entries and decisions, fills it for the
rows already stored, and indexes it. Downgrade drops the columns again.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = (("list_entries", "value"), ("decisions", "number"))


def upgrade() -> None:
    bind = op.get_bind()
    for table, source in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        rows = bind.execute(sa.text(f"SELECT id, {source} FROM {table}")).all()
        for row_id, value in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET digest = :d WHERE id = :i"),
                {"d": hashlib.sha256(value.encode("utf-8")).hexdigest(), "i": row_id},
            )
        op.create_index(op.f(f"ix_{table}_digest"), table, ["digest"], unique=False)


def downgrade() -> None:
    for table, _source in _TABLES:
        op.drop_index(op.f(f"ix_{table}_digest"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("digest")
